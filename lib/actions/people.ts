"use server";
// Server Actions of the People and person pages: delete forever (with or without suppression) and the
// exact count behind "Select all N" (cancelling a job: lib/actions/deletion.ts). Each goes through
// the action pipeline (session → zod → domain → revalidate → one state shape).
import { z } from "zod";
import { serverAction } from "./pipeline";
import { DeletionConfirmationError } from "../errors";
import { startDeletion } from "../deletion/start";
import { formatCount } from "../ui/format";
import { countPeople } from "../people/queries";
import { filterSelectionSchema, idsSelectionSchema, peopleFilterOf, peopleFilterSchema, selectedPeople } from "../people/selection";

const deleteInputSchema = z.object({
  suppress: z.boolean(),
  selection: z.discriminatedUnion("mode", [
    idsSelectionSchema,
    filterSelectionSchema.extend({
      // The N the dialog showed. It is the browser's word: startDeletion recounts the snapshot and
      // refuses when they differ, and asks for the typed number by its own count.
      expectedCount: z.number().int().min(0),
    }),
  ]),
  confirmation: z.string().max(20).optional(),
});

export type DeletePeopleInput = z.input<typeof deleteInputSchema>;

export type DeletePeopleResult =
  | { ok: true; message: string; receiptId: string; mode: "inline"; deleted: number }
  | { ok: true; message: string; receiptId: string; mode: "job"; jobId: string; total: number }
  // `changedCount`: the selection no longer holds what the dialog showed; this many match now.
  | { ok: false; message: string; fieldErrors?: Record<string, string[] | undefined>; changedCount?: number };

function plural(count: number, one: string, many: string) {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

// Deletes the selected people forever: an explicit list of cio_ids, or everyone matching the People
// filter at this moment (a snapshot). Small deletions finish here; large ones become a job.
export const deletePeopleAction = serverAction({
  role: "staff",
  input: deleteInputSchema,
  revalidate: ["/people", "/activity", "/segments"],
  run: async ({ input: { suppress, selection, confirmation }, workspace, actor }): Promise<DeletePeopleResult> => {
    let result;
    try {
      result = await startDeletion({
        workspace,
        selection: selectedPeople(workspace.id, selection),
        suppress,
        actor,
        confirmation: { expectedCount: selection.mode === "filter" ? selection.expectedCount : undefined, typed: confirmation },
      });
    } catch (error) {
      if (!(error instanceof DeletionConfirmationError)) throw error;
      return {
        ok: false,
        message: error.message,
        fieldErrors: { confirmation: [error.message] },
        ...(error.currentCount !== undefined ? { changedCount: error.currentCount } : {}),
      };
    }
    const verb = suppress ? "deleted and suppressed" : "deleted";
    if (result.mode === "inline") {
      return {
        ok: true,
        mode: "inline",
        deleted: result.deleted,
        receiptId: result.receiptId,
        message: `${plural(result.deleted, "person", "people")} ${verb}. Receipt ${result.receiptId}`,
      };
    }
    return {
      ok: true,
      mode: "job",
      jobId: result.jobId,
      total: result.total,
      receiptId: result.receiptId,
      message: `Deleting ${plural(result.total, "person", "people")} in the background. Receipt ${result.receiptId}`,
    };
  },
});

// The exact number of people matching a People filter, for "Select all N" when the page only showed
// an estimate.
export const countPeopleAction = serverAction({
  role: "staff",
  input: peopleFilterSchema,
  run: async ({ input, workspace }) => ({ ok: true as const, message: "", count: await countPeople(peopleFilterOf(workspace.id, input)) }),
});
