// Endpoint signing secrets: `whsec_` + 32 random bytes in base64 (the Standard Webhooks form), shown
// to the admin once and stored encrypted (AES-256-GCM under a key derived from the auth secret, which
// lives outside the database), like the certificate signing keys.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { resolveAuthSecret } from "../auth/secret";

const VERSION = "v1";

export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

function encryptionKey(endpointId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", resolveAuthSecret(), "people-admin webhook signing secret", endpointId, 32));
}

// "v1.<iv>.<tag>.<ciphertext>", bound to the endpoint's id.
export function encryptSecret(endpointId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(endpointId), iv);
  cipher.setAAD(Buffer.from(endpointId));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

// The secret, or null when it can't be decrypted (the auth secret changed).
export function decryptSecret(endpointId: string, stored: string): string | null {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", encryptionKey(endpointId), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(endpointId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
