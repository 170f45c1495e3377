// Settings → Workspace: the keys that sign certificates of erasure (public halves only), their state,
// rotation and revocation, and any key the server had to replace on its own.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Section } from "@/components/ui/section";
import { KEYS_PATH } from "@/lib/receipts/certificate-document";
import { getActiveSigningKey, listSigningKeys, type SigningKeySummary } from "@/lib/receipts/signing-keys";
import { formatCount, formatDateTime } from "@/lib/ui/format";
import { RevokeSigningKeyButton } from "./revoke-signing-key-button";
import { RotateSigningKeyButton } from "./rotate-signing-key-button";

function KeyState({ signingKey }: { signingKey: SigningKeySummary }) {
  if (signingKey.revokedAt) return <Badge tone="danger">Revoked {formatDateTime(signingKey.revokedAt)}</Badge>;
  if (!signingKey.retiredAt) return <Badge tone="success">Active</Badge>;
  const why = { rotated: "rotated", undecryptable: "replaced automatically: could not be decrypted", revoked: "revoked" } as const;
  return (
    <Badge tone={signingKey.retiredReason === "undecryptable" ? "warning" : "neutral"}>
      Retired {formatDateTime(signingKey.retiredAt)}
      {signingKey.retiredReason ? ` (${why[signingKey.retiredReason]})` : ""}
    </Badge>
  );
}

export async function SigningKeyPanel({ workspaceId }: { workspaceId: string }) {
  // Made now if no certificate has been issued yet (or replaced, audited, if it can't be decrypted),
  // so the key is there to publish and compare.
  await getActiveSigningKey(workspaceId);
  const keys = await listSigningKeys(workspaceId);
  const active = keys.find((key) => !key.retiredAt && !key.revokedAt);
  const replaced = keys.filter((key) => key.retiredReason === "undecryptable" && !key.revokedAt);
  return (
    <Section title="Certificate signing keys" className="mt-6 max-w-3xl">
      <p className="mb-3 text-sm text-slate-600">
        Certificates of erasure are signed with the active Ed25519 key; private halves never leave the server. Anyone can check them on{" "}
        <Link href="/receipts/verify" className="text-indigo-700 hover:underline">/receipts/verify</Link> against the keys published at{" "}
        <a href={KEYS_PATH} className="text-indigo-700 hover:underline">{KEYS_PATH}</a>. A retired key still verifies what it signed before
        it was retired; a revoked key verifies nothing dated from its revocation on. Revoke a key that leaked: whoever holds it could sign
        certificates dated later.
      </p>
      {replaced.map((key) => (
        <p key={key.id} className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          On {formatDateTime(key.retiredAt)} key <code>{key.id}</code> could not be decrypted (did <code>BETTER_AUTH_SECRET</code> change?)
          and was replaced automatically; the audit log has the entry. What it signed before still verifies. If the secret did not change
          on purpose, revoke it.
        </p>
      ))}
      {active ? (
        <div className="mb-3 flex flex-col gap-3 text-sm">
          <div className="flex flex-col gap-1">
            <label htmlFor="signing-key-id" className="font-medium text-slate-700">Signing key id (since {formatDateTime(active.createdAt)})</label>
            <Input id="signing-key-id" readOnly value={active.id} className="w-80 font-mono" />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="signing-public-key" className="font-medium text-slate-700">Public key (Ed25519, raw, base64url)</label>
            <Input id="signing-public-key" readOnly value={active.publicKey} className="w-full font-mono" />
          </div>
        </div>
      ) : null}
      <table aria-label="Signing keys" className="mb-3 w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-2 py-2">Key id</th>
            <th scope="col" className="px-2 py-2">Created</th>
            <th scope="col" className="px-2 py-2">State</th>
            <th scope="col" className="px-2 py-2 text-right">Certificates</th>
            <th scope="col" className="px-2 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr key={key.id}>
              <td className="px-2 py-2 font-mono text-xs">{key.id}</td>
              <td className="px-2 py-2 whitespace-nowrap">{formatDateTime(key.createdAt)}</td>
              <td className="px-2 py-2"><KeyState signingKey={key} /></td>
              <td className="px-2 py-2 text-right">{formatCount(key.certificates)}</td>
              <td className="px-2 py-2 text-right">{key.revokedAt ? null : <RevokeSigningKeyButton keyId={key.id} isActive={key === active} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <RotateSigningKeyButton />
    </Section>
  );
}
