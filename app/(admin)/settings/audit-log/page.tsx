import type { Metadata } from "next";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { offsetPageLinks, Pagination } from "@/components/data-table/pagination";
import { PageHeader } from "@/components/ui/page-header";
import { findAuditEntries, listAuditFilterOptions } from "@/lib/audit/queries";
import { auditHref, auditSearchParamsSchema } from "@/lib/audit/search-params";
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
  const summary = { page: result.page, pageSize: result.pageSize, rowCount: result.rows.length, total: result.total, noun: "entries" };
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every deletion, suppression, key and user change: who, what, how many, when, with a receipt id to quote. No personal data of the people acted on."
      />
      <AuditFilters options={options} {...filters} />
      <AuditTable rows={result.rows} />
      <Pagination links={offsetPageLinks({ ...summary, href: (target) => auditHref({ ...filters, page: target }) })} summary={summary} />
    </>
  );
}
