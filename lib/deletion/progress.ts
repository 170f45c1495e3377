// What staff see of deletion jobs: one job's progress (the dialog's poll) and the list of jobs (the
// Deletions page). Read from the job table, so it survives restarts.
import type { JobStatus, Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { isFormattedErrorSummary, NotFoundError } from "../errors";
import { isStorableText } from "../text";

export type DeletionJobView = {
  id: string;
  status: JobStatus;
  suppress: boolean;
  done: number;
  total: number;
  // People per second between start and finish (or now); 0 before the start.
  rate: number;
  // Seconds from start to finish (or now); null before the start.
  durationSeconds: number | null;
  // Seconds left at the current rate; null when not running or not yet measurable.
  etaSeconds: number | null;
  cancelRequested: boolean;
  error: string | null;
  receiptId: string;
  actorType: "user" | "api_key" | "system";
  actorId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export const jobSelect = {
  id: true,
  status: true,
  suppress: true,
  done: true,
  total: true,
  cancelRequested: true,
  error: true,
  receiptId: true,
  actorType: true,
  actorId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

type JobRow = Omit<DeletionJobView, "rate" | "etaSeconds" | "durationSeconds">;

export function toJobView(job: JobRow, now = new Date()): DeletionJobView {
  const end = job.finishedAt ?? now;
  const durationSeconds = job.startedAt ? Math.max((end.getTime() - job.startedAt.getTime()) / 1000, 0.001) : null;
  const rate = durationSeconds ? job.done / durationSeconds : 0;
  const etaSeconds = (job.status === "running" || job.status === "queued") && rate > 0 ? Math.ceil((job.total - job.done) / rate) : null;
  // Jobs that failed before errors were summarized stored the error's raw text, which can hold values.
  const error = job.error === null || isFormattedErrorSummary(job.error) ? job.error : "Error: unexpected error";
  return { ...job, error, rate, durationSeconds, etaSeconds };
}

// Progress of a deletion job: done / total, rate in people per second and the seconds left.
// Whether a value from a caller can be a job id at all: anything else (null, a number, a NUL the
// database would fail on with a 500) is simply not found.
export function isJobId(id: unknown): id is string {
  return typeof id === "string" && id.length <= 100 && isStorableText(id);
}

export async function getDeletionJob(options: { workspace: Workspace; jobId: string }): Promise<DeletionJobView> {
  if (!isJobId(options.jobId)) throw new NotFoundError("deletion job not found");
  const job = await db.deletionJob.findFirst({ where: { id: options.jobId, workspaceId: options.workspace.id }, select: jobSelect });
  if (!job) throw new NotFoundError("deletion job not found");
  return toJobView(job);
}

export type DeletionJobListItem = DeletionJobView & { actorName: string | null };

// The workspace's deletion jobs, newest first, with the name of the staff member who started each.
export async function listDeletionJobs(options: { workspace: Workspace; limit?: number }): Promise<DeletionJobListItem[]> {
  const jobs = await db.deletionJob.findMany({
    where: { workspaceId: options.workspace.id },
    orderBy: { createdAt: "desc" },
    take: options.limit ?? 100,
    select: jobSelect,
  });
  const userIds = [...new Set(jobs.filter((j) => j.actorType === "user" && j.actorId).map((j) => j.actorId!))];
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const now = new Date();
  return jobs.map((job) => ({ ...toJobView(job, now), actorName: job.actorId ? (names.get(job.actorId) ?? null) : null }));
}

// What the browser polls (GET /api/deletion-jobs/:id): the job's progress, nothing about its people.
export type DeletionProgress = {
  jobId: string;
  status: JobStatus;
  done: number;
  total: number;
  // People per second, and seconds left; null until known.
  rate: number | null;
  etaSeconds: number | null;
  cancelRequested: boolean;
  suppress: boolean;
  receiptId: string;
  error: string | null;
};

export function toDeletionProgress(job: DeletionJobView): DeletionProgress {
  return {
    jobId: job.id,
    status: job.status,
    done: job.done,
    total: job.total,
    rate: job.rate > 0 ? job.rate : null,
    etaSeconds: job.etaSeconds,
    cancelRequested: job.cancelRequested,
    suppress: job.suppress,
    receiptId: job.receiptId,
    error: job.error,
  };
}

// Deletion jobs still queued or running, newest first: the People page shows their progress, so it
// reappears after a reload or a server restart.
export async function findActiveDeletionJobIds({ workspaceId }: { workspaceId: string }): Promise<string[]> {
  const jobs = await db.deletionJob.findMany({
    where: { workspaceId, status: { in: ["queued", "running"] } },
    select: { id: true },
    orderBy: { createdAt: "desc" },
    take: 5,
  });
  return jobs.map((j) => j.id);
}
