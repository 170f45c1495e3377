// A published key set (/.well-known/erasure-keys.json) as a verifier reads it from a source it chose:
// checked before use, so a wrong file or page is a clear error rather than "unknown key".
import { z } from "zod";
import type { VerificationKey } from "./verify";

const timestamp = z.iso.datetime({ precision: 3 });

const keySetSchema = z.object({
  keys: z.array(
    z.object({
      kty: z.literal("OKP"),
      crv: z.literal("Ed25519"),
      kid: z.string().min(1),
      x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "not a 32-byte Ed25519 public key"),
      workspace: z.string().min(1),
      // Key sets from before revocation existed carry no revoked_at: nothing was revoked.
      retired_at: timestamp.nullable().default(null),
      revoked_at: timestamp.nullable().default(null),
    }),
  ),
});

// The keys of a parsed key set document, or why it isn't one.
export function parseKeySet(document: unknown): { ok: true; keys: VerificationKey[] } | { ok: false; reason: string } {
  const parsed = keySetSchema.safeParse(document);
  if (parsed.success) return { ok: true, keys: parsed.data.keys };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${issue?.path.join(".") || "the document"}: ${issue?.message ?? "not a key set"}` };
}
