// Resuming a failed deletion job: it goes back to the queue and continues from its last committed
// batch (committed batches are never run again).
import type { Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { NotFoundError, ValidationError } from "../errors";
import { getDeletionJob, isJobId, type DeletionJobView } from "./progress";

export async function resumeDeletionJob(options: { workspace: Workspace; jobId: string; actor: Actor }): Promise<DeletionJobView> {
  const { workspace, jobId, actor } = options;
  if (!isJobId(jobId)) throw new NotFoundError("deletion job not found");
  await db.$transaction(async (tx) => {
    const job = await tx.deletionJob.findFirst({ where: { id: jobId, workspaceId: workspace.id }, select: { status: true, total: true, done: true } });
    if (!job) throw new NotFoundError("deletion job not found");
    if (job.status !== "failed") throw new ValidationError("only a failed deletion job can be resumed");
    await tx.$executeRaw`
      UPDATE deletion_job SET status = 'queued', error = NULL, finished_at = NULL WHERE id = ${jobId} AND status = 'failed'`;
    await recordAudit({ tx, workspaceId: workspace.id, actor, action: "deletion_job.resume", count: job.total - job.done, details: { jobId } });
  });
  return getDeletionJob({ workspace, jobId });
}
