"use server";
// Server Actions of the People and person pages: delete forever (with or without suppression) and the
// deletion job's progress. Each checks the session (support or admin) before anything else.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf, isAuthorizationError, requireActionUser } from "../auth/guard";
import { DeletionConfirmationError, NotFoundError } from "../errors";
import { cancelDeletionJob } from "../deletion/cancel";
import { getDeletionJob } from "../deletion/progress";
import { startDeletion } from "../deletion/start";
import { conditionSchema } from "../segments/conditions";
import { formatCount } from "../ui/format";
import { getWorkspace } from "../workspace/workspace";
import { countPeople, peopleSelectionSql } from "./queries";

const MAX_EXPLICIT_IDS = 10_000;

const cioIdSchema = z.string().regex(/^[0-9a-f]{20}$/, "bad cio_id");

const deleteInputSchema = z.object({
  suppress: z.boolean(),
  selection: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("ids"), cioIds: z.array(cioIdSchema).min(1).max(MAX_EXPLICIT_IDS) }),
    z.object({
      mode: z.literal("filter"),
      filter: z.object({
        q: z.string().max(150).optional(),
        segment: z.string().max(100).optional(),
        condition: conditionSchema.optional(),
      }),
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
  | { ok: false; message: string; errors?: Record<string, string[]>; changedCount?: number };

function plural(count: number, one: string, many: string) {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

// Deletes the selected people forever: an explicit list of cio_ids, or everyone matching the People
// filter at this moment (a snapshot). Small deletions finish here; large ones become a job.
export async function deletePeopleAction(input: DeletePeopleInput): Promise<DeletePeopleResult> {
  let user;
  try {
    user = await requireActionUser();
  } catch (error) {
    if (isAuthorizationError(error)) return { ok: false, message: error.message };
    throw error;
  }
  const parsed = deleteInputSchema.safeParse(input);
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid request.", errors };
  }
  const { suppress, selection, confirmation } = parsed.data;
  const workspace = await getWorkspace();
  let result;
  try {
    result = await startDeletion({
      workspace,
      selection:
        selection.mode === "ids"
          ? { cioIds: [...new Set(selection.cioIds)] }
          : {
              sql: peopleSelectionSql({
                workspaceId: workspace.id,
                search: selection.filter.q,
                segmentId: selection.filter.segment,
                condition: selection.filter.condition ?? null,
              }),
            },
      suppress,
      actor: actorOf(user),
      confirmation: { expectedCount: selection.mode === "filter" ? selection.expectedCount : undefined, typed: confirmation },
    });
  } catch (error) {
    if (!(error instanceof DeletionConfirmationError)) throw error;
    return {
      ok: false,
      message: error.message,
      errors: { confirmation: [error.message] },
      ...(error.currentCount !== undefined ? { changedCount: error.currentCount } : {}),
    };
  }
  revalidatePath("/people");
  revalidatePath("/activity");
  revalidatePath("/segments");
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
}

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

// Asks a running deletion job to stop after its current batch (people already deleted stay deleted).
export async function cancelDeletionAction(jobId: string): Promise<{ ok: boolean; message: string }> {
  const user = await requireActionUser();
  const workspace = await getWorkspace();
  try {
    await cancelDeletionJob({ workspace, jobId, actor: actorOf(user) });
    return { ok: true, message: "Cancelling after the current batch." };
  } catch (error) {
    if (error instanceof NotFoundError) return { ok: false, message: "No such deletion job." };
    throw error;
  }
}

const filterInputSchema = z.object({
  q: z.string().max(150).optional(),
  segment: z.string().max(100).optional(),
  condition: conditionSchema.optional(),
});

// The exact number of people matching a People filter, for "Select all N" when the page only showed
// an estimate.
export async function countPeopleAction(filter: z.input<typeof filterInputSchema>): Promise<{ ok: boolean; count: number }> {
  await requireActionUser();
  const parsed = filterInputSchema.safeParse(filter);
  if (!parsed.success) return { ok: false, count: 0 };
  const workspace = await getWorkspace();
  const count = await countPeople({ workspaceId: workspace.id, search: parsed.data.q, segmentId: parsed.data.segment, condition: parsed.data.condition ?? null });
  return { ok: true, count };
}
