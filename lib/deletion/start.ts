// Starting a deletion: the selection is snapshotted when staff confirm. Small ones run at once; larger
// ones become a job whose batches the workers run (lib/deletion/worker.ts).
import { randomHexId } from "../random-id";
import { Prisma } from "../generated/prisma/client";
import type { Workspace } from "../generated/prisma/client";
import { db, isEmbeddedDatabase, type Tx } from "../db";
import type { PeopleSet } from "../database/people-set";
import { newReceiptId, recordAudit, type Actor } from "../audit/record-audit";
import { DeletionConfirmationError } from "../errors";
import { isConfirmationValid } from "./delete-rules";
import { formatCount } from "../ui/format";
import { deletePeople } from "./delete-people";
import { emitDeletionEnded } from "../outbox/emit";

// Deletions up to this many people finish before the dialog closes; larger ones become a job.
export const INLINE_DELETE_LIMIT = 1_000;
// People per job batch (one transaction each). The embedded database runs one transaction at a time
// and serves nothing else meanwhile, so its batches stay short: 250 people with their suppressions,
// claims and key rows; a page waits for one such batch at most (the worker pauses between batches).
const DELETION_BATCH_SIZE = isEmbeddedDatabase ? 250 : 10_000;

// Explicit cio_ids (unknown ones are skipped), or a query `SELECT cio_id FROM person … WHERE
// workspace_id = <this workspace> AND <filter>` (lib/people/queries.ts's peopleSelectionSql).
export type DeletionSelection = PeopleSet;

// What staff confirmed in the dialog: the number it showed for a filter (a list of cio_ids counts
// itself) and the number they typed, when asked to. Both come from the browser, so startDeletion
// holds them against its own count of the snapshot.
export type DeletionConfirmation = { expectedCount?: number; typed?: string };

// The number the dialog showed: a list of cio_ids counts itself; a filter's N comes from the browser.
function shownCount(selection: DeletionSelection, confirmation: DeletionConfirmation): number | undefined {
  return "cioIds" in selection ? new Set(selection.cioIds).size : confirmation.expectedCount;
}

// Refuses a confirmation whose typed number is missing or wrong. The number to type is the larger of
// what the dialog showed and the snapshot (a list only shrinks when people are deleted meanwhile, so
// its number stays the one the dialog asked for).
function checkTypedNumber(selection: DeletionSelection, confirmation: DeletionConfirmation, snapshot = 0): void {
  const toType = Math.max(shownCount(selection, confirmation) ?? 0, snapshot);
  if (!isConfirmationValid(toType, confirmation.typed)) {
    throw new DeletionConfirmationError("typed", `Type ${formatCount(toType)} to confirm.`);
  }
}

// Refuses a confirmation that doesn't cover the snapshot: a filter whose matches changed since the
// dialog counted them, or a snapshot above the typing threshold without its number typed.
function checkConfirmation(selection: DeletionSelection, confirmation: DeletionConfirmation, snapshot: number): void {
  const shown = shownCount(selection, confirmation);
  if (!("cioIds" in selection) && shown !== snapshot) {
    const was = shown === undefined ? "" : `, not ${formatCount(shown)}`;
    throw new DeletionConfirmationError(
      "changed",
      `The people matching this view changed (${formatCount(snapshot)} now${was}). Nothing was deleted — review and confirm again.`,
      snapshot,
    );
  }
  checkTypedNumber(selection, confirmation, snapshot);
}

export type StartDeletionResult =
  | { mode: "inline"; deleted: number; receiptId: string }
  | { mode: "job"; jobId: string; total: number; receiptId: string };

function newJobId(): string {
  return `job_${randomHexId()}`;
}

// Deletes the selection as it stands now (explicit cio_ids, or a `SELECT cio_id FROM person …` over
// the current filter): inline up to INLINE_DELETE_LIMIT people, otherwise as a queued job. With a
// confirmation (staff in the dialog), a snapshot it doesn't cover throws DeletionConfirmationError
// and nothing is deleted; scripts that name their selection themselves pass none.
export async function startDeletion(options: {
  workspace: Workspace;
  selection: DeletionSelection;
  suppress: boolean;
  actor: Actor;
  confirmation?: DeletionConfirmation;
  // People per batch of a job (tests use small ones).
  batchSize?: number;
  // An erasure request's own receipt, work done in the deletion's transaction under it (suppressing
  // the list's values that match nobody) and what its audit entry adds.
  receiptId?: string;
  inTransaction?: (tx: Tx, receiptId: string) => Promise<Prisma.InputJsonObject>;
}): Promise<StartDeletionResult> {
  const { workspace, suppress, actor, confirmation } = options;
  const batchSize = options.batchSize ?? DELETION_BATCH_SIZE;
  // A typed number that doesn't even match what the dialog showed is refused before any snapshot.
  if (confirmation) checkTypedNumber(options.selection, confirmation);
  const source =
    "cioIds" in options.selection
      ? Prisma.sql`SELECT DISTINCT unnest(${options.selection.cioIds}::text[]) AS cio_id`
      : options.selection.sql;
  return db.$transaction(async (tx) => {
    const firstRows = await tx.$queryRaw<{ cio_id: string }[]>`
      SELECT s.cio_id FROM (${source}) AS s JOIN person p ON p.cio_id = s.cio_id AND p.workspace_id = ${workspace.id}
      LIMIT ${INLINE_DELETE_LIMIT + 1}`;
    if (firstRows.length <= INLINE_DELETE_LIMIT) {
      if (confirmation) checkConfirmation(options.selection, confirmation, firstRows.length);
      const receiptId = options.receiptId ?? newReceiptId();
      const details = options.inTransaction ? await options.inTransaction(tx, receiptId) : undefined;
      const { deleted } = await deletePeople({ workspace, cioIds: firstRows.map((r) => r.cio_id), suppress, actor, tx, receiptId, details });
      // An erasure list applied at once ends here (a job's end is lib/deletion/finish.ts's).
      if (options.inTransaction) {
        await emitDeletionEnded(tx, { workspaceId: workspace.id, type: "deletion.completed", receiptId, actor, suppressed: suppress, deleted, total: firstRows.length, source: "list" });
      }
      return { mode: "inline" as const, deleted, receiptId };
    }
    const jobId = newJobId();
    const receiptId = options.receiptId ?? newReceiptId();
    await tx.$executeRaw`
      INSERT INTO deletion_job (id, workspace_id, suppress, total, batch_size, receipt_id, actor_type, actor_id)
      VALUES (${jobId}, ${workspace.id}, ${suppress}, 0, ${batchSize}, ${receiptId}, ${actor.type}::"ActorType", ${actor.id ?? null})`;
    // One statement, numbered in the people's storage order (ctid): a batch is then a range of seq
    // whose people, claims and (usually) activity sit together on disk, so a batch reads and writes a
    // few thousand neighbouring pages instead of touching every page of every table (measured at
    // 1,000,000 people: 2.5× the cio_id order's rate). Kept to this workspace's people.
    // The numbering sorts the whole selection: in memory rather than on disk.
    await tx.$queryRaw`SELECT set_config('work_mem', '64MB', true) AS work_mem`;
    const total = await tx.$executeRaw`
      INSERT INTO deletion_job_item (job_id, seq, cio_id)
      SELECT ${jobId}, row_number() OVER (ORDER BY p.ctid), p.cio_id FROM person p
      WHERE p.workspace_id = ${workspace.id} AND p.cio_id IN (SELECT s.cio_id FROM (${source}) AS s)`;
    // Throwing here rolls the job and its snapshot back.
    if (confirmation) checkConfirmation(options.selection, confirmation, total);
    const details = options.inTransaction ? await options.inTransaction(tx, receiptId) : {};
    await tx.$executeRaw`
      INSERT INTO deletion_job_batch (job_id, batch_no, first_seq, last_seq)
      SELECT ${jobId}, b, b * ${batchSize}::int + 1, LEAST((b + 1) * ${batchSize}::int, ${total}::int)
      FROM generate_series(0, (${total}::int - 1) / ${batchSize}::int) AS b`;
    // Earlier deleted profiles forgotten by the request's own work count with the job's.
    const earlierForgotten = typeof details.earlierForgotten === "number" ? details.earlierForgotten : 0;
    await tx.$executeRaw`UPDATE deletion_job SET total = ${total}, earlier_forgotten = ${earlierForgotten} WHERE id = ${jobId}`;
    await recordAudit({
      tx,
      workspaceId: workspace.id,
      actor,
      action: "deletion_job.create",
      count: total,
      details: { ...details, jobId, suppress },
      receiptId,
    });
    return { mode: "job" as const, jobId, total, receiptId };
  });
}
