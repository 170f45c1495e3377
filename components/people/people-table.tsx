"use client";
// The People table: server-paged rows in a TanStack Table (v9) with row selection, the "Select all N"
// banner, the toolbar and the Delete forever dialog. Selection is either explicit rows or "everyone
// matching this view", which the server snapshots at confirmation.
import { useCallback, useMemo, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { functionalUpdate, useTable, type RowSelectionState } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { Pagination, type PageLinks } from "@/components/data-table/pagination";
import { countPeopleAction } from "@/lib/actions/people";
import { addToSegmentAction, removeFromSegmentAction } from "@/lib/actions/segments";
import type { Condition } from "@/lib/segments/condition-schema";
import type { SegmentOption } from "@/lib/segments/queries";
import type { IdentificationMode } from "@/lib/suppression/mode-effects";
import { peopleColumns, peopleTableFeatures, type PeopleTableRow, type PeopleViewState } from "./columns";
import { DeleteDialog, type DeleteSelection } from "./delete-dialog";
import { DeletionProgress } from "./deletion-progress";
import { PeopleToolbar } from "./people-toolbar";
import { SelectionBanner, type ExactCountState } from "./selection-banner";

export type PeopleTableProps = {
  rows: PeopleTableRow[];
  total: number;
  isTotalExact: boolean;
  page: number;
  pageSize: number;
  view: PeopleViewState;
  condition: Condition | null;
  links: PageLinks;
  segments: SegmentOption[];
  attributeNames: string[];
  activeJobIds: string[];
  hasAnyFilter: boolean;
  identificationMode: IdentificationMode;
};

export function PeopleTable({ rows, total, isTotalExact, page, pageSize, view, condition, links, segments, attributeNames, activeJobIds, hasAnyFilter, identificationMode }: PeopleTableProps) {
  const router = useRouter();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [isAllMatching, setIsAllMatching] = useState(false);
  // The exact count behind "Select all N" (the page may only show an estimate): counted, without a
  // time budget, as soon as the whole page is selected.
  const [exactTotal, setExactTotal] = useState<number | null>(isTotalExact ? total : null);
  const [countState, setCountState] = useState<ExactCountState>(isTotalExact ? "known" : "pending");
  const [isDialogOpen, setIsDialogOpen] = useState(false);
  const [, startTransition] = useTransition();

  const clearSelection = () => {
    setRowSelection({});
    setIsAllMatching(false);
  };
  const selectPage = (value: boolean) => {
    const next: RowSelectionState = value ? Object.fromEntries(rows.map((r) => [r.cioId, true as const])) : {};
    setIsAllMatching(false);
    setRowSelection(next);
    countOnceThePageIsSelected(next);
  };

  const columns = useMemo(() => peopleColumns(view, { isAllMatching, onToggleAll: selectPage }), [view, isAllMatching, rows]); // eslint-disable-line react-hooks/exhaustive-deps -- selectPage is new each render but reads only rows (listed) and stable setters

  const table = useTable({
    features: peopleTableFeatures,
    columns,
    data: rows,
    getRowId: (row) => row.cioId,
    enableRowSelection: true,
    state: { rowSelection },
    onRowSelectionChange: (updater) => {
      // Unticking one row leaves "all matching": what stays selected is the visible page minus that row.
      const base = isAllMatching ? Object.fromEntries(rows.map((r) => [r.cioId, true as const])) : rowSelection;
      const next = functionalUpdate(updater, base);
      setIsAllMatching(false);
      setRowSelection(next);
      countOnceThePageIsSelected(next);
    },
  });

  const selectedIds = Object.keys(rowSelection);
  // "All matching" is only offered once exactTotal is known: the dialog and its typed number use it.
  const matchingCount = exactTotal ?? 0;
  const selectedCount = isAllMatching ? matchingCount : selectedIds.length;
  const isPageSelected = rows.length > 0 && (isAllMatching || rows.every((r) => rowSelection[r.cioId]));
  const filterPayload = { q: view.q || undefined, segment: view.segment, condition: condition ?? undefined };
  const selection: DeleteSelection | null = isAllMatching
    ? { mode: "filter", filter: filterPayload, expectedCount: matchingCount }
    : selectedIds.length > 0
      ? { mode: "ids", cioIds: selectedIds }
      : null;

  // One count at a time (started only from "pending" or, to retry, "failed"); the table is keyed on
  // its view, so the result always belongs to this filter.
  const countExactly = useCallback(async () => {
    setCountState("counting");
    try {
      const result = await countPeopleAction({ q: view.q || undefined, segment: view.segment, condition: condition ?? undefined });
      if (!result.ok) throw new Error(result.message);
      setExactTotal(result.count);
      setCountState("known");
    } catch {
      setCountState("failed");
    }
  }, [view.q, view.segment, condition]);

  // Selecting the whole page is what offers "Select all N": when N is an estimate, the exact count
  // starts then (from the event, not an effect).
  function countOnceThePageIsSelected(next: RowSelectionState) {
    if (countState === "pending" && rows.length > 0 && rows.every((r) => next[r.cioId])) void countExactly();
  }

  const addToSegment = (segmentId: string) => {
    startTransition(async () => {
      const result = await addToSegmentAction({
        segmentId,
        selection: isAllMatching ? { mode: "filter", filter: filterPayload } : { mode: "ids", cioIds: selectedIds },
      });
      if (result.ok) toast.success(result.message);
      else toast.error(result.message);
    });
  };

  // Takes the selection out of the manual segment the view is filtered by; they leave the view.
  const removeFromSegment = (segmentId: string) => {
    startTransition(async () => {
      const result = await removeFromSegmentAction({
        segmentId,
        selection: isAllMatching ? { mode: "filter", filter: filterPayload } : { mode: "ids", cioIds: selectedIds },
      });
      if (!result.ok) return void toast.error(result.message);
      toast.success(result.message);
      clearSelection();
      router.refresh();
    });
  };

  return (
    <div>
      {activeJobIds.length > 0 ? (
        <section aria-label="Deletions in progress" className="mb-3 flex flex-col gap-2">
          {activeJobIds.map((jobId) => (
            <DeletionProgress key={jobId} jobId={jobId} onFinished={() => router.refresh()} />
          ))}
        </section>
      ) : null}
      <PeopleToolbar
        view={view}
        condition={condition}
        segments={segments}
        attributeNames={attributeNames}
        selectedCount={selectedCount}
        onDelete={() => setIsDialogOpen(true)}
        onAddToSegment={addToSegment}
        onRemoveFromSegment={removeFromSegment}
      />
      {isPageSelected ? (
        <SelectionBanner
          pageCount={rows.length}
          total={exactTotal}
          countState={countState}
          isAllMatching={isAllMatching}
          onSelectAll={() => exactTotal !== null && setIsAllMatching(true)}
          onRetryCount={() => void countExactly()}
          onClear={clearSelection}
        />
      ) : null}
      <DataTable
        table={table}
        label="People"
        isRowSelected={(id) => isAllMatching || Boolean(rowSelection[id])}
        empty={
          hasAnyFilter ? (
            <span>
              No people match this view.{" "}
              <Link href="/people" className="text-indigo-700 underline">
                Clear filters
              </Link>
            </span>
          ) : (
            "No people yet. People appear here when they are identified through the Track API or imported from CSV."
          )
        }
      />
      <Pagination links={links} summary={{ page, pageSize, rowCount: rows.length, total, isTotalExact, noun: "people" }} />
      <DeleteDialog
        open={isDialogOpen}
        onOpenChange={setIsDialogOpen}
        count={selectedCount}
        selection={selection}
        identificationMode={identificationMode}
        onDeleted={() => {
          clearSelection();
          router.refresh();
        }}
        // No refresh here: the page keys this table on its total, and a remount would close the dialog
        // staff are asked to confirm again in.
        onCountChanged={(count) => {
          setExactTotal(count);
          setCountState("known");
        }}
      />
    </div>
  );
}
