"use client";
// A sortable column header driven by the URL: a link to the same view sorted by this column.
import Link from "next/link";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";

export function SortableHeader({
  label,
  href,
  direction,
}: {
  label: string;
  href: string;
  // The column's current sort direction, or null when the table is sorted by another column.
  direction: "asc" | "desc" | null;
}) {
  const Icon = direction === "asc" ? ArrowUp : direction === "desc" ? ArrowDown : ArrowUpDown;
  const next = direction === "desc" ? "ascending" : "descending";
  return (
    <Link href={href} scroll={false} className="inline-flex items-center gap-1 rounded hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600" aria-label={`${label}, sort ${next}`}>
      {label}
      <Icon aria-hidden className="size-3.5" />
    </Link>
  );
}
