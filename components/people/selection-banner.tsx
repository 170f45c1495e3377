"use client";
// Shown once the whole visible page is selected: offers every person matching the view, or clearing.
// The offer always names its exact number: while the page only knows an estimate, the table counts
// first and the button waits ("Counting…"); a count that fails says so and can be tried again.
import { Button } from "@/components/ui/button";
import { formatCount } from "@/lib/ui/format";
import { peopleCount } from "./delete-dialog";

// Where the exact count behind "Select all N people" stands.
export type ExactCountState = "pending" | "counting" | "failed" | "known";

export function SelectionBanner({
  pageCount,
  total,
  countState,
  isAllMatching,
  onSelectAll,
  onRetryCount,
  onClear,
}: {
  pageCount: number;
  // The exact number matching the view; null until it is counted.
  total: number | null;
  countState: ExactCountState;
  isAllMatching: boolean;
  onSelectAll: () => void;
  onRetryCount: () => void;
  onClear: () => void;
}) {
  return (
    <div role="region" aria-label="Selection" className="mb-3 flex flex-wrap items-center justify-center gap-3 rounded-md bg-indigo-50 px-4 py-2 text-sm text-indigo-900">
      <p aria-live="polite">
        {isAllMatching && total !== null
          ? `All ${peopleCount(total)} matching this view are selected.`
          : `All ${formatCount(pageCount)} people on this page are selected.`}
        {countState === "failed" ? " The people matching this view could not be counted." : null}
      </p>
      {isAllMatching ? null : total === null ? (
        countState === "failed" ? (
          <Button variant="ghost" className="text-indigo-700 underline" onClick={onRetryCount}>
            Count again
          </Button>
        ) : (
          <Button variant="ghost" className="text-indigo-700" disabled aria-busy>
            Counting…
          </Button>
        )
      ) : total > pageCount ? (
        <Button variant="ghost" className="text-indigo-700 underline" onClick={onSelectAll}>
          {`Select all ${peopleCount(total)}`}
        </Button>
      ) : null}
      <Button variant="ghost" className="text-indigo-700" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}
