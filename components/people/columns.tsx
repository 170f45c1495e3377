"use client";
// Column definitions of the People table (TanStack Table v9): selection, id, email (with the
// email-suppression badge), cio_id, created, last updated and an optional chosen attribute.
import Link from "next/link";
import { createColumnHelper, rowSelectionFeature, tableFeatures } from "@tanstack/react-table";
import { selectColumn, sortableColumn } from "@/components/data-table/columns";
import { Badge } from "@/components/ui/badge";
import { peopleHref, type PeopleSort, type PeopleViewState } from "@/lib/people/search-params";
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

export type { PeopleViewState };

const column = createColumnHelper<typeof peopleTableFeatures, PeopleTableRow>();

function rowLabel(row: PeopleTableRow): string {
  return row.email ?? row.id ?? `cio_${row.cioId}`;
}

// Dates start newest first; text starts A→Z. Clicking the active column flips it.
function sortable(view: PeopleViewState, sort: PeopleSort, label: string) {
  return sortableColumn({
    label,
    isActive: view.sort === sort,
    order: view.order,
    firstOrder: sort === "created" || sort === "updated" ? "desc" : "asc",
    href: (order) => peopleHref({ ...view, sort, order }),
  });
}

export function peopleColumns(view: PeopleViewState, options: { isAllMatching: boolean; onToggleAll: (value: boolean) => void }) {
  const columns = column.columns([
    selectColumn<typeof peopleTableFeatures, PeopleTableRow>({
      allLabel: "Select all people on this page",
      rowLabel,
      isAllSelected: options.isAllMatching,
      onToggleAll: options.onToggleAll,
    }),
    column.accessor("id", {
      ...sortable(view, "id", "ID"),
      cell: (info) => (
        <Link href={`/people/${info.row.original.cioId}`} className="font-medium text-indigo-700 hover:underline">
          {info.getValue() ?? <span className="text-slate-500 italic">no id</span>}
        </Link>
      ),
    }),
    column.accessor("email", {
      ...sortable(view, "email", "Email"),
      cell: (info) => (
        <span className="inline-flex items-center gap-2">
          {info.getValue() ?? <span className="text-slate-500">—</span>}
          {info.row.original.isEmailSuppressed ? <Badge tone="warning">Email suppressed</Badge> : null}
        </span>
      ),
    }),
    column.accessor("cioId", {
      header: "cio_id",
      cell: (info) => <code className="text-xs text-slate-600">{info.getValue()}</code>,
    }),
    column.accessor("createdAt", {
      ...sortable(view, "created", "Created"),
      cell: (info) => formatDateTime(info.getValue()),
    }),
    column.accessor("updatedAt", {
      ...sortable(view, "updated", "Last updated"),
      cell: (info) => formatDateTime(info.getValue()),
    }),
  ]);
  if (view.attr) {
    // Built apart from the array so that its cell keeps the accessor's type (a push would widen it to any).
    const attributeColumn = column.accessor("attributeValue", {
      id: "attribute",
      header: view.attr,
      cell: (info) => info.getValue() ?? <span className="text-slate-500">—</span>,
    });
    columns.push(attributeColumn);
  }
  return columns;
}
