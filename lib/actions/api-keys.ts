"use server";
// The API keys page: create (secret returned once) and revoke. Admin only; each goes through the
// action pipeline (role → zod → domain, which audits → revalidate → one state shape).
import { z } from "zod";
import { formAction } from "./pipeline";
import type { ActionState } from "../ui/action-state";
import { isPossibleId } from "../text";
import { createApiKey, revokeApiKey } from "../api-keys/api-keys";

const API_KEYS_PATH = "/settings/api-keys";

export type CreatedKeyState = ActionState & { created?: { kind: "track" | "app"; name: string; siteId?: string; secret: string } };

const createSchema = z.object({
  kind: z.enum(["track", "app"], { message: "Choose Track or App." }),
  name: z.string().trim().min(1, "Give the key a name.").max(100, "Use at most 100 characters."),
});
const revokeSchema = z.object({ id: z.string().refine(isPossibleId) });

// Admin: creates a Track (site id + key) or App key; the secret is in the result, only this once.
export const createApiKeyAction = formAction<typeof createSchema, CreatedKeyState>({
  role: "admin",
  input: createSchema,
  invalidMessage: "Check the highlighted fields.",
  revalidate: [API_KEYS_PATH],
  run: async ({ input, workspace, actor }): Promise<CreatedKeyState> => {
    const { apiKey, siteId, secret } = await createApiKey({ workspaceId: workspace.id, ...input, actor });
    return {
      ok: true,
      message: `Key "${apiKey.name}" created. Copy the secret now: it won't be shown again.`,
      created: { kind: apiKey.kind, name: apiKey.name, siteId, secret },
    };
  },
});

// Admin: revokes a key; requests using it are refused from now on.
export const revokeApiKeyAction = formAction({
  role: "admin",
  input: revokeSchema,
  invalidMessage: "Unknown key.",
  revalidate: [API_KEYS_PATH],
  run: async ({ input, workspace, actor }) => {
    const revoked = await revokeApiKey({ workspaceId: workspace.id, id: input.id, actor });
    if (!revoked) return { ok: false, message: "This key no longer exists." };
    return { ok: true, message: `Key "${revoked.name}" revoked.` };
  },
});
