"use client";
// Webhook endpoints (never their secrets): URL (→ its delivery log), events, state, pending deliveries.
import Link from "next/link";
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { actionsColumn } from "@/components/data-table/row-actions";
import { Badge } from "@/components/ui/badge";
import { formatCount, formatDateTime } from "@/lib/ui/format";
import { EndpointActions } from "./endpoint-actions";

export type EndpointRow = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  rotatingUntil: string | null;
  pending: number;
};

const column = listColumnHelper<EndpointRow>();
const columns = column.columns([
  column.accessor("url", {
    header: "Endpoint",
    cell: (info) => (
      <div className="flex flex-col">
        <Link href={`/settings/webhooks/${info.row.original.id}`} className="font-mono text-xs text-indigo-700 underline" aria-label={`Delivery log of ${info.getValue()}`}>
          {info.getValue()}
        </Link>
        {info.row.original.description ? <span className="text-xs text-slate-600">{info.row.original.description}</span> : null}
      </div>
    ),
    meta: { cellClassName: "whitespace-normal max-w-md break-all" },
  }),
  column.accessor("eventTypes", { header: "Events", cell: (info) => <span className="font-mono text-xs">{info.getValue().join(", ")}</span>, meta: { cellClassName: "whitespace-normal max-w-xs" } }),
  column.accessor("enabled", {
    header: "Status",
    cell: (info) => {
      const row = info.row.original;
      if (!row.enabled) {
        return (
          <div className="flex flex-col gap-1 whitespace-normal">
            <Badge tone="danger">Disabled</Badge>
            {row.disabledReason ? <span className="text-xs text-red-700">{row.disabledReason}</span> : null}
          </div>
        );
      }
      return (
        <div className="flex flex-col gap-1">
          {row.failingSince ? <Badge tone="warning">Failing since {formatDateTime(row.failingSince)}</Badge> : <Badge tone="success">Enabled</Badge>}
          {row.rotatingUntil ? <span className="text-xs text-slate-600">Old secret signs too until {formatDateTime(row.rotatingUntil)}</span> : null}
        </div>
      );
    },
  }),
  column.accessor("pending", { header: "Pending", cell: (info) => formatCount(info.getValue()), meta: { cellClassName: "tabular-nums" } }),
  actionsColumn({ cell: (row: EndpointRow) => <EndpointActions id={row.id} url={row.url} enabled={row.enabled} /> }),
]);

export function EndpointsTable({ rows }: { rows: EndpointRow[] }) {
  return <ListTable columns={columns} data={rows} getRowId={(row) => row.id} label="Webhook endpoints" empty="No endpoints yet." />;
}
