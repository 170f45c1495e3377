// The list's type tabs (All, Bounces, …), each with its count; the search is kept, the page is not.
import Link from "next/link";
import type { Count } from "@/lib/esp-suppression/queries";
import { ESP_TYPE_OPTIONS, type EspSuppressionType } from "@/lib/esp-suppression/schemas";
import { espListHref } from "@/lib/esp-suppression/search-params";
import { cn } from "@/lib/ui/cn";
import { formatCount } from "@/lib/ui/format";

export function countLabel(count: Count) {
  return `${count.isExact ? "" : "≈ "}${formatCount(count.count)}`;
}

export function TypeTabs({ type, q, counts }: { type?: EspSuppressionType; q?: string; counts: Record<EspSuppressionType | "all", Count> }) {
  const tabs = [{ value: undefined, label: "All", count: counts.all }, ...ESP_TYPE_OPTIONS.map((option) => ({ ...option, count: counts[option.value] }))];
  return (
    <nav aria-label="Suppression type" className="mb-4 flex flex-wrap gap-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const isActive = type === tab.value;
        return (
          <Link
            key={tab.label}
            href={espListHref({ type: tab.value, q })}
            aria-current={isActive ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm",
              isActive ? "border-indigo-600 font-medium text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {tab.label} <span className="text-slate-500">{countLabel(tab.count)}</span>
          </Link>
        );
      })}
    </nav>
  );
}
