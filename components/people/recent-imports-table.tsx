"use client";
// The import page's latest imports: counts per outcome and the error report's link.
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { actionsColumn } from "@/components/data-table/row-actions";
import { Badge } from "@/components/ui/badge";
import type { findRecentImports } from "@/lib/imports/import-people";
import { formatCount, formatDateTime } from "@/lib/ui/format";

type RecentImport = Awaited<ReturnType<typeof findRecentImports>>[number];

const column = listColumnHelper<RecentImport>();
const count = (key: "created" | "updated" | "rejected", header: string) =>
  column.accessor(key, { header, cell: (info) => formatCount(info.getValue()), meta: { headerClassName: "text-right", cellClassName: "text-right tabular-nums" } });

const columns = column.columns([
  column.accessor("createdAt", { header: "Started", cell: (info) => formatDateTime(info.getValue()) }),
  column.accessor("fileName", { header: "File", cell: (info) => info.getValue() ?? "API upload" }),
  column.accessor("status", {
    header: "Status",
    cell: (info) => <Badge tone={info.getValue() === "completed" ? "success" : info.getValue() === "failed" ? "danger" : "info"}>{info.getValue()}</Badge>,
  }),
  count("created", "Created"),
  count("updated", "Updated"),
  count("rejected", "Rejected"),
  actionsColumn({
    label: "Error report",
    cell: (item: RecentImport) =>
      item.rejected > 0 ? (
        <a href={`/api/v1/imports/${item.id}/errors`} className="text-indigo-700 underline" download>
          Error report
        </a>
      ) : null,
  }),
]);

export function RecentImportsTable({ imports }: { imports: RecentImport[] }) {
  return <ListTable columns={columns} data={imports} getRowId={(item) => item.id} label="Recent imports" empty="No imports yet." className="max-w-4xl" />;
}
