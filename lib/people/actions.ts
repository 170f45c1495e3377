"use server";
// Server Actions of the People and person pages: delete forever (with or without suppression), the
// deletion job's progress and cancel, and the exact count behind "Select all N". Each goes through
// the action pipeline (session → zod → domain → revalidate → one state shape).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { serverAction } from "../actions/pipeline";
import { requireActionUser } from "../auth/guard";
import { DeletionConfirmationError, NotFoundError } from "../errors";
import { cancelDeletionJob, getDeletionJob, startDeletion } from "../jobs/deletion-jobs";
import { formatCount } from "../ui/format";
import { getWorkspace } from "../workspace/workspace";
import { countPeople } from "./queries";
import { filterSelectionSchema, idsSelectionSchema, peopleFilterOf, peopleFilterSchema, selectedPeople } from "./selection";

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

export type DeletionProgress = {
  jobId: string;
  status: "queued" | "running" | "completed" | "failed" | "cancelled";
  done: number;
  total: number;
  // People per second, and seconds left; null until known.
  rate: number | null;
  etaSeconds: number | null;
  suppress: boolean;
  receiptId: string;
  error: string | null;
};

// The progress of a deletion job, for the dialog's poll (survives restarts: it's read from the job table).
export async function getDeletionProgressAction(jobId: string): Promise<DeletionProgress | null> {
  await requireActionUser();
  const parsedId = z.string().min(1).max(100).safeParse(jobId);
  if (!parsedId.success) return null;
  const workspace = await getWorkspace();
  try {
    const job = await getDeletionJob({ workspace, jobId: parsedId.data });
    if (job.status === "completed") revalidatePath("/people");
    return {
      jobId: job.id,
      status: job.status,
      done: job.done,
      total: job.total,
      rate: job.rate > 0 ? job.rate : null,
      etaSeconds: job.etaSeconds,
      suppress: job.suppress,
      receiptId: job.receiptId,
      error: job.error,
    };
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

const jobIdSchema = z.string().min(1).max(100);

// Asks a running deletion job to stop after its current batch (people already deleted stay deleted).
export const cancelDeletionAction = serverAction({
  role: "staff",
  input: jobIdSchema,
  invalidMessage: "No such deletion job.",
  refusals: [],
  run: async ({ input: jobId, workspace, actor }) => {
    try {
      await cancelDeletionJob({ workspace, jobId, actor });
    } catch (error) {
      if (error instanceof NotFoundError) return { ok: false, message: "No such deletion job." };
      throw error;
    }
    return { ok: true, message: "Cancelling after the current batch." };
  },
});

// The exact number of people matching a People filter, for "Select all N" when the page only showed
// an estimate.
export const countPeopleAction = serverAction({
  role: "staff",
  input: peopleFilterSchema,
  run: async ({ input, workspace }) => ({ ok: true as const, message: "", count: await countPeople(peopleFilterOf(workspace.id, input)) }),
});
