"use client";
// The "actions" column: per-row buttons under a header that only screen readers read. Each button's
// accessible name must say which row it acts on ("Revoke Zapier", "Delete segment VIPs").
import type { ReactNode } from "react";
import type { CellContext, ColumnDef, RowData, TableFeatures } from "@tanstack/react-table";
import type { ColumnMeta } from "./data-table";

function RowActions({ children }: { children: ReactNode }) {
  return <div className="flex items-center justify-end gap-2">{children}</div>;
}

export function actionsColumn<TFeatures extends TableFeatures, TData extends RowData>({
  label = "Actions",
  cell,
}: {
  label?: string;
  cell: (row: TData) => ReactNode;
}): ColumnDef<TFeatures, TData, unknown> {
  return {
    id: "actions",
    header: () => <span className="sr-only">{label}</span>,
    cell: (context: CellContext<TFeatures, TData, unknown>) => <RowActions>{cell(context.row.original)}</RowActions>,
    meta: { cellClassName: "text-right" } satisfies ColumnMeta,
  } as unknown as ColumnDef<TFeatures, TData, unknown>;
}
