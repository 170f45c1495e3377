"use server";
// Server Actions of the workspace settings page, through the action pipeline (admin → zod → domain,
// which audits → revalidate → one state shape).
import { z } from "zod";
import { formAction, serverAction } from "./pipeline";
import { previewIdentificationModeSwitch, switchIdentificationMode, type ModeSwitchConflict } from "../workspace/identification-mode";
import { renameWorkspace } from "../workspace/settings";
import { isStorableText, UNSTORABLE_TEXT } from "../text";

const nameSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "Name must be at most 100 characters").refine(isStorableText, `Name ${UNSTORABLE_TEXT}`),
});

// Renames the workspace.
export const renameWorkspaceAction = formAction({
  role: "admin",
  input: nameSchema,
  invalidMessage: "Fix the highlighted field.",
  echo: ["name"],
  revalidate: [{ path: "/", type: "layout" }],
  run: async ({ input, workspace, actor }) => {
    await renameWorkspace({ workspaceId: workspace.id, name: input.name, actor });
    return { ok: true, message: "Workspace name saved.", values: { name: input.name } };
  },
});

export type ModeSwitchPreview = {
  mode: "id" | "email_or_id";
  conflicts: ModeSwitchConflict[];
  suppressedEmailsToActivate: number;
};

// What a switch to email-or-ID would meet right now (nothing is changed).
export const previewModeSwitchAction = serverAction({
  role: "admin",
  input: z.undefined(),
  run: async ({ workspace }): Promise<{ ok: true; message: string } & ModeSwitchPreview> => {
    if (workspace.identificationMode === "email_or_id") return { ok: true, message: "", mode: "email_or_id", conflicts: [], suppressedEmailsToActivate: 0 };
    return { ok: true, message: "", mode: "id", ...(await previewIdentificationModeSwitch({ workspace })) };
  },
});

export type ModeSwitchResult = { ok: true; activated: number; message: string } | { ok: false; conflicts: ModeSwitchConflict[]; message: string };

// Switches ID-only → email-or-ID; refused with the conflicts when emails are shared (checked again
// inside the switch's transaction, so a conflict created after the preview still refuses).
export const switchModeAction = serverAction({
  role: "admin",
  input: z.undefined(),
  revalidate: ["/settings/workspace"],
  run: async ({ workspace, actor }): Promise<ModeSwitchResult> => {
    const result = await switchIdentificationMode({ workspace, to: "email_or_id", actor });
    if (!result.ok) return { ok: false, conflicts: result.conflicts, message: "Not switched: some emails are shared or belong to suppressed profiles." };
    return {
      ok: true,
      activated: result.activated,
      message: `Switched to email or ID. ${result.activated} suppressed ${result.activated === 1 ? "email is" : "emails are"} now suppressed identifiers.`,
    };
  },
});
