// Certificates made the way a forger, or a thief holding a real key, would make them: any document,
// signed with any Ed25519 key. Tests and `npm run verify` use them to show verification refuses them.
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { CERTIFICATE_TYPE, CERTIFICATE_VERSION, KEYS_PATH, SIGNATURE_ALGORITHM, type CertificateDocument, type PublishedKey } from "../receipts/certificate-document";
import { signCertificate } from "../receipts/sign-certificate";

export type TestKey = { id: string; privateKey: KeyObject; published: PublishedKey };

// A fresh key pair and its published form, for `workspace`, with the lifetime given.
export function newTestKey(options: { workspace: string; createdAt?: Date; retiredAt?: Date | null; revokedAt?: Date | null }): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x as string;
  const id = `ek_${createHash("sha256").update(Buffer.from(x, "base64url")).digest("hex").slice(0, 20)}`;
  return {
    id,
    privateKey,
    published: {
      kty: "OKP",
      crv: "Ed25519",
      alg: "EdDSA",
      use: "sig",
      kid: id,
      x,
      workspace: options.workspace,
      created_at: (options.createdAt ?? new Date(Date.now() - 86_400_000)).toISOString(),
      retired_at: options.retiredAt?.toISOString() ?? null,
      revoked_at: options.revokedAt?.toISOString() ?? null,
    },
  };
}

// A plausible certificate of erasure ("1,000,000 people deleted" by default), naming `keyId`.
export function forgedCertificate(options: { keyId: string; workspaceId: string; issuedAt?: Date; keysUrl?: string; peopleDeleted?: number; receiptId?: string }): CertificateDocument {
  const issuedAt = (options.issuedAt ?? new Date()).toISOString();
  const deleted = options.peopleDeleted ?? 1_000_000;
  return {
    type: CERTIFICATE_TYPE,
    version: CERTIFICATE_VERSION,
    receiptId: options.receiptId ?? "rcpt_aaaaaaaaaaaaaaaaaaaa",
    workspace: { id: options.workspaceId, name: "Forged workspace" },
    erasedAt: issuedAt,
    issuedAt,
    actor: { type: "system", id: null, label: "System" },
    request: { kind: "bulk_job", suppress: true, status: "completed" },
    people: { deleted },
    removed: {
      profiles: deleted,
      attributes: "all attributes of each deleted profile, and the attribute snapshots in its activity",
      segmentMemberships: "all memberships of each deleted profile",
      earlierDeletedProfilesForgotten: 0,
    },
    kept: { activities: "forgotten: each profile's data keys destroyed, rows kept with type and time only, shown as forgotten (anonymous)" },
    identifiers: { suppressed: true, listed: false, items: [], keyedHashAlgorithm: "HMAC-SHA-256(workspace secret, kind + ':' + normalized value)" },
    signing: { algorithm: SIGNATURE_ALGORITHM, keyId: options.keyId, keysUrl: options.keysUrl ?? `https://forger.example${KEYS_PATH}` },
  };
}

// `document` signed with `key` (which must be the key it names): the envelope's canonical text.
export function signedWith(document: CertificateDocument, key: { id: string; privateKey: KeyObject }): string {
  return signCertificate(document, key);
}

// The text of a signed certificate with one more member put first in the certificate object: what
// JSON.parse drops (it keeps the later one) and a reader sees first.
export function withLeadingMember(text: string, member: string): string {
  const opening = '{"certificate":{';
  if (!text.startsWith(opening)) throw new Error("not a certificate's canonical text");
  return `${opening}${member},${text.slice(opening.length)}`;
}
