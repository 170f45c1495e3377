"use server";
// The suppressed-identifiers page's lookup: hashes the typed value (as an id and, when it looks like
// one, as an email) and answers yes/no with the date. Read-only; nothing is stored or logged.
import { z } from "zod";
import { formAction } from "./pipeline";
import type { ActionState } from "../ui/action-state";
import { isSuppressed } from "../suppression/suppress";

export type LookupState = ActionState & {
  status?: "suppressed" | "not_suppressed" | "remembered";
  value?: string;
  since?: string;
  // The suppression's receipt, whose certificate of erasure the result links to.
  receiptId?: string;
};

const lookupSchema = z.object({ value: z.string().trim().min(1, "Enter an email or id").max(150, "At most 150 bytes") });

export const lookupSuppressionAction = formAction<typeof lookupSchema, LookupState>({
  role: "admin",
  input: lookupSchema,
  run: async ({ input: { value }, workspace }): Promise<LookupState> => {
    const result = await isSuppressed({ workspace, value });
    if (result.suppressed) {
      const since = result.since?.toISOString();
      return {
        ok: true,
        status: "suppressed",
        value,
        since,
        receiptId: result.receiptId,
        message: `Yes: “${value}” is suppressed${result.kind ? ` (as ${result.kind === "email" ? "an email" : "an id"})` : ""} since ${since ? `${since.slice(0, 16).replace("T", " ")} UTC` : "an unknown date"}.`,
      };
    }
    if (result.remembered) {
      return {
        ok: true,
        status: "remembered",
        value,
        message: `No: “${value}” is not suppressed in ID-only mode, but a suppressed profile had this email; it becomes suppressed if the workspace switches to email or ID.`,
      };
    }
    return { ok: true, status: "not_suppressed", value, message: `No: “${value}” is not suppressed.` };
  },
});
