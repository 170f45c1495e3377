// Settings → Workspace: the key that signs certificates of erasure (public half only) and its rotation.
import { KEYS_PATH } from "@/lib/receipts/certificate-document";
import { listPublishedKeys } from "@/lib/receipts/signing-keys";
import { formatDateTime } from "@/lib/ui/format";
import { RotateSigningKeyButton } from "./rotate-signing-key-button";

export async function SigningKeyPanel({ workspaceId }: { workspaceId: string }) {
  const keys = await listPublishedKeys({ workspaceId });
  const active = keys.find((key) => !key.retired_at);
  return (
    <section aria-labelledby="signing-key-heading" className="mt-6 max-w-3xl rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="signing-key-heading" className="mb-3 text-base font-semibold text-slate-900">Certificate signing key</h2>
      <p className="mb-3 text-sm text-slate-600">
        Certificates of erasure are signed with this Ed25519 key; its private half never leaves the server. Anyone can check them
        on <a href="/receipts/verify" className="text-indigo-700 hover:underline">/receipts/verify</a> against the keys published at{" "}
        <a href={KEYS_PATH} className="text-indigo-700 hover:underline">{KEYS_PATH}</a> (retired keys stay there).
      </p>
      {active ? (
        <dl className="mb-3 grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">Key id</dt>
          <dd><code aria-label="Signing key id">{active.kid}</code></dd>
          <dt className="text-slate-500">Public key</dt>
          <dd><code className="break-all" aria-label="Signing public key">{active.x}</code> <span className="text-slate-500">(raw, base64url)</span></dd>
          <dt className="text-slate-500">Since</dt>
          <dd>{formatDateTime(active.created_at)}</dd>
        </dl>
      ) : (
        <p className="mb-3 text-sm text-slate-600">No key yet: one is made when the first certificate is issued.</p>
      )}
      {keys.length > 1 ? <p className="mb-3 text-sm text-slate-600">{keys.length - 1} retired {keys.length === 2 ? "key" : "keys"} still published.</p> : null}
      <RotateSigningKeyButton />
    </section>
  );
}
