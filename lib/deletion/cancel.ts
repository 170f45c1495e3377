// Cancelling a deletion job: it stops after the batch in flight (people already deleted stay
// deleted) and reports how many were deleted. A failed job can be cancelled too (given up); a
// finished one is returned unchanged.
import type { Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { NotFoundError } from "../errors";
import { finishJob, lockJob } from "./finish";
import { getDeletionJob, isJobId, jobSelect, toJobView, type DeletionJobView } from "./progress";

const CANCELLABLE = ["queued", "running", "failed"];

export async function cancelDeletionJob(options: { workspace: Workspace; jobId: string; actor: Actor }): Promise<DeletionJobView> {
  const { workspace, jobId, actor } = options;
  if (!isJobId(jobId)) throw new NotFoundError("deletion job not found");
  // First the request, committed on its own: batches in flight see it at their next start.
  const requested = await db.$transaction(async (tx) => {
    const job = await tx.deletionJob.findFirst({ where: { id: jobId, workspaceId: workspace.id }, select: jobSelect });
    if (!job) throw new NotFoundError("deletion job not found");
    if (!CANCELLABLE.includes(job.status)) return false;
    await tx.$executeRaw`UPDATE deletion_job SET cancel_requested = true WHERE id = ${jobId}`;
    await recordAudit({ tx, workspaceId: workspace.id, actor, action: "deletion_job.cancel", count: job.total - job.done, details: { jobId } });
    return true;
  });
  if (requested) await finishCancelledJob(jobId);
  return getDeletionJob({ workspace, jobId });
}

// Ends a job whose cancel was requested, once the batch in flight (if any) has committed: its
// pending batches are locked first (waiting for the one a worker runs), then the job row, in the
// same order as a batch takes them. Workers call it too when they meet the request.
export async function finishCancelledJob(jobId: string): Promise<DeletionJobView | null> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT batch_no FROM deletion_job_batch WHERE job_id = ${jobId} AND NOT done FOR UPDATE`;
    const job = await lockJob(tx, jobId);
    if (!job) return null;
    if (job.cancel_requested && CANCELLABLE.includes(job.status)) await finishJob(tx, job, "cancelled");
    const view = await tx.deletionJob.findUniqueOrThrow({ where: { id: jobId }, select: jobSelect });
    return toJobView(view);
  });
}
