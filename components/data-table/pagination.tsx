// Cursor pagination for server-paged tables: first / previous / next / last links and the range shown.
import Link from "next/link";
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";
import { formatCount } from "@/lib/ui/format";
import { cn } from "@/lib/ui/cn";

type Links = { first: string | null; prev: string | null; next: string | null; last: string | null };

function PageLink({ href, label, children }: { href: string | null; label: string; children: React.ReactNode }) {
  if (!href) {
    return (
      <span aria-disabled="true" aria-label={label} role="link" className={cn(buttonClasses("secondary"), "cursor-not-allowed bg-slate-50 text-slate-500 hover:bg-slate-50")}>
        {children}
      </span>
    );
  }
  return (
    <Link href={href} aria-label={label} scroll={false} className={buttonClasses("secondary")}>
      {children}
    </Link>
  );
}

export function CursorPagination({
  page,
  pageSize,
  rowCount,
  total,
  isTotalExact = true,
  links,
  noun = "people",
}: {
  page: number;
  pageSize: number;
  rowCount: number;
  total: number;
  isTotalExact?: boolean;
  links: Links;
  noun?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = rowCount === 0 ? 0 : Math.min((page - 1) * pageSize + 1, total);
  const to = rowCount === 0 ? 0 : Math.min(from + rowCount - 1, total);
  return (
    <nav aria-label="Pagination" className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p aria-live="polite">
        {total === 0 ? `No ${noun}` : `Showing ${formatCount(from)}–${formatCount(to)} of ${isTotalExact ? "" : "about "}${formatCount(total)} ${noun}`}
        {total > 0 ? <span className="text-slate-500"> · page {formatCount(isTotalExact ? Math.min(page, pages) : page)} of {isTotalExact ? "" : "about "}{formatCount(pages)}</span> : null}
      </p>
      <div className="flex items-center gap-1.5">
        <PageLink href={links.first} label="First page">
          <ChevronsLeft aria-hidden className="size-4" />
        </PageLink>
        <PageLink href={links.prev} label="Previous page">
          <ChevronLeft aria-hidden className="size-4" /> Previous
        </PageLink>
        <PageLink href={links.next} label="Next page">
          Next <ChevronRight aria-hidden className="size-4" />
        </PageLink>
        <PageLink href={links.last} label="Last page">
          <ChevronsRight aria-hidden className="size-4" />
        </PageLink>
      </div>
    </nav>
  );
}
