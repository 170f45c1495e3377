// Verifying a certificate of erasure against published keys: no database, no session, so the CLI
// (scripts/verify-receipt.ts), the public page and the tests all run exactly this.
import { createPublicKey, verify as verifySignature } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { SIGNATURE_ALGORITHM, type PublishedKey } from "./certificate-document";

export type VerificationResult =
  | { status: "valid"; receiptId: string; keyId: string; issuedAt: string }
  // Parsed, names a known key, and the signature doesn't match: something was changed.
  | { status: "tampered"; reason: string }
  | { status: "unknown_key"; keyId: string }
  // Not a certificate at all (not JSON, fields missing).
  | { status: "malformed"; reason: string };

const BASE64URL_64_BYTES = /^[A-Za-z0-9_-]{86}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Checks `text` (the certificate as handed out, or re-serialized) against `keys`.
export function verifyCertificateText(text: string, keys: readonly Pick<PublishedKey, "kid" | "x">[]): VerificationResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: "malformed", reason: "not JSON" };
  }
  if (!isObject(parsed) || !isObject(parsed.certificate) || !isObject(parsed.signature)) {
    return { status: "malformed", reason: "expected { certificate, signature }" };
  }
  const { certificate, signature } = parsed as { certificate: Record<string, unknown>; signature: Record<string, unknown> };
  const keyId = signature.keyId;
  if (typeof keyId !== "string" || typeof signature.value !== "string") return { status: "malformed", reason: "signature.keyId and signature.value are required" };
  if (signature.algorithm !== SIGNATURE_ALGORITHM) return { status: "tampered", reason: "signature algorithm is not Ed25519" };
  const key = keys.find((k) => k.kid === keyId);
  if (!key) return { status: "unknown_key", keyId };
  const signing = certificate.signing;
  if (!isObject(signing) || signing.keyId !== keyId) return { status: "tampered", reason: "the certificate names another key than its signature" };
  // Only the canonical encoding counts: base64 can spell the same bytes several ways (unused bits).
  if (!BASE64URL_64_BYTES.test(signature.value)) return { status: "tampered", reason: "signature is not 64 bytes of base64url" };
  const bytes = Buffer.from(signature.value, "base64url");
  if (bytes.toString("base64url") !== signature.value) return { status: "tampered", reason: "signature is not canonical base64url" };
  let data: Buffer;
  try {
    data = Buffer.from(canonicalJson(certificate), "utf8");
  } catch {
    return { status: "tampered", reason: "the certificate is not canonical JSON" };
  }
  const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.x }, format: "jwk" });
  if (!verifySignature(null, data, publicKey, bytes)) return { status: "tampered", reason: "the signature does not match the certificate" };
  const receiptId = typeof certificate.receiptId === "string" ? certificate.receiptId : "";
  const issuedAt = typeof certificate.issuedAt === "string" ? certificate.issuedAt : "";
  return { status: "valid", receiptId, keyId, issuedAt };
}

// The verdict in one line, for the CLI and the page.
export function describeVerification(result: VerificationResult): string {
  switch (result.status) {
    case "valid":
      return `valid: receipt ${result.receiptId}, signed by key ${result.keyId}, issued ${result.issuedAt}`;
    case "tampered":
      return `tampered: ${result.reason}`;
    case "unknown_key":
      return `unknown key: ${result.keyId} is not among the published keys`;
    case "malformed":
      return `not a certificate: ${result.reason}`;
  }
}
