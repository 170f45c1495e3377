"use server";
// Server Actions of the email suppression list page, through the action pipeline (admin → zod →
// domain, which audits → revalidate). The CSV import is a route handler
// (app/api/imports/email-suppressions): a file is no action input.
import { z } from "zod";
import { formAction, serverAction } from "./pipeline";
import { addEspSuppression, removeEspSuppressions } from "../esp-suppression/mutations";
import { addEspSuppressionSchema } from "../esp-suppression/schemas";
import { ESP_LIST_PATH } from "../esp-suppression/search-params";

// Adds one address from the page's form; field errors come back next to the fields.
export const addEspSuppressionAction = formAction({
  role: "admin",
  input: addEspSuppressionSchema,
  invalidMessage: "Fix the highlighted fields.",
  echo: ["email", "type", "reason", "statusCode"],
  revalidate: [ESP_LIST_PATH],
  run: async ({ input, workspace, actor }) => {
    const { isNew } = await addEspSuppression({ workspaceId: workspace.id, input, origin: "admin", actor });
    const type = input.type.replace("_", " ");
    return { ok: true, message: isNew ? `Added ${input.email} to ${type}.` : `${input.email} was already listed under ${type}.` };
  },
});

const removeSchema = z.object({ ids: z.array(z.string().regex(/^\d{1,19}$/)).min(1, "Select at least one entry").max(1000) });

// Removes the selected entries (after the page's confirmation dialog).
export const removeEspSuppressionsAction = serverAction({
  role: "admin",
  input: removeSchema,
  revalidate: [ESP_LIST_PATH],
  run: async ({ input, workspace, actor }) => {
    const { removed, receiptId } = await removeEspSuppressions({ workspaceId: workspace.id, ids: input.ids, actor });
    return { ok: true, message: `Removed ${removed} ${removed === 1 ? "entry" : "entries"}${receiptId ? ` (receipt ${receiptId})` : ""}.` };
  },
});
