"use server";
// The Deletions page's look-up (support and admins): "did we delete this person?" by id or email.
import { z } from "zod";
import { serverAction } from "./pipeline";
import { formatDateTime } from "../ui/format";
import { lookUpIdentifier, type IdentifierLookUp } from "../erasure-requests/look-up-identifier";

export type LookUpResult = { ok: true; message: string; state: IdentifierLookUp["state"]; receiptIds: string[] } | { ok: false; message: string };

const KIND = { id: "id", email: "email" } as const;

function describe(found: IdentifierLookUp): string {
  switch (found.state) {
    case "suppressed":
      return found.remembered
        ? `Remembered by a suppressed profile since ${formatDateTime(found.since)} (receipt ${found.receiptId}): suppressed if the workspace switches to email-or-ID.`
        : `Suppressed ${KIND[found.kind]} since ${formatDateTime(found.since)} (receipt ${found.receiptId}).`;
    case "deleted":
      return `Deleted on ${found.deletions.map((d) => `${formatDateTime(d.deletedAt)} (receipt ${d.receiptId})`).join(", ")}, without suppression.`;
    case "held":
      return `Not deleted: a person holds this ${KIND[found.kind]} now.`;
    case "not_found":
      return "Not found: no person, deletion or suppression has this value.";
  }
}

export const lookUpIdentifierAction = serverAction({
  role: "staff",
  input: z.object({ value: z.string().trim().min(1, "Type an id or email.").max(1000, "That is too long to be an id or email.") }),
  run: async ({ input, workspace }): Promise<LookUpResult> => {
    const found = await lookUpIdentifier({ workspace, value: input.value });
    const receiptIds = found.state === "suppressed" ? [found.receiptId] : found.state === "deleted" ? found.deletions.map((d) => d.receiptId) : [];
    return { ok: true, message: describe(found), state: found.state, receiptIds };
  },
});
