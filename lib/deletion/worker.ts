// The deletion worker: picks the oldest unfinished job and runs its batches until the job ends.
// Any number of workers (processes) share a job batch by batch (lib/deletion/batch.ts); a job left
// by a killed process is simply picked up again, there is no lease to wait out.
import { Prisma } from "../generated/prisma/client";
import { db, isEmbeddedDatabase } from "../db";
import { formatErrorSummary, logError, safeErrorSummary } from "../errors";
import { isRetryable } from "../identity/retry-transaction";
import { completeIfDrained, runDeletionJobBatch } from "./batch";
import { finishCancelledJob } from "./cancel";
import { emitJobEnded, type JobForFinish } from "./finish";
import { tidyAfterBulkDeletion } from "../sql/maintenance";

const IDLE_POLL_MS = 1_000;
const BATCH_ATTEMPTS = 3;
// The embedded database has one connection: each batch holds it, so between batches the worker
// leaves it free at least as long as the batch took (at least EMBEDDED_YIELD_MS). Pages and API
// calls queued behind a batch then wait for one short batch, never for a run of them.
const EMBEDDED_YIELD_MS = 30;

// completed / cancelled / failed: the job ended here. busy: the batches left are being run by other
// workers. stopped: someone else ended the job. paused: maxBatches ran or the signal aborted.
export type JobRunOutcome = "completed" | "cancelled" | "failed" | "busy" | "stopped" | "paused";

// Runs batches of the oldest unfinished job (or of options.jobId) until it ends, other workers hold
// the rest, or maxBatches ran. Null when there was nothing to do.
export async function processNextDeletionJob(options: {
  signal?: AbortSignal;
  maxBatches?: number;
  // Restrict to one job (tests, scripts).
  jobId?: string;
  // Jobs to pass over (this worker found them busy).
  skip?: string[];
}): Promise<{ jobId: string; outcome: JobRunOutcome; batches: number } | null> {
  const only = options.jobId ? Prisma.sql`AND id = ${options.jobId}` : Prisma.empty;
  const skip = options.skip?.length ? Prisma.sql`AND id <> ALL(${options.skip}::text[])` : Prisma.empty;
  const [next] = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM deletion_job WHERE status IN ('queued', 'running') ${only} ${skip} ORDER BY created_at LIMIT 1`;
  if (!next) return null;
  const jobId = next.id;
  await db.$executeRaw`
    UPDATE deletion_job SET status = 'running', started_at = COALESCE(started_at, now()) WHERE id = ${jobId} AND status = 'queued'`;
  let batches = 0;
  let failures = 0;
  const ended = (outcome: JobRunOutcome) => ({ jobId, outcome, batches });
  while (!options.signal?.aborted) {
    if (options.maxBatches !== undefined && batches >= options.maxBatches) return ended("paused");
    try {
      const started = performance.now();
      const outcome = await runDeletionJobBatch({ jobId });
      failures = 0;
      if (outcome === "progress") {
        batches++;
        if (isEmbeddedDatabase) await sleep(Math.max(EMBEDDED_YIELD_MS, performance.now() - started), options.signal);
        continue;
      }
      if (outcome === "drained") return ended((await completeIfDrained(jobId)) ? "completed" : "busy");
      if (outcome === "cancel_requested") {
        await finishCancelledJob(jobId);
        return ended("cancelled");
      }
      return ended("stopped");
    } catch (error) {
      if (isRetryable(error) && ++failures < BATCH_ATTEMPTS) continue;
      // Staff see this on the job; a database error's own text can quote a person's values.
      logError(`deletion job ${jobId}: batch failed`, error);
      await markJobFailed(jobId, formatErrorSummary(safeErrorSummary(error)));
      return ended("failed");
    }
  }
  return ended("paused");
}

// The job's failure and its deletion.failed event, together.
async function markJobFailed(jobId: string, error: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const [job] = await tx.$queryRaw<JobForFinish[]>`
      UPDATE deletion_job SET status = 'failed', error = ${error}, finished_at = now()
      WHERE id = ${jobId} AND status = 'running'
      RETURNING id, workspace_id, suppress, done, total, receipt_id, actor_type::text AS actor_type, actor_id`;
    if (job) await emitJobEnded(tx, job, "deletion.failed");
  });
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


// The worker loop: runs deletion jobs one after another until signal aborts. A job whose remaining
// batches other workers hold is passed over until the next idle poll.
export async function runDeletionJobs(options: { signal: AbortSignal; idleMs?: number }): Promise<void> {
  let busy: string[] = [];
  while (!options.signal.aborted) {
    try {
      const ran = await processNextDeletionJob({ signal: options.signal, skip: busy });
      if (ran?.outcome === "completed" || ran?.outcome === "cancelled") await tidyAfterBulkDeletion();
      if (ran && ran.outcome !== "busy") continue;
      if (ran) {
        busy.push(ran.jobId);
        continue;
      }
    } catch (error) {
      logError("deletion worker", error);
    }
    busy = [];
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
