import type { Metadata } from "next";
import { offsetPageLinks, Pagination } from "@/components/data-table/pagination";
import { SearchInput } from "@/components/data-table/toolbar";
import { DailyChartSection } from "@/components/esp-suppression/daily-chart-section";
import { EntryForms } from "@/components/esp-suppression/entry-forms";
import { SuppressionTable } from "@/components/esp-suppression/suppression-table";
import { countLabel, TypeTabs } from "@/components/esp-suppression/type-tabs";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { countEspSuppressionsByType, findEspSuppressions } from "@/lib/esp-suppression/queries";
import { espExportHref, espListHref, espListSearchParamsSchema } from "@/lib/esp-suppression/search-params";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Email suppression list" };

export default async function EspSuppressionListPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("admin");
  const { type, q, page } = espListSearchParamsSchema.parse(await searchParams);
  const workspace = await getWorkspace();
  const [list, counts] = await Promise.all([
    findEspSuppressions({ workspaceId: workspace.id, type, search: q, page }),
    countEspSuppressionsByType({ workspaceId: workspace.id }),
  ]);
  const summary = { page: list.page, pageSize: list.pageSize, rowCount: list.rows.length, total: list.total.count, isTotalExact: list.total.isExact, noun: "entries" };
  return (
    <>
      <PageHeader
        title="Email suppression list"
        description="Addresses the email provider must not send to (bounces, blocks, spam reports, invalid emails). People on it stay in the workspace; their page shows a badge."
        actions={
          <a href={espExportHref({ type, q })} className={buttonClasses("secondary")} download>
            Export CSV
          </a>
        }
      />
      <DailyChartSection workspaceId={workspace.id} />
      <TypeTabs type={type} q={q} counts={counts} />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <SearchInput label="Search by email or domain" placeholder="Email prefix, or @domain.com" />
        {q ? <p className="text-sm text-slate-600">{`${countLabel(list.total)} matching “${q}”`}</p> : null}
      </div>
      <SuppressionTable rows={list.rows} />
      <Pagination links={offsetPageLinks({ ...summary, href: (target) => espListHref({ type, q, page: target }) })} summary={summary} />
      <EntryForms />
    </>
  );
}
