"use client";
// Shown once the whole visible page is selected: offers every person matching the view, or clearing.
import { Button } from "@/components/ui/button";
import { formatCount } from "@/lib/ui/format";
import { peopleCount } from "./delete-dialog";

export function SelectionBanner({
  pageCount,
  total,
  isAllMatching,
  onSelectAll,
  onClear,
}: {
  pageCount: number;
  // null while only an estimate is known: the button then counts first.
  total: number | null;
  isAllMatching: boolean;
  onSelectAll: () => void;
  onClear: () => void;
}) {
  return (
    <div role="region" aria-label="Selection" className="mb-3 flex flex-wrap items-center justify-center gap-3 rounded-md bg-indigo-50 px-4 py-2 text-sm text-indigo-900">
      <p aria-live="polite">
        {isAllMatching && total !== null
          ? `All ${peopleCount(total)} matching this view are selected.`
          : `All ${formatCount(pageCount)} people on this page are selected.`}
      </p>
      {!isAllMatching && (total === null || total > pageCount) ? (
        <Button variant="ghost" className="text-indigo-700 underline" onClick={onSelectAll}>
          {total === null ? "Select all people matching this view" : `Select all ${peopleCount(total)}`}
        </Button>
      ) : null}
      <Button variant="ghost" className="text-indigo-700" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}
