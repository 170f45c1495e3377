"use client";
// Renders a TanStack Table (v9) instance as an accessible HTML table. State (selection, sort, paging)
// lives with the caller; this only draws headers, rows and the empty state.
import type { ReactNode } from "react";
import type { ReactTable } from "@tanstack/react-table";
import type { RowData, TableFeatures } from "@tanstack/react-table";
import { cn } from "@/lib/ui/cn";

export type ColumnMeta = { headerClassName?: string; cellClassName?: string; ariaSort?: "ascending" | "descending" | "none" };

export function DataTable<TFeatures extends TableFeatures, TData extends RowData>({
  table,
  label,
  empty,
  isRowSelected,
}: {
  table: ReactTable<TFeatures, TData, unknown>;
  label: string;
  empty: ReactNode;
  isRowSelected?: (rowId: string) => boolean;
}) {
  const rows = table.getRowModel().rows;
  const columnCount = table.getAllLeafColumns().length;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
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
            rows.map((row) => (
              <tr key={row.id} aria-selected={isRowSelected?.(row.id) ?? undefined} className={cn("hover:bg-slate-50", isRowSelected?.(row.id) && "bg-indigo-50/60")}>
                {row.getAllCells().map((cell) => {
                  const meta = cell.column.columnDef.meta as ColumnMeta | undefined;
                  return (
                    <td key={cell.id} className={cn("px-3 py-2 whitespace-nowrap text-slate-800", meta?.cellClassName)}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
