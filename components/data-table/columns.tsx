"use client";
// Column building blocks every list shares: the row-selection checkbox column (with accessible names)
// and a URL-driven sortable header with its aria-sort value.
import type { ReactNode } from "react";
import type { RowData, TableFeatures } from "@tanstack/react-table";
import type { CellContext, ColumnDef, HeaderContext } from "@tanstack/react-table";
import { SortableHeader } from "./column-header";
import type { ColumnMeta } from "./data-table";

export type SortOrder = "asc" | "desc";

// The aria-sort of a column: ascending/descending when the view is sorted by it, "none" otherwise.
function ariaSortOf(isActive: boolean, order: SortOrder): ColumnMeta["ariaSort"] {
  if (!isActive) return "none";
  return order === "asc" ? "ascending" : "descending";
}

// A sortable column's header and meta: the link sorts by this column (flipping the order when it is
// already the sort), and the <th> says how the table is sorted now.
export function sortableColumn({
  label,
  isActive,
  order,
  firstOrder,
  href,
}: {
  label: string;
  isActive: boolean;
  order: SortOrder;
  // The order a first click sorts in (dates newest first, text A→Z).
  firstOrder: SortOrder;
  href: (order: SortOrder) => string;
}): { header: () => ReactNode; meta: ColumnMeta } {
  const nextOrder: SortOrder = isActive ? (order === "desc" ? "asc" : "desc") : firstOrder;
  return {
    header: () => <SortableHeader label={label} direction={isActive ? order : null} href={href(nextOrder)} />,
    meta: { ariaSort: ariaSortOf(isActive, order) },
  };
}

function Checkbox({ label, checked, indeterminate = false, onChange }: { label: string; checked: boolean; indeterminate?: boolean; onChange: (checked: boolean) => void }) {
  return (
    <input
      type="checkbox"
      aria-label={label}
      className="size-4 accent-indigo-600"
      checked={checked}
      ref={(el) => {
        if (el) el.indeterminate = indeterminate;
      }}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

type SelectableRow = { getIsSelected: () => boolean; toggleSelected: (value?: boolean) => void };
type SelectableTable = {
  getIsAllPageRowsSelected: () => boolean;
  getIsSomePageRowsSelected: () => boolean;
  toggleAllPageRowsSelected: (value?: boolean) => void;
  getRowModel: () => { rows: unknown[] };
};

// The "select" column of a table with rowSelectionFeature. `allLabel` names the header checkbox
// ("Select all people on this page"), `rowLabel` each row's. `isAllSelected` lets a caller whose
// selection can reach past the page ("all N matching") show every box ticked.
export function selectColumn<TFeatures extends TableFeatures, TData extends RowData>({
  allLabel,
  rowLabel,
  isAllSelected = false,
  onToggleAll,
}: {
  allLabel: string;
  rowLabel: (row: TData) => string;
  isAllSelected?: boolean;
  onToggleAll?: (value: boolean) => void;
}): ColumnDef<TFeatures, TData, unknown> {
  return {
    id: "select",
    header: (context: HeaderContext<TFeatures, TData, unknown>) => {
      const table = context.table as unknown as SelectableTable;
      const isAll = isAllSelected || table.getIsAllPageRowsSelected();
      return (
        <Checkbox
          label={allLabel}
          checked={isAll && table.getRowModel().rows.length > 0}
          indeterminate={!isAll && table.getIsSomePageRowsSelected()}
          onChange={(value) => (onToggleAll ? onToggleAll(value) : table.toggleAllPageRowsSelected(value))}
        />
      );
    },
    cell: (context: CellContext<TFeatures, TData, unknown>) => {
      const row = context.row as unknown as SelectableRow & { original: TData };
      return <Checkbox label={`Select ${rowLabel(row.original)}`} checked={isAllSelected || row.getIsSelected()} onChange={(value) => row.toggleSelected(value)} />;
    },
    meta: { headerClassName: "w-10", cellClassName: "w-10" } satisfies ColumnMeta,
  } as unknown as ColumnDef<TFeatures, TData, unknown>;
}
