"use server";
// The API keys page: create (secret returned once) and revoke. Admin only, checked here.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { FormState } from "../auth/form-state";
import { actorOf, requireActionUser } from "../auth/guard";
import { getWorkspace } from "../workspace/workspace";
import { createApiKey, revokeApiKey } from "./api-keys";

const API_KEYS_PATH = "/settings/api-keys";

export type CreatedKeyState = FormState & { created?: { kind: "track" | "app"; name: string; siteId?: string; secret: string } };

const createSchema = z.object({
  kind: z.enum(["track", "app"], { message: "Choose Track or App." }),
  name: z.string().trim().min(1, "Give the key a name.").max(100, "Use at most 100 characters."),
});
const revokeSchema = z.object({ id: z.string().min(1).max(100) });

// Admin: creates a Track (site id + key) or App key; the secret is in the result, only this once.
export async function createApiKeyAction(_previous: CreatedKeyState, formData: FormData): Promise<CreatedKeyState> {
  const admin = await requireActionUser("admin");
  const parsed = createSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", errors: parsed.error.flatten().fieldErrors };
  const workspace = await getWorkspace();
  const { apiKey, siteId, secret } = await createApiKey({ workspaceId: workspace.id, ...parsed.data, actor: actorOf(admin) });
  revalidatePath(API_KEYS_PATH);
  return {
    ok: true,
    message: `Key "${apiKey.name}" created. Copy the secret now: it won't be shown again.`,
    created: { kind: apiKey.kind, name: apiKey.name, siteId, secret },
  };
}

// Admin: revokes a key; requests using it are refused from now on.
export async function revokeApiKeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireActionUser("admin");
  const parsed = revokeSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, message: "Unknown key." };
  const workspace = await getWorkspace();
  const revoked = await revokeApiKey({ workspaceId: workspace.id, id: parsed.data.id, actor: actorOf(admin) });
  if (!revoked) return { ok: false, message: "This key no longer exists." };
  revalidatePath(API_KEYS_PATH);
  return { ok: true, message: `Key "${revoked.name}" revoked.` };
}
