// Signing a certificate: Ed25519 over its canonical JSON, wrapped with the signature into the envelope
// that is handed out (itself canonical JSON, so every byte of it matters).
import { sign, type KeyObject } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { SIGNATURE_ALGORITHM, type CertificateDocument, type SignedCertificate } from "./certificate-document";

// The envelope's text. The certificate must already name `keyId` in its signing block.
export function signCertificate(certificate: CertificateDocument, key: { id: string; privateKey: KeyObject }): string {
  if (certificate.signing.keyId !== key.id) throw new Error("the certificate names another signing key");
  const value = sign(null, Buffer.from(canonicalJson(certificate), "utf8"), key.privateKey).toString("base64url");
  const envelope: SignedCertificate = { certificate, signature: { algorithm: SIGNATURE_ALGORITHM, keyId: key.id, value } };
  return canonicalJson(envelope);
}
