"use server";
// The suppressed-identifiers page's lookup: hashes the typed value (as an id and, when it looks like
// one, as an email) and answers yes/no with the date. Read-only; nothing is stored or logged.
import { z } from "zod";
import { requireActionUser } from "../auth/guard";
import { getWorkspace } from "../workspace/workspace";
import { isSuppressed } from "./suppress";

export type LookupState = {
  status: "idle" | "invalid" | "suppressed" | "not_suppressed" | "remembered";
  message: string;
  value?: string;
  since?: string;
  // The suppression's receipt, whose certificate of erasure the result links to.
  receiptId?: string;
};

const lookupSchema = z.object({ value: z.string().trim().min(1, "Enter an email or id").max(150, "At most 150 bytes") });

export async function lookupSuppressionAction(_previous: LookupState, formData: FormData): Promise<LookupState> {
  await requireActionUser("admin");
  const parsed = lookupSchema.safeParse({ value: formData.get("value") ?? "" });
  if (!parsed.success) return { status: "invalid", message: parsed.error.issues[0]?.message ?? "Enter an email or id" };
  const value = parsed.data.value;
  const workspace = await getWorkspace();
  const result = await isSuppressed({ workspace, value });
  if (result.suppressed) {
    const since = result.since?.toISOString();
    return {
      status: "suppressed",
      value,
      since,
      receiptId: result.receiptId,
      message: `Yes: “${value}” is suppressed${result.kind ? ` (as ${result.kind === "email" ? "an email" : "an id"})` : ""} since ${since ? `${since.slice(0, 16).replace("T", " ")} UTC` : "an unknown date"}.`,
    };
  }
  if (result.remembered) {
    return {
      status: "remembered",
      value,
      message: `No: “${value}” is not suppressed in ID-only mode, but a suppressed profile had this email; it becomes suppressed if the workspace switches to email or ID.`,
    };
  }
  return { status: "not_suppressed", value, message: `No: “${value}” is not suppressed.` };
}
