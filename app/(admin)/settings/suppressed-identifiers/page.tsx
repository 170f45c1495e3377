import type { Metadata } from "next";
import { offsetPageLinks, Pagination } from "@/components/data-table/pagination";
import { SuppressionLookup } from "@/components/suppression/suppression-lookup";
import { SuppressionsTable } from "@/components/suppression/suppressions-table";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { suppressionWording } from "@/lib/suppression/mode-effects";
import { findSuppressions } from "@/lib/suppression/queries";
import { SUPPRESSED_IDENTIFIERS_PATH, suppressionsHref, suppressionsSearchParamsSchema } from "@/lib/suppression/search-params";
import { formatCount } from "@/lib/ui/format";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Suppressed identifiers" };

export default async function SuppressedIdentifiersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("admin");
  const { page } = suppressionsSearchParamsSchema.parse(await searchParams);
  const workspace = await getWorkspace();
  const { rows, total, pageSize } = await findSuppressions({ workspaceId: workspace.id, page });
  const summary = { page, pageSize, rowCount: rows.length, total: total.count, isTotalExact: total.isExact, noun: "profiles" };
  return (
    <>
      <PageHeader
        title="Suppressed identifiers"
        description={suppressionWording(workspace.identificationMode).listDescription}
        actions={
          <a href={`${SUPPRESSED_IDENTIFIERS_PATH}/export`} className={buttonClasses("secondary")} download>
            Export CSV
          </a>
        }
      />
      <SuppressionLookup />
      <p className="mb-2 text-sm text-slate-700" aria-label="Total suppressed profiles">
        {total.isExact ? "" : "≈ "}
        {formatCount(total.count)} suppressed {total.count === 1 ? "profile" : "profiles"}
      </p>
      <SuppressionsTable rows={rows} />
      <Pagination links={offsetPageLinks({ ...summary, href: (target) => suppressionsHref({ page: target }) })} summary={summary} />
    </>
  );
}
