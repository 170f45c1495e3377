// Verifying a certificate of erasure against keys the verifier chose: no database, no session, so the
// CLI (scripts/verify-receipt.ts), the public page and the tests all run exactly this. Nothing the
// document says about where its keys are is ever used: a forger can name keys of their own.
import { createPublicKey, verify as verifySignature } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { SIGNATURE_ALGORITHM, type PublishedKey } from "./certificate-document";
import { parseStrictJson } from "./strict-json";

// What a verifier needs of a published key: the key, whose it is, and when it stopped counting.
export type VerificationKey = Pick<PublishedKey, "kid" | "x" | "workspace" | "retired_at" | "revoked_at">;

export type VerificationResult =
  | { status: "valid"; receiptId: string; keyId: string; issuedAt: string; workspaceId: string }
  // A genuine signature by a key revoked (it leaked) at or before the certificate's date.
  | { status: "revoked"; receiptId: string; keyId: string; issuedAt: string; revokedAt: string }
  // A genuine signature by a key dated at or after the key was retired: a retired key signs nothing new.
  | { status: "key_retired"; keyId: string; issuedAt: string; retiredAt: string }
  // The key is another workspace's than the one the certificate names.
  | { status: "wrong_workspace"; keyId: string; keyWorkspace: string; certificateWorkspace: string }
  // Parsed, names a known key, and the signature doesn't match: something was changed.
  | { status: "tampered"; reason: string }
  | { status: "unknown_key"; keyId: string }
  // Not exactly the signed text: a duplicate member (two readings), or reformatted.
  | { status: "not_canonical"; reason: string }
  // Not a certificate at all (not JSON, fields missing).
  | { status: "malformed"; reason: string };

const BASE64URL_64_BYTES = /^[A-Za-z0-9_-]{86}$/;
// The form Date#toISOString writes, which is what certificates and key sets carry.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isTimestamp(value: unknown): value is string {
  return typeof value === "string" && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

// At or after: a certificate dated at the very moment of revocation or retirement doesn't count.
function atOrAfter(issuedAt: string, limit: string | null): limit is string {
  return limit !== null && Date.parse(issuedAt) >= Date.parse(limit);
}

// Checks `text`, the certificate exactly as issued (canonical JSON; surrounding whitespace aside),
// against `keys`, which the caller chose: this server's own, or a key set the verifier named.
export function verifyCertificateText(text: string, keys: readonly VerificationKey[]): VerificationResult {
  const parsed = parseStrictJson(text.trim());
  if (!parsed.ok) {
    if (parsed.problem === "duplicate") {
      return { status: "not_canonical", reason: `the member ${parsed.path} appears twice, so the text can be read two ways; only the certificate exactly as issued verifies` };
    }
    return { status: "malformed", reason: `not JSON (${parsed.reason})` };
  }
  const envelope = parsed.value;
  if (!isObject(envelope) || !isObject(envelope.certificate) || !isObject(envelope.signature)) {
    return { status: "malformed", reason: "expected { certificate, signature }" };
  }
  const { certificate, signature } = envelope;
  const keyId = signature.keyId;
  if (typeof keyId !== "string" || typeof signature.value !== "string") return { status: "malformed", reason: "signature.keyId and signature.value are required" };
  // Numbers and strings have several spellings (1 and 1.0000000000000000001, "\u0041" and "A"); the
  // signature covers one, and only that one is what the verdict is about.
  let canonical: string;
  try {
    canonical = canonicalJson(envelope);
  } catch {
    return { status: "malformed", reason: "not a JSON document" };
  }
  if (text.trim() !== canonical) {
    return { status: "not_canonical", reason: "the text is not the canonical JSON that was signed (reformatted, reordered or re-encoded); verify the certificate file exactly as issued" };
  }
  if (signature.algorithm !== SIGNATURE_ALGORITHM) return { status: "tampered", reason: "signature algorithm is not Ed25519" };
  const key = keys.find((k) => k.kid === keyId);
  if (!key) return { status: "unknown_key", keyId };
  const signing = certificate.signing;
  if (!isObject(signing) || signing.keyId !== keyId) return { status: "tampered", reason: "the certificate names another key than its signature" };
  const workspaceId = isObject(certificate.workspace) ? certificate.workspace.id : undefined;
  if (typeof workspaceId !== "string") return { status: "malformed", reason: "certificate.workspace.id is required" };
  if (key.workspace !== workspaceId) return { status: "wrong_workspace", keyId, keyWorkspace: key.workspace, certificateWorkspace: workspaceId };
  // Only the canonical encoding counts: base64 can spell the same bytes several ways (unused bits).
  if (!BASE64URL_64_BYTES.test(signature.value)) return { status: "tampered", reason: "signature is not 64 bytes of base64url" };
  const bytes = Buffer.from(signature.value, "base64url");
  if (bytes.toString("base64url") !== signature.value) return { status: "tampered", reason: "signature is not canonical base64url" };
  let publicKey;
  try {
    publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.x }, format: "jwk" });
  } catch {
    return { status: "unknown_key", keyId };
  }
  if (!verifySignature(null, Buffer.from(canonicalJson(certificate), "utf8"), publicKey, bytes)) {
    return { status: "tampered", reason: "the signature does not match the certificate" };
  }
  const receiptId = typeof certificate.receiptId === "string" ? certificate.receiptId : "";
  const issuedAt = certificate.issuedAt;
  if (!isTimestamp(issuedAt)) return { status: "malformed", reason: "certificate.issuedAt is not a timestamp" };
  if (atOrAfter(issuedAt, key.revoked_at)) return { status: "revoked", receiptId, keyId, issuedAt, revokedAt: key.revoked_at };
  if (atOrAfter(issuedAt, key.retired_at)) return { status: "key_retired", keyId, issuedAt, retiredAt: key.retired_at };
  return { status: "valid", receiptId, keyId, issuedAt, workspaceId };
}

// The verdict in one line, for the CLI and the page.
export function describeVerification(result: VerificationResult): string {
  switch (result.status) {
    case "valid":
      return `valid: receipt ${result.receiptId} of workspace ${result.workspaceId}, signed by key ${result.keyId}, issued ${result.issuedAt}`;
    case "revoked":
      return `revoked: key ${result.keyId} was revoked at ${result.revokedAt} (it leaked); this certificate is dated ${result.issuedAt}, at or after that, so it proves nothing`;
    case "key_retired":
      return `not valid: key ${result.keyId} was retired at ${result.retiredAt} and signs nothing dated after that; this certificate is dated ${result.issuedAt}`;
    case "wrong_workspace":
      return `not valid: key ${result.keyId} belongs to workspace ${result.keyWorkspace}, but the certificate names workspace ${result.certificateWorkspace}`;
    case "tampered":
      return `tampered: ${result.reason}`;
    case "unknown_key":
      return `unknown key: ${result.keyId} is not among the keys checked against`;
    case "not_canonical":
      return `not the signed text: ${result.reason}`;
    case "malformed":
      return `not a certificate: ${result.reason}`;
  }
}
