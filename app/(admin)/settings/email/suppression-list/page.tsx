import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AddEntryForm } from "@/components/esp-suppression/add-entry-form";
import { ImportForm } from "@/components/esp-suppression/import-form";
import { Pager } from "@/components/esp-suppression/pager";
import { SearchBox } from "@/components/esp-suppression/search-box";
import { SuppressionChart } from "@/components/esp-suppression/suppression-chart";
import { SuppressionTable } from "@/components/esp-suppression/suppression-table";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { countEspSuppressionsByType, findEspSuppressionDailyCounts, findEspSuppressions, type Count } from "@/lib/esp-suppression/queries";
import { ESP_TYPE_OPTIONS, espListSearchParamsSchema } from "@/lib/esp-suppression/schemas";
import { cn } from "@/lib/ui/cn";
import { formatCount } from "@/lib/ui/format";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Email suppression list" };

const PATH = "/settings/email/suppression-list";

function countLabel(count: Count) {
  return `${count.isExact ? "" : "≈ "}${formatCount(count.count)}`;
}

async function DailyChart({ workspaceId }: { workspaceId: string }) {
  const data = await findEspSuppressionDailyCounts({ workspaceId });
  return <SuppressionChart data={data} />;
}

export default async function EspSuppressionListPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("admin");
  const { type, q, page } = espListSearchParamsSchema.parse(await searchParams);
  const workspace = await getWorkspace();
  const [list, counts] = await Promise.all([
    findEspSuppressions({ workspaceId: workspace.id, type, search: q, page }),
    countEspSuppressionsByType({ workspaceId: workspace.id }),
  ]);
  const tabHref = (value?: string) => {
    const query = new URLSearchParams();
    if (value) query.set("type", value);
    if (q) query.set("q", q);
    const text = query.toString();
    return text ? `${PATH}?${text}` : PATH;
  };
  const exportQuery = new URLSearchParams();
  if (type) exportQuery.set("type", type);
  if (q) exportQuery.set("q", q);

  return (
    <>
      <PageHeader
        title="Email suppression list"
        description="Addresses the email provider must not send to (bounces, blocks, spam reports, invalid emails). People on it stay in the workspace; their page shows a badge."
        actions={
          <a href={`${PATH}/export${exportQuery.size ? `?${exportQuery}` : ""}`} className={buttonClasses("secondary")} download>
            Export CSV
          </a>
        }
      />

      <section aria-labelledby="esp-chart-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="esp-chart-heading" className="mb-2 text-sm font-semibold text-slate-900">New entries per day, last 90 days</h2>
        <Suspense fallback={<div className="h-48 animate-pulse rounded bg-slate-100" aria-hidden="true" />}>
          <DailyChart workspaceId={workspace.id} />
        </Suspense>
      </section>

      <nav aria-label="Suppression type" className="mb-4 flex flex-wrap gap-1 border-b border-slate-200">
        {[{ value: undefined, label: "All", count: counts.all }, ...ESP_TYPE_OPTIONS.map((option) => ({ ...option, count: counts[option.value] }))].map((tab) => {
          const isActive = type === tab.value;
          return (
            <Link
              key={tab.label}
              href={tabHref(tab.value)}
              aria-current={isActive ? "page" : undefined}
              className={cn(
                "-mb-px border-b-2 px-3 py-2 text-sm",
                isActive ? "border-indigo-600 font-medium text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
              )}
            >
              {tab.label} <span className="text-slate-400">{countLabel(tab.count)}</span>
            </Link>
          );
        })}
      </nav>

      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <SearchBox label="Search by email or domain" placeholder="Email prefix, or @domain.com" />
        {q ? (
          <p className="text-sm text-slate-600">
            {list.total.isExact ? formatCount(list.total.count) : `≈ ${formatCount(list.total.count)}`} matching “{q}”
          </p>
        ) : null}
      </div>

      <SuppressionTable rows={list.rows} />
      <Pager
        basePath={PATH}
        params={{ type, q }}
        page={list.page}
        pageSize={list.pageSize}
        rowsOnPage={list.rows.length}
        total={list.total.count}
        isTotalExact={list.total.isExact}
      />

      <div className="mt-8 flex flex-col gap-6">
        <section aria-labelledby="esp-add-heading" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="esp-add-heading" className="mb-3 text-base font-semibold text-slate-900">Add an address</h2>
          <AddEntryForm />
        </section>
        <section aria-labelledby="esp-import-heading" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="esp-import-heading" className="mb-3 text-base font-semibold text-slate-900">Import CSV</h2>
          <ImportForm />
        </section>
      </div>
    </>
  );
}
