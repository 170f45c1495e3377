// Settings → Workspace: the key that signs certificates of erasure (public half only) and its rotation.
import Link from "next/link";
import { Input } from "@/components/ui/input";
import { Section } from "@/components/ui/section";
import { KEYS_PATH } from "@/lib/receipts/certificate-document";
import { getActiveSigningKey, listPublishedKeys } from "@/lib/receipts/signing-keys";
import { formatDateTime } from "@/lib/ui/format";
import { RotateSigningKeyButton } from "./rotate-signing-key-button";

export async function SigningKeyPanel({ workspaceId }: { workspaceId: string }) {
  // Made now if no certificate has been issued yet, so the key is there to publish and compare.
  await getActiveSigningKey(workspaceId);
  const keys = await listPublishedKeys({ workspaceId });
  const active = keys.find((key) => !key.retired_at);
  return (
    <Section title="Certificate signing key" className="mt-6 max-w-3xl">
      <p className="mb-3 text-sm text-slate-600">
        Certificates of erasure are signed with this Ed25519 key; its private half never leaves the server. Anyone can check them
        on <Link href="/receipts/verify" className="text-indigo-700 hover:underline">/receipts/verify</Link> against the keys published at{" "}
        <a href={KEYS_PATH} className="text-indigo-700 hover:underline">{KEYS_PATH}</a> (retired keys stay there).
      </p>
      {active ? (
        <div className="mb-3 flex flex-col gap-3 text-sm">
          <div className="flex flex-col gap-1">
            <label htmlFor="signing-key-id" className="font-medium text-slate-700">Signing key id (since {formatDateTime(active.created_at)})</label>
            <Input id="signing-key-id" readOnly value={active.kid} className="w-80 font-mono" />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="signing-public-key" className="font-medium text-slate-700">Public key (Ed25519, raw, base64url)</label>
            <Input id="signing-public-key" readOnly value={active.x} className="w-full font-mono" />
          </div>
        </div>
      ) : null}
      {keys.length > 1 ? <p className="mb-3 text-sm text-slate-600">{keys.length - 1} retired {keys.length === 2 ? "key" : "keys"} still published.</p> : null}
      <RotateSigningKeyButton />
    </Section>
  );
}
