import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { formatCount } from "@/lib/ui/format";

function pageHref(page: number, action?: string, actor?: string): string {
  const params = new URLSearchParams();
  if (action) params.set("action", action);
  if (actor) params.set("actor", actor);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/settings/audit-log?${query}` : "/settings/audit-log";
}

export function AuditPagination({ page, pageCount, total, action, actor }: { page: number; pageCount: number; total: number; action?: string; actor?: string }) {
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <p>
        Page {formatCount(page)} of {formatCount(pageCount)} · {formatCount(total)} entries
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={pageHref(page - 1, action, actor)} className={buttonClasses("secondary")} rel="prev">Previous</Link>
        ) : (
          <span aria-disabled="true" className={buttonClasses("secondary", "pointer-events-none opacity-50")}>Previous</span>
        )}
        {page < pageCount ? (
          <Link href={pageHref(page + 1, action, actor)} className={buttonClasses("secondary")} rel="next">Next</Link>
        ) : (
          <span aria-disabled="true" className={buttonClasses("secondary", "pointer-events-none opacity-50")}>Next</span>
        )}
      </div>
    </nav>
  );
}
