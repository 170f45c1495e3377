// Deletions of many people: the selection is snapshotted into deletion_job_item when staff confirm,
// small ones run at once, large ones run as a job in batches under a lease, so that progress survives
// a restart and two workers never run the same batch.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { Prisma } from "../generated/prisma/client";
import type { JobStatus, Workspace } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import { newReceiptId, recordAudit, type Actor } from "../audit/record-audit";
import { DeletionConfirmationError, formatErrorSummary, isFormattedErrorSummary, logError, NotFoundError, safeErrorSummary } from "../errors";
import { isRetryable, preferIndexScans } from "../identity/claims";
import { deletePeople, deletePeopleInTransaction } from "../people/delete-people";
import { isConfirmationValid } from "../people/delete-rules";
import { formatCount } from "../ui/format";
import { isStorableText } from "../text";

// Deletions up to this many people finish before the dialog closes; larger ones become a job.
export const INLINE_DELETE_LIMIT = 1_000;
// People per job batch (one transaction each); the embedded database serves nothing else meanwhile.
export const DELETION_BATCH_SIZE = 1_000;
const LEASE_MS = 30_000;
const IDLE_POLL_MS = 1_000;
const BATCH_ATTEMPTS = 3;

export type DeletionSelection = { cioIds: string[] } | { sql: Prisma.Sql };

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

export type DeletionJobView = {
  id: string;
  status: JobStatus;
  suppress: boolean;
  done: number;
  total: number;
  // People per second since the job started; 0 before.
  rate: number;
  // Seconds left at the current rate; null when not running or not yet measurable.
  etaSeconds: number | null;
  cancelRequested: boolean;
  error: string | null;
  receiptId: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

function newJobId(): string {
  return `job_${randomBytes(10).toString("hex")}`;
}

// Whether a value from a caller can be a job id at all: anything else (null, a number, a NUL the
// database would fail on with a 500) is simply not found.
function isJobId(id: unknown): id is string {
  return typeof id === "string" && id.length <= 100 && isStorableText(id);
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
}): Promise<StartDeletionResult> {
  const { workspace, suppress, actor, confirmation } = options;
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
      const { deleted, receiptId } = await deletePeople({ workspace, cioIds: firstRows.map((r) => r.cio_id), suppress, actor, tx });
      return { mode: "inline" as const, deleted, receiptId };
    }
    const jobId = newJobId();
    const receiptId = newReceiptId();
    await tx.$executeRaw`
      INSERT INTO deletion_job (id, workspace_id, suppress, total, receipt_id, actor_type, actor_id)
      VALUES (${jobId}, ${workspace.id}, ${suppress}, 0, ${receiptId}, ${actor.type}::"ActorType", ${actor.id ?? null})`;
    const total = await tx.$executeRaw`
      INSERT INTO deletion_job_item (job_id, cio_id)
      SELECT ${jobId}, s.cio_id FROM (${source}) AS s JOIN person p ON p.cio_id = s.cio_id AND p.workspace_id = ${workspace.id}
      ON CONFLICT DO NOTHING`;
    // Throwing here rolls the job and its snapshot back.
    if (confirmation) checkConfirmation(options.selection, confirmation, total);
    await tx.$executeRaw`UPDATE deletion_job SET total = ${total} WHERE id = ${jobId}`;
    await recordAudit({
      tx,
      workspaceId: workspace.id,
      actor,
      action: "deletion_job.create",
      count: total,
      details: { jobId, suppress },
      receiptId,
    });
    return { mode: "job" as const, jobId, total, receiptId };
  });
}

type JobRow = {
  id: string;
  status: JobStatus;
  suppress: boolean;
  done: number;
  total: number;
  cancelRequested: boolean;
  error: string | null;
  receiptId: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

function toView(job: JobRow, now = new Date()): DeletionJobView {
  const end = job.finishedAt ?? now;
  const seconds = job.startedAt ? Math.max((end.getTime() - job.startedAt.getTime()) / 1000, 0.001) : 0;
  const rate = seconds > 0 ? job.done / seconds : 0;
  const etaSeconds = (job.status === "running" || job.status === "queued") && rate > 0 ? Math.ceil((job.total - job.done) / rate) : null;
  // Jobs that failed before errors were summarized stored the error's raw text, which can hold values.
  const error = job.error === null || isFormattedErrorSummary(job.error) ? job.error : "Error: unexpected error";
  return { ...job, error, rate, etaSeconds };
}

const jobSelect = {
  id: true,
  status: true,
  suppress: true,
  done: true,
  total: true,
  cancelRequested: true,
  error: true,
  receiptId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

// Progress of a deletion job: done / total, rate in people per second and the seconds left.
export async function getDeletionJob(options: { workspace: Workspace; jobId: string }): Promise<DeletionJobView> {
  if (!isJobId(options.jobId)) throw new NotFoundError("deletion job not found");
  const job = await db.deletionJob.findFirst({ where: { id: options.jobId, workspaceId: options.workspace.id }, select: jobSelect });
  if (!job) throw new NotFoundError("deletion job not found");
  return toView(job);
}

// Asks a job to stop after its current batch (a queued job stops at once). People already deleted
// stay deleted. A finished job is returned unchanged.
export async function cancelDeletionJob(options: { workspace: Workspace; jobId: string; actor: Actor }): Promise<DeletionJobView> {
  const { workspace, jobId, actor } = options;
  if (!isJobId(jobId)) throw new NotFoundError("deletion job not found");
  return db.$transaction(async (tx) => {
    const job = await tx.deletionJob.findFirst({ where: { id: jobId, workspaceId: workspace.id }, select: jobSelect });
    if (!job) throw new NotFoundError("deletion job not found");
    if (job.status !== "queued" && job.status !== "running") return toView(job);
    // A queued job that nobody holds is cancelled right away; a held one at its next batch.
    await tx.$executeRaw`
      UPDATE deletion_job SET cancel_requested = true,
        status = CASE WHEN status = 'queued' AND (locked_until IS NULL OR locked_until < now()) THEN 'cancelled'::"JobStatus" ELSE status END,
        finished_at = CASE WHEN status = 'queued' AND (locked_until IS NULL OR locked_until < now()) THEN now() ELSE finished_at END
      WHERE id = ${jobId}`;
    await recordAudit({ tx, workspaceId: workspace.id, actor, action: "deletion_job.cancel", count: job.total - job.done, details: { jobId } });
    const updated = await tx.deletionJob.findUniqueOrThrow({ where: { id: jobId }, select: jobSelect });
    return toView(updated);
  });
}

export type BatchOutcome = "progress" | "completed" | "cancelled" | "lost";

// One batch of a job this worker holds, in its own transaction: checks the lease is still ours and
// the job not cancelled, deletes the next people, records progress and renews the lease. "lost"
// means another worker has taken the job over (our lease had expired).
export async function runDeletionJobBatch(options: {
  jobId: string;
  workerId: string;
  batchSize?: number;
  leaseMs?: number;
  // Where this worker's previous batch ended (advanced here); absent after a restart, which only
  // costs one pass over the items already done.
  cursor?: { after: string };
}): Promise<BatchOutcome> {
  const { jobId, workerId } = options;
  const batchSize = options.batchSize ?? DELETION_BATCH_SIZE;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  let lastId: string | null = null;
  const outcome = await db.$transaction(async (tx): Promise<BatchOutcome> => {
    const [job] = await tx.$queryRaw<
      { workspace_id: string; status: JobStatus; locked_by: string | null; cancel_requested: boolean; suppress: boolean; receipt_id: string; actor_type: Actor["type"]; actor_id: string | null; done: number; total: number }[]
    >`SELECT workspace_id, status, locked_by, cancel_requested, suppress, receipt_id, actor_type::text AS actor_type, actor_id, done, total
      FROM deletion_job WHERE id = ${jobId} FOR UPDATE`;
    if (!job || job.status !== "running" || job.locked_by !== workerId) return "lost";
    const actor = { type: job.actor_type, id: job.actor_id } as Actor;
    if (job.cancel_requested) {
      await finishJob(tx, jobId, "cancelled", job, actor);
      return "cancelled";
    }
    // The snapshot's people still alive: the ones deleted by earlier batches (or by anyone else) are
    // done. Items stay until the job ends, so a batch writes nothing for its bookkeeping but progress.
    const after = options.cursor?.after ?? "";
    await preferIndexScans(tx); // this transaction is the batch's own
    const items = await tx.$queryRaw<{ cio_id: string }[]>`
      SELECT i.cio_id FROM deletion_job_item i JOIN person p ON p.cio_id = i.cio_id
      WHERE i.job_id = ${jobId} AND i.cio_id > ${after}
      ORDER BY i.cio_id LIMIT ${batchSize}`;
    if (!items.length) {
      // People someone else deleted meanwhile count as done too: done ends equal to total.
      await tx.$executeRaw`UPDATE deletion_job SET done = total WHERE id = ${jobId}`;
      await finishJob(tx, jobId, "completed", { ...job, done: job.total }, actor);
      return "completed";
    }
    const cioIds = items.map((i) => i.cio_id);
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: job.workspace_id } });
    const { deleted } = await deletePeopleInTransaction({ workspace, cioIds, suppress: job.suppress, actor, receiptId: job.receipt_id, tx });
    await tx.$executeRaw`
      UPDATE deletion_job SET done = LEAST(done + ${deleted}, total), locked_until = now() + ${leaseMs} * interval '1 millisecond'
      WHERE id = ${jobId}`;
    lastId = cioIds[cioIds.length - 1];
    return "progress";
  });
  // Only once the batch has committed.
  if (lastId && options.cursor) options.cursor.after = lastId;
  return outcome;
}

async function finishJob(
  tx: Tx,
  jobId: string,
  status: "completed" | "cancelled",
  job: { workspace_id: string; suppress: boolean; done: number; total: number; receipt_id: string },
  actor: Actor,
) {
  await tx.$executeRaw`
    UPDATE deletion_job SET status = ${status}::"JobStatus", finished_at = now(), locked_by = NULL, locked_until = NULL
    WHERE id = ${jobId}`;
  // The snapshot has served its purpose; cio_ids of people kept after a cancel needn't linger.
  await tx.$executeRaw`DELETE FROM deletion_job_item WHERE job_id = ${jobId}`;
  await recordAudit({
    tx,
    workspaceId: job.workspace_id,
    actor,
    action: job.suppress ? "people.delete_and_suppress" : "people.delete",
    count: job.done,
    details: { jobId, status, total: job.total, jobReceiptId: job.receipt_id },
  });
}

// Claims the oldest runnable job (queued, or running with an expired lease, i.e. its worker died)
// and runs its batches until it ends, is lost, or maxBatches ran. Null when there was nothing to do.
export async function processNextDeletionJob(options: {
  workerId: string;
  signal?: AbortSignal;
  batchSize?: number;
  leaseMs?: number;
  maxBatches?: number;
  // Restrict to one job (tests, scripts).
  jobId?: string;
}): Promise<{ jobId: string; outcome: BatchOutcome | "paused" | "failed" } | null> {
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const only = options.jobId ? Prisma.sql`AND id = ${options.jobId}` : Prisma.empty;
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE deletion_job SET status = 'running', locked_by = ${options.workerId},
      locked_until = now() + ${leaseMs} * interval '1 millisecond', started_at = COALESCE(started_at, now())
    WHERE id = (
      SELECT id FROM deletion_job
      WHERE status IN ('queued', 'running') AND (locked_until IS NULL OR locked_until < now()) ${only}
      ORDER BY created_at
      FOR UPDATE SKIP LOCKED
      LIMIT 1)
    RETURNING id`;
  if (!claimed.length) return null;
  const jobId = claimed[0].id;
  let batches = 0;
  let failures = 0;
  const cursor = { after: "" };
  while (!options.signal?.aborted) {
    if (options.maxBatches !== undefined && batches >= options.maxBatches) return { jobId, outcome: "paused" };
    try {
      const outcome = await runDeletionJobBatch({ jobId, workerId: options.workerId, batchSize: options.batchSize, leaseMs, cursor });
      batches++;
      failures = 0;
      if (outcome !== "progress") return { jobId, outcome };
    } catch (error) {
      if (isRetryable(error) && ++failures < BATCH_ATTEMPTS) continue;
      // Staff see this on the job; a database error's own text can quote a person's values.
      logError(`deletion job ${jobId}: batch failed`, error);
      await db.$executeRaw`
        UPDATE deletion_job SET status = 'failed', error = ${formatErrorSummary(safeErrorSummary(error))}, finished_at = now(),
          locked_by = NULL, locked_until = NULL
        WHERE id = ${jobId} AND locked_by = ${options.workerId}`;
      return { jobId, outcome: "failed" };
    }
  }
  return { jobId, outcome: "paused" };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

// The worker loop: runs deletion jobs one after another until signal aborts; picks up jobs whose
// worker died once their lease expires.
export async function runDeletionJobs(options: {
  signal: AbortSignal;
  workerId?: string;
  batchSize?: number;
  leaseMs?: number;
  idleMs?: number;
}): Promise<void> {
  const workerId = options.workerId ?? newWorkerId();
  while (!options.signal.aborted) {
    try {
      const ran = await processNextDeletionJob({ workerId, signal: options.signal, batchSize: options.batchSize, leaseMs: options.leaseMs });
      if (ran) continue;
    } catch (error) {
      logError("deletion worker", error);
    }
    await sleep(options.idleMs ?? IDLE_POLL_MS, options.signal);
  }
}

type WorkerHolder = { stop?: () => Promise<void> };
const workerHolder = ((globalThis as { __peopleAdminDeletionWorker?: WorkerHolder }).__peopleAdminDeletionWorker ??= {});

// Starts this process's deletion worker once (instrumentation.ts calls it at server start); returns
// a function that stops it after the current batch. DELETION_WORKER=off disables it.
export function startDeletionWorker(): () => Promise<void> {
  if (workerHolder.stop) return workerHolder.stop;
  if (process.env.DELETION_WORKER === "off") return async () => {};
  const controller = new AbortController();
  const running = runDeletionJobs({ signal: controller.signal });
  workerHolder.stop = async () => {
    controller.abort();
    await running;
    workerHolder.stop = undefined;
  };
  return workerHolder.stop;
}
