"use client";
// The Segments list: column definitions over the table kit.
import Link from "next/link";
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { actionsColumn } from "@/components/data-table/row-actions";
import { Badge } from "@/components/ui/badge";
import type { SegmentListRow } from "@/lib/segments/queries";
import { formatCount, formatDateTime } from "@/lib/ui/format";
import { DeleteSegmentButton } from "./delete-segment-button";

const column = listColumnHelper<SegmentListRow>();

const columns = column.columns([
  column.accessor("name", {
    header: "Name",
    cell: ({ row }) => (
      <Link href={`/segments/${row.original.id}`} className="font-medium text-indigo-700 hover:underline">
        {row.original.name}
      </Link>
    ),
  }),
  column.accessor("kind", {
    header: "Kind",
    cell: (info) => <Badge tone={info.getValue() === "manual" ? "neutral" : "info"}>{info.getValue() === "manual" ? "manual" : "data-driven"}</Badge>,
  }),
  column.accessor("members", {
    header: "People",
    cell: ({ row }) => (
      <Link href={`/people?segment=${encodeURIComponent(row.original.id)}`} className="hover:underline" aria-label={`${formatCount(row.original.members)} people in ${row.original.name}`}>
        {formatCount(row.original.members)}
      </Link>
    ),
    meta: { headerClassName: "text-right", cellClassName: "text-right tabular-nums" },
  }),
  column.accessor("updatedAt", { header: "Updated", cell: (info) => formatDateTime(info.getValue()), meta: { cellClassName: "text-slate-600" } }),
  actionsColumn({ cell: (segment: SegmentListRow) => <DeleteSegmentButton segmentId={segment.id} name={segment.name} /> }),
]);

export function SegmentsTable({ segments }: { segments: SegmentListRow[] }) {
  return (
    <ListTable
      columns={columns}
      data={segments}
      getRowId={(segment) => segment.id}
      label="Segments"
      empty="No segments yet. Create one to filter people by their attributes."
    />
  );
}
