// Ending a deletion job: its final status, the audit entry that counts what it deleted, and dropping
// what is left of its snapshot (cio_ids of people kept after a cancel needn't linger).
import type { Tx } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { emitDeletionEnded } from "../outbox/emit";

export type JobForFinish = {
  id: string;
  workspace_id: string;
  suppress: boolean;
  done: number;
  total: number;
  receipt_id: string;
  actor_type: Actor["type"];
  actor_id: string | null;
};

// What a job's deletion.* event names as its source: "list" when an erasure list started it (its
// creation's audit entry, under the job's receipt, says so), else "job".
async function jobSource(tx: Tx, receiptId: string): Promise<"job" | "list"> {
  const [row] = await tx.$queryRaw<{ list: boolean }[]>`
    SELECT deletion_kind(action, actor_type, details) = 'list' AS list FROM audit_entry WHERE receipt_id = ${receiptId}`;
  return row?.list ? "list" : "job";
}

// The job row locked FOR UPDATE, or undefined. Callers that also lock batches lock those first.
export async function lockJob(tx: Tx, jobId: string) {
  const [job] = await tx.$queryRaw<(JobForFinish & { status: string; cancel_requested: boolean })[]>`
    SELECT id, workspace_id, status::text AS status, cancel_requested, suppress, done, total, receipt_id,
      actor_type::text AS actor_type, actor_id
    FROM deletion_job WHERE id = ${jobId} FOR UPDATE`;
  return job;
}

export async function finishJob(tx: Tx, job: JobForFinish, status: "completed" | "cancelled"): Promise<void> {
  await tx.$executeRaw`UPDATE deletion_job SET status = ${status}::"JobStatus", finished_at = now() WHERE id = ${job.id}`;
  await tx.$executeRaw`DELETE FROM deletion_job_item WHERE job_id = ${job.id}`;
  await tx.$executeRaw`DELETE FROM deletion_job_batch WHERE job_id = ${job.id}`;
  await recordAudit({
    tx,
    workspaceId: job.workspace_id,
    actor: { type: job.actor_type, id: job.actor_id } as Actor,
    action: job.suppress ? "people.delete_and_suppress" : "people.delete",
    count: job.done,
    details: { jobId: job.id, status, total: job.total, jobReceiptId: job.receipt_id },
  });
  await emitJobEnded(tx, job, status === "completed" ? "deletion.completed" : "deletion.cancelled");
}

// A job's deletion.completed / cancelled / failed event, in the transaction that ends it.
export async function emitJobEnded(tx: Tx, job: JobForFinish, type: "deletion.completed" | "deletion.cancelled" | "deletion.failed"): Promise<void> {
  await emitDeletionEnded(tx, {
    workspaceId: job.workspace_id,
    type,
    receiptId: job.receipt_id,
    actor: { type: job.actor_type, id: job.actor_id } as Actor,
    jobId: job.id,
    suppressed: job.suppress,
    deleted: job.done,
    total: job.total,
    source: await jobSource(tx, job.receipt_id),
  });
}
