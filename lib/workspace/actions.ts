"use server";
// Server Actions of the workspace settings page: admin check → zod → lib → revalidate.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf, requireActionUser } from "../auth/guard";
import type { FormState } from "../auth/form-state";
import { previewIdentificationModeSwitch, switchIdentificationMode, type ModeSwitchConflict } from "./identification-mode";
import { renameWorkspace } from "./settings";
import { getWorkspace } from "./workspace";

const nameSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "Name must be at most 100 characters"),
});

// Renames the workspace.
export async function renameWorkspaceAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireActionUser("admin");
  const values = { name: String(formData.get("name") ?? "") };
  const parsed = nameSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: "Fix the highlighted field.", errors: z.flattenError(parsed.error).fieldErrors, values };
  const workspace = await getWorkspace();
  await renameWorkspace({ workspaceId: workspace.id, name: parsed.data.name, actor: actorOf(user) });
  revalidatePath("/", "layout");
  return { ok: true, message: "Workspace name saved.", values: { name: parsed.data.name } };
}

export type ModeSwitchPreview = {
  mode: "id" | "email_or_id";
  conflicts: ModeSwitchConflict[];
  suppressedEmailsToActivate: number;
};

// What a switch to email-or-ID would meet right now (nothing is changed).
export async function previewModeSwitchAction(): Promise<ModeSwitchPreview> {
  await requireActionUser("admin");
  const workspace = await getWorkspace();
  if (workspace.identificationMode === "email_or_id") return { mode: "email_or_id", conflicts: [], suppressedEmailsToActivate: 0 };
  const preview = await previewIdentificationModeSwitch({ workspace });
  return { mode: "id", ...preview };
}

export type ModeSwitchResult = { ok: true; activated: number; message: string } | { ok: false; conflicts: ModeSwitchConflict[]; message: string };

// Switches ID-only → email-or-ID; refused with the conflicts when emails are shared (checked again
// inside the switch's transaction, so a conflict created after the preview still refuses).
export async function switchModeAction(): Promise<ModeSwitchResult> {
  const user = await requireActionUser("admin");
  const workspace = await getWorkspace();
  const result = await switchIdentificationMode({ workspace, to: "email_or_id", actor: actorOf(user) });
  if (!result.ok) return { ok: false, conflicts: result.conflicts, message: "Not switched: some emails are shared or belong to suppressed profiles." };
  revalidatePath("/settings/workspace");
  return {
    ok: true,
    activated: result.activated,
    message: `Switched to email or ID. ${result.activated} suppressed ${result.activated === 1 ? "email is" : "emails are"} now suppressed identifiers.`,
  };
}
