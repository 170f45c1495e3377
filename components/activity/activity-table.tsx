"use client";
// The workspace's activity log (and a person's recent activity): column definitions over the table kit.
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { ActivityPerson } from "@/components/people/activity-person";
import type { ActivityRow } from "@/lib/activity/queries";
import { ACTIVITY_TYPE_LABELS } from "@/lib/activity/search-params";
import { formatDateTime } from "@/lib/ui/format";

const column = listColumnHelper<ActivityRow>();
const dash = <span className="text-slate-500">—</span>;

const when = column.accessor("timestamp", { header: "When", cell: (info) => formatDateTime(info.getValue()), meta: { cellClassName: "text-slate-600" } });
const type = column.accessor("type", { header: "Type", cell: (info) => ACTIVITY_TYPE_LABELS[info.getValue()] ?? info.getValue() });

const workspaceColumns = [
  when,
  type,
  column.accessor("name", { header: "Name", cell: (info) => (info.row.original.isForgotten ? dash : (info.getValue() ?? dash)) }),
  column.display({
    id: "person",
    header: "Person",
    cell: ({ row }) => <ActivityPerson cioId={row.original.cioId} isForgotten={row.original.isForgotten} isPersonDeleted={row.original.isPersonDeleted} />,
  }),
];

// A person's own activity: no person column; a redacted row says so in place of its name.
const personColumns = [
  when,
  type,
  column.accessor("name", {
    header: "Name",
    cell: (info) => (info.row.original.isForgotten ? <ActivityPerson cioId={null} isForgotten isPersonDeleted={false} /> : (info.getValue() ?? "—")),
  }),
];

export function ActivityTable({ rows, empty, isPersonView = false }: { rows: ActivityRow[]; empty: string; isPersonView?: boolean }) {
  return (
    <ListTable
      columns={isPersonView ? personColumns : workspaceColumns}
      data={rows}
      getRowId={(row) => row.id}
      label={isPersonView ? "Recent activity" : "Activity"}
      empty={empty}
    />
  );
}
