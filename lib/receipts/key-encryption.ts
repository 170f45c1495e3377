// Encryption at rest of the workspace's private signing keys: AES-256-GCM under a key derived (HKDF)
// from the auth secret, which lives outside the database (BETTER_AUTH_SECRET or .data/auth-secret).
// A database dump alone can't sign certificates.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { resolveAuthSecret } from "../auth/secret";

const VERSION = "v1";

function encryptionKey(workspaceId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", resolveAuthSecret(), "people-admin erasure signing key", workspaceId, 32));
}

// "v1.<iv>.<tag>.<ciphertext>", base64url parts; the workspace id is bound in as associated data.
export function encryptPrivateKey(workspaceId: string, pkcs8: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(workspaceId), iv);
  cipher.setAAD(Buffer.from(workspaceId));
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

// The PKCS#8 bytes, or null when the stored value can't be decrypted (the auth secret changed).
export function decryptPrivateKey(workspaceId: string, stored: string): Buffer | null {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", encryptionKey(workspaceId), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(workspaceId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
  } catch {
    return null;
  }
}
