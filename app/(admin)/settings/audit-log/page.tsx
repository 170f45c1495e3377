import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { AuditPagination } from "@/components/audit/audit-pagination";
import { auditSearchParamsSchema, findAuditEntries, listAuditFilterOptions } from "@/lib/audit/queries";
import { requirePageUser } from "@/lib/auth/guard";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("admin");
  const { page, ...filters } = auditSearchParamsSchema.parse(await searchParams);
  const workspace = await getWorkspace();
  const [result, options] = await Promise.all([
    findAuditEntries({ workspaceId: workspace.id, page, ...filters }),
    listAuditFilterOptions(workspace.id),
  ]);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every deletion, suppression, key and user change: who, what, how many, when, with a receipt id to quote. No personal data of the people acted on."
      />
      <AuditFilters options={options} {...filters} />
      <AuditTable rows={result.rows} />
      <AuditPagination {...filters} page={result.page} pageCount={result.pageCount} total={result.total} />
    </>
  );
}
