import type { Metadata } from "next";
import Link from "next/link";
import { DeletionsTable, type DeletionJobRow } from "@/components/deletions/deletions-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { listDeletionJobs } from "@/lib/deletion/progress";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Deletions" };

// Bulk deletions (support and admins): running and finished jobs with who, when, how many and what
// became of them — a cancelled job's count and a failed job's reason included.
export default async function DeletionsPage() {
  await requirePageUser();
  const workspace = await getWorkspace();
  const jobs = await listDeletionJobs({ workspace });
  const rows: DeletionJobRow[] = jobs.map((job) => ({
    id: job.id,
    status: job.status,
    suppress: job.suppress,
    done: job.done,
    total: job.total,
    rate: job.rate,
    durationSeconds: job.durationSeconds,
    cancelRequested: job.cancelRequested,
    error: job.error,
    receiptId: job.receiptId,
    startedBy: job.actorType === "user" ? (job.actorName ?? "a removed user") : job.actorType === "api_key" ? "API key" : "system",
    createdAt: job.createdAt.toISOString(),
  }));
  return (
    <>
      <PageHeader
        title="Deletions"
        description="Bulk deletions confirmed on the People page: who started them, how many were deleted, with or without suppression, and their receipt ids."
        actions={
          <Link href="/people/erase-list" className="text-sm font-medium text-indigo-700 underline">
            Erase a list
          </Link>
        }
      />
      <DeletionsTable rows={rows} />
    </>
  );
}
