"use server";
// Server Actions of the Deletions page (support and admins): resume a failed job, cancel a running one.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf, requireActionUser } from "../auth/guard";
import { NotFoundError, ValidationError } from "../errors";
import { formatCount } from "../ui/format";
import { getWorkspace } from "../workspace/workspace";
import { cancelDeletionJob } from "../deletion/cancel";
import { resumeDeletionJob } from "../deletion/resume";

export type DeletionJobActionResult = { ok: boolean; message: string };

const jobIdSchema = z.string().regex(/^job_[0-9a-f]{20}$/);

async function run(jobId: unknown, act: (jobId: string) => Promise<string>): Promise<DeletionJobActionResult> {
  const parsed = jobIdSchema.safeParse(jobId);
  if (!parsed.success) return { ok: false, message: "No such deletion job." };
  try {
    const message = await act(parsed.data);
    revalidatePath("/deletions");
    return { ok: true, message };
  } catch (error) {
    if (error instanceof NotFoundError) return { ok: false, message: "No such deletion job." };
    if (error instanceof ValidationError) return { ok: false, message: "Only a failed deletion can be resumed." };
    throw error;
  }
}

// Puts a failed job back in the queue; it continues from its last committed batch.
export async function resumeDeletionJobAction(jobId: string): Promise<DeletionJobActionResult> {
  const user = await requireActionUser();
  const workspace = await getWorkspace();
  return run(jobId, async (id) => {
    const job = await resumeDeletionJob({ workspace, jobId: id, actor: actorOf(user) });
    return `Resumed: ${formatCount(job.total - job.done)} people left to delete.`;
  });
}

// Stops a job after the batch in flight; people already deleted stay deleted.
export async function cancelDeletionJobAction(jobId: string): Promise<DeletionJobActionResult> {
  const user = await requireActionUser();
  const workspace = await getWorkspace();
  return run(jobId, async (id) => {
    const job = await cancelDeletionJob({ workspace, jobId: id, actor: actorOf(user) });
    return `Cancelled after ${formatCount(job.done)} of ${formatCount(job.total)} deleted.`;
  });
}
