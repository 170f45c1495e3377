// One batch of a deletion job. The batch's row in deletion_job_batch is locked FOR UPDATE SKIP LOCKED
// for each transaction that works on it and marked done in the one that finishes it, so no person is
// deleted twice or missed; a worker killed mid-batch leaves its batch free (its transaction dies with
// its connection, rolling back whatever it had not committed) for the next worker; two workers never
// hold the same batch at once.
import { Prisma, type JobStatus } from "../generated/prisma/client";
import { db } from "../db";
import type { Actor } from "../audit/record-audit";
import { deletePeopleInTransaction, type DeletionLocking } from "./delete-people";
import { finishJob, lockJob } from "./finish";

// progress: a batch committed. drained: no batch left that another worker isn't running.
// cancel_requested: staff asked to stop (nothing was deleted by this call). stopped: the job is not
// running (finished, failed or not started).
export type BatchOutcome = "progress" | "drained" | "cancel_requested" | "stopped";

// Runs the next batch of the job. Its people are locked without waiting (skip_locked, see
// lib/deletion/delete-people.ts); the few an in-flight event or identify held just then are deleted
// right after, in a second transaction that waits for them. Each person is deleted (and suppressed)
// in one transaction with everything that goes with them; the batch counts as done, and its snapshot
// rows go, only in the transaction that deletes its last person.
export async function runDeletionJobBatch(options: { jobId: string }): Promise<BatchOutcome> {
  const first = await runBatchTransaction(options.jobId, { locking: "skip_locked" });
  if (first.outcome !== "progress" || first.batchNo === undefined || !first.leftover) return first.outcome;
  const rest = await runBatchTransaction(options.jobId, { locking: "wait", batchNo: first.batchNo });
  // Drained here means another worker took the batch over meanwhile: it finishes it.
  return rest.outcome === "drained" ? "progress" : rest.outcome;
}

async function runBatchTransaction(
  jobId: string,
  options: { locking: DeletionLocking; batchNo?: number },
): Promise<{ outcome: BatchOutcome; batchNo?: number; leftover?: number }> {
  return db.$transaction(async (tx) => {
    // Read without a lock: the job row is only written at a batch's end (progress) and by cancel.
    const [job] = await tx.$queryRaw<
      { workspace_id: string; status: JobStatus; cancel_requested: boolean; suppress: boolean; receipt_id: string; actor_type: Actor["type"]; actor_id: string | null }[]
    >`SELECT workspace_id, status, cancel_requested, suppress, receipt_id, actor_type::text AS actor_type, actor_id
      FROM deletion_job WHERE id = ${jobId}`;
    if (!job || job.status !== "running") return { outcome: "stopped" };
    if (job.cancel_requested) return { outcome: "cancel_requested" };
    const which = options.batchNo === undefined ? Prisma.empty : Prisma.sql`AND batch_no = ${options.batchNo}`;
    const [batch] = await tx.$queryRaw<{ batch_no: number; first_seq: number; last_seq: number }[]>`
      SELECT batch_no, first_seq, last_seq FROM deletion_job_batch
      WHERE job_id = ${jobId} AND NOT done ${which}
      ORDER BY batch_no LIMIT 1
      FOR UPDATE SKIP LOCKED`;
    if (!batch) return { outcome: "drained" };
    // A primary-key range of the snapshot: its cost doesn't depend on the job's size or statistics.
    const items = await tx.$queryRaw<{ cio_id: string }[]>`
      SELECT cio_id FROM deletion_job_item WHERE job_id = ${jobId} AND seq BETWEEN ${batch.first_seq} AND ${batch.last_seq}`;
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: job.workspace_id } });
    const actor = { type: job.actor_type, id: job.actor_id } as Actor;
    const { deleted, leftover, earlierForgotten } = await deletePeopleInTransaction({
      workspace,
      cioIds: items.map((i) => i.cio_id),
      suppress: job.suppress,
      actor,
      receiptId: job.receipt_id,
      tx,
      locking: options.locking,
    });
    await tx.$executeRaw`
      UPDATE deletion_job_batch SET done = ${leftover === 0}, deleted = deleted + ${deleted}
      WHERE job_id = ${jobId} AND batch_no = ${batch.batch_no}`;
    if (leftover === 0) {
      await tx.$executeRaw`
        DELETE FROM deletion_job_item WHERE job_id = ${jobId} AND seq BETWEEN ${batch.first_seq} AND ${batch.last_seq}`;
    }
    // Last, so the job row (which cancel also writes) stays locked only for the commit.
    await tx.$executeRaw`
      UPDATE deletion_job SET done = LEAST(done + ${deleted}, total), earlier_forgotten = earlier_forgotten + ${earlierForgotten} WHERE id = ${jobId}`;
    return { outcome: "progress", batchNo: batch.batch_no, leftover };
  });
}

// Completes the job when every batch has committed; false while some batch is still pending or being
// run by another worker (whichever worker commits the last batch then sees all done here).
export async function completeIfDrained(jobId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const job = await lockJob(tx, jobId);
    if (!job || job.status !== "running" || job.cancel_requested) return false;
    const pending = await tx.$queryRaw<{ one: number }[]>`
      SELECT 1 AS one FROM deletion_job_batch WHERE job_id = ${jobId} AND NOT done LIMIT 1`;
    if (pending.length) return false;
    // People someone else deleted meanwhile count as done too: done ends equal to total.
    await tx.$executeRaw`UPDATE deletion_job SET done = total WHERE id = ${jobId}`;
    await finishJob(tx, { ...job, done: job.total }, "completed");
    return true;
  });
}
