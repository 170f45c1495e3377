"use client";
// Column definitions of the People table (TanStack Table v9): selection, id, email (with the
// email-suppression badge), cio_id, created, last updated and an optional chosen attribute.
import Link from "next/link";
import { createColumnHelper, rowSelectionFeature, tableFeatures, type ColumnDef } from "@tanstack/react-table";
import { SortableHeader } from "@/components/data-table/column-header";
import type { ColumnMeta } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { peopleHref, type PeopleSort, type SortOrder } from "@/lib/people/search-params";
import { formatDateTime } from "@/lib/ui/format";

export const peopleTableFeatures = tableFeatures({ rowSelectionFeature });

// A People row as the server sends it to the browser (dates as ISO strings).
export type PeopleTableRow = {
  cioId: string;
  id: string | null;
  email: string | null;
  createdAt: string;
  updatedAt: string;
  attributeValue: string | null;
  isEmailSuppressed: boolean;
};

// The URL state the table needs to build sort links (everything but the cursor).
export type PeopleViewState = {
  q: string;
  segment?: string;
  filter?: string;
  sort: PeopleSort;
  order: SortOrder;
  attr?: string;
};

const column = createColumnHelper<typeof peopleTableFeatures, PeopleTableRow>();

export function rowLabel(row: PeopleTableRow): string {
  return row.email ?? row.id ?? `cio_${row.cioId}`;
}

function sortHeader(view: PeopleViewState, sort: PeopleSort, label: string) {
  const isActive = view.sort === sort;
  // Dates start newest first; text starts A→Z. Clicking the active column flips it.
  const firstOrder: SortOrder = sort === "created" || sort === "updated" ? "desc" : "asc";
  const order: SortOrder = isActive ? (view.order === "desc" ? "asc" : "desc") : firstOrder;
  return <SortableHeader label={label} direction={isActive ? view.order : null} href={peopleHref({ ...view, sort, order })} />;
}

function ariaSort(view: PeopleViewState, sort: PeopleSort): ColumnMeta["ariaSort"] {
  if (view.sort !== sort) return "none";
  return view.order === "asc" ? "ascending" : "descending";
}

export function peopleColumns(view: PeopleViewState, options: { isAllMatching: boolean; onToggleAll: (value: boolean) => void }) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const columns: ColumnDef<typeof peopleTableFeatures, PeopleTableRow, any>[] = [
    column.display({
      id: "select",
      header: ({ table }) => {
        const isAll = options.isAllMatching || table.getIsAllPageRowsSelected();
        const isSome = !isAll && table.getIsSomePageRowsSelected();
        return (
          <input
            type="checkbox"
            aria-label="Select all people on this page"
            className="size-4 accent-indigo-600"
            checked={isAll && table.getRowModel().rows.length > 0}
            ref={(el) => {
              if (el) el.indeterminate = isSome;
            }}
            onChange={(e) => options.onToggleAll(e.target.checked)}
          />
        );
      },
      cell: ({ row }) => (
        <input
          type="checkbox"
          aria-label={`Select ${rowLabel(row.original)}`}
          className="size-4 accent-indigo-600"
          checked={options.isAllMatching || row.getIsSelected()}
          onChange={(e) => row.toggleSelected(e.target.checked)}
        />
      ),
      meta: { headerClassName: "w-10", cellClassName: "w-10" } satisfies ColumnMeta,
    }),
    column.accessor("id", {
      header: () => sortHeader(view, "id", "ID"),
      cell: (info) => (
        <Link href={`/people/${info.row.original.cioId}`} className="font-medium text-indigo-700 hover:underline">
          {info.getValue() ?? <span className="text-slate-500 italic">no id</span>}
        </Link>
      ),
      meta: { ariaSort: ariaSort(view, "id") } satisfies ColumnMeta,
    }),
    column.accessor("email", {
      header: () => sortHeader(view, "email", "Email"),
      cell: (info) => (
        <span className="inline-flex items-center gap-2">
          {info.getValue() ?? <span className="text-slate-500">—</span>}
          {info.row.original.isEmailSuppressed ? <Badge tone="warning">Email suppressed</Badge> : null}
        </span>
      ),
      meta: { ariaSort: ariaSort(view, "email") } satisfies ColumnMeta,
    }),
    column.accessor("cioId", {
      header: "cio_id",
      cell: (info) => <code className="text-xs text-slate-600">{info.getValue()}</code>,
    }),
    column.accessor("createdAt", {
      header: () => sortHeader(view, "created", "Created"),
      cell: (info) => formatDateTime(info.getValue()),
      meta: { ariaSort: ariaSort(view, "created") } satisfies ColumnMeta,
    }),
    column.accessor("updatedAt", {
      header: () => sortHeader(view, "updated", "Last updated"),
      cell: (info) => formatDateTime(info.getValue()),
      meta: { ariaSort: ariaSort(view, "updated") } satisfies ColumnMeta,
    }),
  ];
  if (view.attr) {
    columns.push(
      column.accessor("attributeValue", {
        id: "attribute",
        header: view.attr,
        cell: (info) => info.getValue() ?? <span className="text-slate-500">—</span>,
      }),
    );
  }
  return columns;
}
