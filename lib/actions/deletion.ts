"use server";
// Server Actions of deletion jobs (support and admins): cancel one, from the People page's progress or
// the Deletions page, and resume a failed one. Both through the pipeline.
import { z } from "zod";
import { NotFoundError, ValidationError } from "../errors";
import { formatCount } from "../ui/format";
import { cancelDeletionJob } from "../deletion/cancel";
import { isJobId } from "../deletion/progress";
import { resumeDeletionJob } from "../deletion/resume";
import { serverAction } from "./pipeline";

const NO_SUCH_JOB = "No such deletion job.";
const jobIdSchema = z.string().refine(isJobId);

// Stops a deletion job after the batch in flight (people already deleted stay deleted); a failed job
// is given up. Returns once that batch has committed, with the final count.
export const cancelDeletionAction = serverAction({
  role: "staff",
  input: jobIdSchema,
  invalidMessage: NO_SUCH_JOB,
  refusals: [],
  revalidate: ["/deletions"],
  run: async ({ input: jobId, workspace, actor }) => {
    try {
      const job = await cancelDeletionJob({ workspace, jobId, actor });
      return { ok: true, message: `Cancelled: ${formatCount(job.done)} of ${formatCount(job.total)} deleted.` };
    } catch (error) {
      if (error instanceof NotFoundError) return { ok: false, message: NO_SUCH_JOB };
      throw error;
    }
  },
});

// Puts a failed job back in the queue; it continues from its last committed batch.
export const resumeDeletionJobAction = serverAction({
  role: "staff",
  input: jobIdSchema,
  invalidMessage: NO_SUCH_JOB,
  refusals: [],
  revalidate: ["/deletions"],
  run: async ({ input: jobId, workspace, actor }) => {
    try {
      const job = await resumeDeletionJob({ workspace, jobId, actor });
      return { ok: true, message: `Resumed: ${formatCount(job.total - job.done)} people left to delete.` };
    } catch (error) {
      if (error instanceof NotFoundError) return { ok: false, message: NO_SUCH_JOB };
      if (error instanceof ValidationError) return { ok: false, message: "Only a failed deletion can be resumed." };
      throw error;
    }
  },
});
