// The one pagination of every list: first / previous / next / last links (a missing link is shown
// disabled) and the range shown. Works for keyset (cursor) and offset pages alike: the caller hands
// the links; offsetPageLinks builds them for offset pages.
import Link from "next/link";
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";
import { formatCount } from "@/lib/ui/format";
import { cn } from "@/lib/ui/cn";

export type PageLinks = { first: string | null; prev: string | null; next: string | null; last: string | null };

export type PageSummary = {
  page: number;
  pageSize: number;
  rowCount: number;
  total: number;
  // False when total is the planner's estimate: shown as "about N".
  isTotalExact?: boolean;
  noun: string;
};

// The links of page `page` of an offset-paged list. With an estimated total there is no last page to
// jump to, and a next page exists while pages come back full.
export function offsetPageLinks({
  page,
  pageSize,
  rowCount,
  total,
  isTotalExact = true,
  href,
}: Omit<PageSummary, "noun"> & { href: (page: number) => string }): PageLinks {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const hasNext = rowCount === pageSize && (!isTotalExact || page < pages);
  return {
    first: page > 1 ? href(1) : null,
    prev: page > 1 ? href(page - 1) : null,
    next: hasNext ? href(page + 1) : null,
    last: isTotalExact && page < pages ? href(pages) : null,
  };
}

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

function summaryText({ page, pageSize, rowCount, total, isTotalExact = true, noun }: PageSummary) {
  if (total === 0) return <>No {noun}</>;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = rowCount === 0 ? 0 : Math.min((page - 1) * pageSize + 1, total);
  const to = rowCount === 0 ? 0 : Math.min(from + rowCount - 1, total);
  const about = isTotalExact ? "" : "about ";
  return (
    <>
      {`Showing ${formatCount(from)}–${formatCount(to)} of ${about}${formatCount(total)} ${noun}`}
      <span className="text-slate-500">
        {" "}
        · page {formatCount(isTotalExact ? Math.min(page, pages) : page)} of {about}
        {formatCount(pages)}
      </span>
    </>
  );
}

export function Pagination({ links, summary }: { links: PageLinks; summary?: PageSummary }) {
  return (
    <nav aria-label="Pagination" className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p aria-live="polite">{summary ? summaryText(summary) : null}</p>
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
