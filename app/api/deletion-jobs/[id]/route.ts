// GET /api/deletion-jobs/:id — a deletion job's progress for the page that polls it (signed-in staff,
// support or admin, from the app's own pages). 401 without a session, 404 unknown.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffRoute } from "@/lib/api/route";
import { HttpError, jsonResponse } from "@/lib/api/http";
import { getDeletionJob, toDeletionProgress } from "@/lib/deletion/progress";

const jobIdSchema = z.string().regex(/^job_[0-9a-f]{20}$/, "Unknown deletion job.");

export const GET = staffRoute<{ id: string }>(async ({ params, workspace }) => {
  const jobId = jobIdSchema.safeParse(params.id);
  if (!jobId.success) throw new HttpError(404, ["Unknown deletion job."]);
  const job = await getDeletionJob({ workspace, jobId: jobId.data });
  // The People page lists what's left once a job has finished.
  if (job.status === "completed") revalidatePath("/people");
  return jsonResponse(toDeletionProgress(job), { headers: { "cache-control": "no-store" } });
});
