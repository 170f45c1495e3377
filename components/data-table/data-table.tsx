"use client";
// Renders a TanStack Table (v9) instance as an accessible HTML table: an accessible name, column
// headers with aria-sort, an optional row-header column, aria-selected rows and the empty state.
// State (selection, sort, paging) lives with the caller; ListTable below is the stateless case.
import type { ReactNode } from "react";
import { createColumnHelper, tableFeatures, useTable, type ColumnDef, type ReactTable, type RowData, type TableFeatures } from "@tanstack/react-table";
import { cn } from "@/lib/ui/cn";

export type ColumnMeta = {
  headerClassName?: string;
  cellClassName?: string;
  ariaSort?: "ascending" | "descending" | "none";
  // The column names its row (a <th scope="row">), as an attribute's name does for its value.
  isRowHeader?: boolean;
};

export function DataTable<TFeatures extends TableFeatures, TData extends RowData>({
  table,
  label,
  empty,
  isRowSelected,
  className,
}: {
  table: ReactTable<TFeatures, TData, unknown>;
  label: string;
  empty: ReactNode;
  isRowSelected?: (rowId: string) => boolean;
  className?: string;
}) {
  const rows = table.getRowModel().rows;
  const columnCount = table.getAllLeafColumns().length;
  return (
    // Focusable, so a table wider than the page scrolls from the keyboard too (axe: scrollable-region-focusable).
    <div tabIndex={0} className={cn("overflow-x-auto rounded-lg border border-slate-200 bg-white", className)}>
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta as ColumnMeta | undefined;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={meta?.ariaSort}
                    className={cn("px-3 py-2 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase", meta?.headerClassName)}
                  >
                    {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columnCount} className="px-3 py-12 text-center text-slate-600">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => {
              const isSelected = isRowSelected?.(row.id);
              return (
                <tr key={row.id} aria-selected={isSelected} className={cn("hover:bg-slate-50", isSelected && "bg-indigo-50/60")}>
                  {row.getAllCells().map((cell) => {
                    const meta = cell.column.columnDef.meta as ColumnMeta | undefined;
                    const Cell = meta?.isRowHeader ? "th" : "td";
                    return (
                      <Cell
                        key={cell.id}
                        scope={meta?.isRowHeader ? "row" : undefined}
                        className={cn("px-3 py-2 text-left font-normal whitespace-nowrap text-slate-800", meta?.cellClassName)}
                      >
                        <table.FlexRender cell={cell} />
                      </Cell>
                    );
                  })}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}

// Lists without client-side state (no selection, sorting done by the server) share these features.
export const listTableFeatures = tableFeatures({});
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list holds columns of different value types; TanStack's own ColumnDef[] takes any there (unknown would refuse them)
export type ListColumn<TData extends RowData> = ColumnDef<typeof listTableFeatures, TData, any>;

// The column helper of a list's column definitions (columns.tsx beside each list).
export function listColumnHelper<TData extends RowData>() {
  return createColumnHelper<typeof listTableFeatures, TData>();
}

// A read-only list: its column definitions and the server's rows, drawn by DataTable.
export function ListTable<TData extends RowData>({
  columns,
  data,
  getRowId,
  label,
  empty,
  className,
}: {
  columns: ListColumn<TData>[];
  data: TData[];
  getRowId: (row: TData) => string;
  label: string;
  empty: ReactNode;
  className?: string;
}) {
  const table = useTable({ features: listTableFeatures, columns, data, getRowId });
  return <DataTable table={table} label={label} empty={empty} className={className} />;
}
