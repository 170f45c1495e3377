"use server";
// Server Actions of the email suppression list page. Each: admin check → zod → lib → revalidate.
// The CSV import is a route handler (app/api/imports/email-suppressions): a file is no action input.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf, requireActionUser } from "../auth/guard";
import type { FormState } from "../auth/form-state";
import { getWorkspace } from "../workspace/workspace";
import { addEspSuppression, removeEspSuppressions } from "./mutations";
import { addEspSuppressionSchema } from "./schemas";

const LIST_PATH = "/settings/email/suppression-list";

// Adds one address from the page's form; field errors come back next to the fields.
export async function addEspSuppressionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireActionUser("admin");
  const values = {
    email: String(formData.get("email") ?? ""),
    type: String(formData.get("type") ?? ""),
    reason: String(formData.get("reason") ?? ""),
    statusCode: String(formData.get("statusCode") ?? ""),
  };
  const parsed = addEspSuppressionSchema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, message: "Fix the highlighted fields.", errors: z.flattenError(parsed.error).fieldErrors, values };
  }
  const workspace = await getWorkspace();
  const { isNew } = await addEspSuppression({ workspaceId: workspace.id, input: parsed.data, origin: "admin", actor: actorOf(user) });
  revalidatePath(LIST_PATH);
  return isNew
    ? { ok: true, message: `Added ${parsed.data.email} to ${parsed.data.type.replace("_", " ")}.` }
    : { ok: true, message: `${parsed.data.email} was already listed under ${parsed.data.type.replace("_", " ")}.` };
}

const removeSchema = z.object({ ids: z.array(z.string().regex(/^\d{1,19}$/)).min(1, "Select at least one entry").max(1000) });

// Removes the selected entries (after the page's confirmation dialog).
export async function removeEspSuppressionsAction(input: { ids: string[] }): Promise<{ ok: boolean; message: string }> {
  const user = await requireActionUser("admin");
  const parsed = removeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Nothing to remove." };
  const workspace = await getWorkspace();
  const { removed, receiptId } = await removeEspSuppressions({
    workspaceId: workspace.id,
    ids: parsed.data.ids,
    actor: actorOf(user),
  });
  revalidatePath(LIST_PATH);
  return { ok: true, message: `Removed ${removed} ${removed === 1 ? "entry" : "entries"}${receiptId ? ` (receipt ${receiptId})` : ""}.` };
}
