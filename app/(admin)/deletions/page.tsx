import type { Metadata } from "next";
import Link from "next/link";
import { DeletionsTable, type DeletionJobRow } from "@/components/deletions/deletions-table";
import { AllDeletionsTable, type DeletionRow } from "@/components/deletions/all-deletions-table";
import { LookUpForm } from "@/components/deletions/look-up-form";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { findDeletions } from "@/lib/deletion/find-deletions";
import { deletionsSearchParamsSchema } from "@/lib/deletion/search-params";
import { requirePageUser } from "@/lib/auth/guard";
import { listDeletionJobs } from "@/lib/deletion/progress";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Deletions" };

// Bulk deletions (support and admins): running and finished jobs with who, when, how many and what
// became of them — a cancelled job's count and a failed job's reason included.
export default async function DeletionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = deletionsSearchParamsSchema.parse(await searchParams);
  const workspace = await getWorkspace();
  const [jobs, all] = await Promise.all([listDeletionJobs({ workspace }), findDeletions({ workspace, params })]);
  const deletions: DeletionRow[] = all.rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
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
        description="Every deletion on record (person page, selections, erasure requests, API, bulk jobs): who, when, how many, with or without suppression, and the receipt of its certificate."
        actions={
          <Link href="/people/erase-list" className="text-sm font-medium text-indigo-700 underline">
            Erase a list
          </Link>
        }
      />
      <Section title="Did we delete this person?" className="mb-8 max-w-3xl">
        <LookUpForm />
      </Section>
      <Section title="Every deletion on record" card={false} className="mb-8">
        <AllDeletionsTable rows={deletions} params={params} nextCursor={all.nextCursor} />
      </Section>
      <Section title="Bulk jobs" card={false}>
        <DeletionsTable rows={rows} />
      </Section>
    </>
  );
}
