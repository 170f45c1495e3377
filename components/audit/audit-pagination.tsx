import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { formatCount } from "@/lib/ui/format";

type Filters = { action?: string; actor?: string; receipt?: string; kind?: string };

function pageHref(page: number, filters: Filters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/settings/audit-log?${query}` : "/settings/audit-log";
}

export function AuditPagination({ page, pageCount, total, ...filters }: { page: number; pageCount: number; total: number } & Filters) {
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <p>
        Page {formatCount(page)} of {formatCount(pageCount)} · {formatCount(total)} entries
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={pageHref(page - 1, filters)} className={buttonClasses("secondary")} rel="prev">Previous</Link>
        ) : (
          <span aria-disabled="true" className={buttonClasses("secondary", "pointer-events-none opacity-50")}>Previous</span>
        )}
        {page < pageCount ? (
          <Link href={pageHref(page + 1, filters)} className={buttonClasses("secondary")} rel="next">Next</Link>
        ) : (
          <span aria-disabled="true" className={buttonClasses("secondary", "pointer-events-none opacity-50")}>Next</span>
        )}
      </div>
    </nav>
  );
}
