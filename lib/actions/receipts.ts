"use server";
// Server Actions of certificates: the public verify page (no session: anyone may check a
// certificate against this server's published keys, so it talks to no pipeline) and the admin's key
// rotation and revocation in Settings (through the action pipeline).
import { z } from "zod";
import { formAction, serverAction } from "./pipeline";
import { listPublishedKeys, revokeSigningKey, rotateSigningKey } from "../receipts/signing-keys";
import { describeVerification, verifyCertificateText, type VerificationResult } from "../receipts/verify";

// Certificates of inline deletions list at most a few thousand hashes: far below this.
const MAX_CERTIFICATE_CHARS = 500_000;

export type VerifyState = { status: "idle" } | { status: "invalid"; message: string } | { status: VerificationResult["status"]; message: string };

const verifySchema = z.object({
  certificate: z.string().trim().min(1, "Paste a certificate (its JSON).").max(MAX_CERTIFICATE_CHARS, "That is too long to be a certificate."),
});

// Checks a pasted certificate against this server's published keys, never keys the document names.
// No sign-in, nothing stored.
export async function verifyCertificateAction(_previous: VerifyState, formData: FormData): Promise<VerifyState> {
  const parsed = verifySchema.safeParse({ certificate: formData.get("certificate") ?? "" });
  if (!parsed.success) return { status: "invalid", message: parsed.error.issues[0]?.message ?? "Paste a certificate." };
  const result = verifyCertificateText(parsed.data.certificate, await listPublishedKeys());
  return { status: result.status, message: describeVerification(result) };
}

// Makes a new signing key; the old one stays published so what it signed still verifies.
export const rotateSigningKeyAction = serverAction({
  role: "admin",
  input: z.undefined(),
  revalidate: ["/settings/workspace"],
  run: async ({ workspace, actor }) => {
    const { keyId } = await rotateSigningKey({ workspaceId: workspace.id, actor });
    return { ok: true, message: `New signing key ${keyId}. Earlier certificates still verify with the retired key.` };
  },
});

// Revokes a key that leaked: certificates dated from now on with it read "Revoked"; the active key is
// replaced at once. A form's action (the Settings dialog): keyId.
export const revokeSigningKeyAction = formAction({
  role: "admin",
  input: z.object({ keyId: z.string().regex(/^ek_[0-9a-f]{20}$/, "Not a signing key id.") }),
  revalidate: ["/settings/workspace"],
  run: async ({ input, workspace, actor }) => {
    const { revokedAt, replacementKeyId } = await revokeSigningKey({ workspaceId: workspace.id, keyId: input.keyId, actor });
    const replaced = replacementKeyId ? ` New signing key ${replacementKeyId}.` : "";
    return {
      ok: true,
      message: `Key ${input.keyId} revoked at ${revokedAt.toISOString()}: certificates it signs dated from then on read "Revoked"; earlier ones still verify.${replaced}`,
    };
  },
});
