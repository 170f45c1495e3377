// GET /api/deletion-jobs/:id — a deletion job's progress for the page that polls it (signed-in staff,
// support or admin). A GET reads nothing but the job, so it needs no Origin check: another site's
// page can send it with the cookie but cannot read the answer. 401 without a session, 404 unknown.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { isAuthorizationError, requireRequestUser } from "@/lib/auth/guard";
import { getDeletionJob, toDeletionProgress } from "@/lib/deletion/progress";
import { errorResponse, errorToResponse, jsonResponse } from "@/lib/api/http";
import { getWorkspace } from "@/lib/workspace/workspace";

const jobIdSchema = z.string().regex(/^job_[0-9a-f]{20}$/, "Unknown deletion job.");

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    await requireRequestUser(request);
    const jobId = jobIdSchema.safeParse((await params).id);
    if (!jobId.success) return errorResponse(404, ["Unknown deletion job."]);
    const job = await getDeletionJob({ workspace: await getWorkspace(), jobId: jobId.data });
    // The People page lists what's left once a job has finished.
    if (job.status === "completed") revalidatePath("/people");
    return jsonResponse(toDeletionProgress(job), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (isAuthorizationError(error)) return errorResponse(error.status, [error.message]);
    return errorToResponse(error);
  }
}
