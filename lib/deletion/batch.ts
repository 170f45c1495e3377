// One batch of a deletion job, in its own transaction. The batch's row in deletion_job_batch is
// locked FOR UPDATE SKIP LOCKED for the whole transaction and marked done in it, so a batch commits
// whole or not at all; a worker killed mid-batch leaves its batch free (its transaction dies with its
// connection) for the next worker; two workers never hold the same batch.
import type { JobStatus } from "../generated/prisma/client";
import { db } from "../db";
import type { Actor } from "../audit/record-audit";
import { deletePeopleInTransaction } from "./delete-people";
import { finishJob, lockJob } from "./finish";

// progress: a batch committed. drained: no batch left that another worker isn't running.
// cancel_requested: staff asked to stop (nothing was deleted by this call). stopped: the job is not
// running (finished, failed or not started).
export type BatchOutcome = "progress" | "drained" | "cancel_requested" | "stopped";

export async function runDeletionJobBatch(options: { jobId: string }): Promise<BatchOutcome> {
  const { jobId } = options;
  return db.$transaction(async (tx): Promise<BatchOutcome> => {
    // Read without a lock: the job row is only written at a batch's end (progress) and by cancel.
    const [job] = await tx.$queryRaw<
      { workspace_id: string; status: JobStatus; cancel_requested: boolean; suppress: boolean; receipt_id: string; actor_type: Actor["type"]; actor_id: string | null }[]
    >`SELECT workspace_id, status, cancel_requested, suppress, receipt_id, actor_type::text AS actor_type, actor_id
      FROM deletion_job WHERE id = ${jobId}`;
    if (!job || job.status !== "running") return "stopped";
    if (job.cancel_requested) return "cancel_requested";
    const [batch] = await tx.$queryRaw<{ batch_no: number; first_seq: number; last_seq: number }[]>`
      SELECT batch_no, first_seq, last_seq FROM deletion_job_batch
      WHERE job_id = ${jobId} AND NOT done
      ORDER BY batch_no LIMIT 1
      FOR UPDATE SKIP LOCKED`;
    if (!batch) return "drained";
    // A primary-key range of the snapshot: its cost doesn't depend on the job's size or statistics.
    const items = await tx.$queryRaw<{ cio_id: string }[]>`
      SELECT cio_id FROM deletion_job_item WHERE job_id = ${jobId} AND seq BETWEEN ${batch.first_seq} AND ${batch.last_seq}`;
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: job.workspace_id } });
    const actor = { type: job.actor_type, id: job.actor_id } as Actor;
    const { deleted } = await deletePeopleInTransaction({
      workspace,
      cioIds: items.map((i) => i.cio_id),
      suppress: job.suppress,
      actor,
      receiptId: job.receipt_id,
      tx,
    });
    await tx.$executeRaw`
      UPDATE deletion_job_batch SET done = true, deleted = ${deleted} WHERE job_id = ${jobId} AND batch_no = ${batch.batch_no}`;
    await tx.$executeRaw`
      DELETE FROM deletion_job_item WHERE job_id = ${jobId} AND seq BETWEEN ${batch.first_seq} AND ${batch.last_seq}`;
    // Last, so the job row (which cancel also writes) stays locked only for the commit.
    await tx.$executeRaw`UPDATE deletion_job SET done = LEAST(done + ${deleted}, total) WHERE id = ${jobId}`;
    return "progress";
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
