import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { formatCount } from "@/lib/ui/format";

// Previous/next links that keep the other URL parameters. `total` may be an estimate.
export function Pager({
  basePath,
  params,
  page,
  pageSize,
  rowsOnPage,
  total,
  isTotalExact,
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  page: number;
  pageSize: number;
  rowsOnPage: number;
  total: number;
  isTotalExact: boolean;
}) {
  const href = (target: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
    if (target > 1) query.set("page", String(target));
    const text = query.toString();
    return text ? `${basePath}?${text}` : basePath;
  };
  const first = rowsOnPage === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = (page - 1) * pageSize + rowsOnPage;
  const hasNext = rowsOnPage === pageSize && (!isTotalExact || last < total);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav aria-label="Pagination" className="mt-3 flex items-center justify-between text-sm text-slate-600">
      <p>
        {rowsOnPage === 0 ? "No entries" : `${formatCount(first)}–${formatCount(last)} of ${isTotalExact ? "" : "≈ "}${formatCount(total)}`}
        {isTotalExact && pages > 1 ? ` · page ${formatCount(page)} of ${formatCount(pages)}` : ""}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} className={buttonClasses("secondary")} rel="prev">
            Previous
          </Link>
        ) : (
          <span aria-disabled="true" className={buttonClasses("secondary", "pointer-events-none opacity-50")}>Previous</span>
        )}
        {hasNext ? (
          <Link href={href(page + 1)} className={buttonClasses("secondary")} rel="next">
            Next
          </Link>
        ) : (
          <span aria-disabled="true" className={buttonClasses("secondary", "pointer-events-none opacity-50")}>Next</span>
        )}
      </div>
    </nav>
  );
}
