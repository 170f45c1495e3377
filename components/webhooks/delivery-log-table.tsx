"use client";
// One endpoint's delivery log: each event with its attempts (time, status code, latency, first 1 KB of
// the answer; never headers), filtered by status, newest first in keyset pages; Resend while the
// payload is held.
import Link from "next/link";
import { useActionState, useId } from "react";
import { useRouter } from "next/navigation";
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { actionsColumn } from "@/components/data-table/row-actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { resendWebhookDeliveryAction } from "@/lib/actions/webhooks";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";
import { formatCount, formatDateTime } from "@/lib/ui/format";
import type { DeliveryLogRow } from "@/lib/webhooks/queries";
import { DELIVERY_STATUSES, deliveryLogHref, type DeliveryLogSearchParams, type DeliveryStatus } from "@/lib/webhooks/search-params";


const STATUS_TONES = { pending: "info", delivered: "success", failed: "danger" } as const;

function ResendButton({ row }: { row: DeliveryLogRow }) {
  const [state, action, isPending] = useActionState(resendWebhookDeliveryAction, IDLE_ACTION_STATE);
  if (!row.payloadHeld) return <span className="text-xs text-slate-600">Payload purged: can&apos;t resend</span>;
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="deliveryId" value={row.id} />
      <Button type="submit" disabled={isPending} aria-label={`Resend ${row.eventId}`}>
        Resend
      </Button>
      <p role="status" aria-live="polite" className={state.ok ? "text-xs text-emerald-700" : "text-xs text-red-600"}>
        {state.message}
      </p>
    </form>
  );
}

const column = listColumnHelper<DeliveryLogRow>();
const columns = column.columns([
  column.accessor("createdAt", { header: "Event time", cell: (info) => formatDateTime(info.getValue()) }),
  column.accessor("type", {
    header: "Event",
    cell: (info) => (
      <div className="flex flex-col">
        <span className="font-mono text-xs">{info.getValue()}</span>
        <span className="font-mono text-xs text-slate-500">{info.row.original.eventId}</span>
        {info.row.original.people ? <span className="text-xs text-slate-600">{formatCount(info.row.original.people)} people</span> : null}
        {info.row.original.receiptId ? <span className="font-mono text-xs text-slate-600">{info.row.original.receiptId}</span> : null}
      </div>
    ),
  }),
  column.accessor("status", {
    header: "Status",
    cell: (info) => (
      <div className="flex flex-col gap-1">
        <Badge tone={STATUS_TONES[info.getValue()]}>{info.getValue()}</Badge>
        {info.row.original.nextAttemptAt ? <span className="text-xs text-slate-600">next try {formatDateTime(info.row.original.nextAttemptAt)}</span> : null}
      </div>
    ),
  }),
  column.accessor("attempts", {
    header: "Attempts",
    cell: (info) => (
      <ol className="flex flex-col gap-1 text-xs" aria-label={`Attempts of ${info.row.original.eventId}`}>
        {info.getValue().map((a, i) => (
          <li key={i} className="whitespace-normal">
            <span>{formatDateTime(a.attemptedAt)}</span> · <span className="font-medium">{a.statusCode ?? "no answer"}</span> · <span>{a.latencyMs} ms</span>
            {a.error ? <span className="text-red-700"> · {a.error}</span> : null}
            {a.responseBody ? <code className="ml-1 break-all text-slate-600">{a.responseBody}</code> : null}
          </li>
        ))}
      </ol>
    ),
    meta: { cellClassName: "whitespace-normal max-w-lg" },
  }),
  actionsColumn({ cell: (row: DeliveryLogRow) => <ResendButton row={row} /> }),
]);

export function DeliveryLogTable({ endpointId, rows, params, nextCursor }: { endpointId: string; rows: DeliveryLogRow[]; params: DeliveryLogSearchParams; nextCursor: string | null }) {
  const id = useId();
  const router = useRouter();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-status`} className="text-xs font-medium text-slate-600">
          Status
        </label>
        <Select id={`${id}-status`} className="w-48" value={params.status ?? ""} onChange={(e) => router.push(deliveryLogHref(endpointId, { status: (e.target.value || undefined) as DeliveryStatus | undefined }))}>
          <option value="">All statuses</option>
          {DELIVERY_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </Select>
      </div>
      <ListTable columns={columns} data={rows} getRowId={(row) => row.id} label="Deliveries" empty="No deliveries match." />
      <nav aria-label="Delivery pages" className="flex gap-4 text-sm">
        {params.cursor ? (
          <Link href={deliveryLogHref(endpointId, { ...params, cursor: undefined })} className="text-indigo-700 underline">
            Newest
          </Link>
        ) : null}
        {nextCursor ? (
          <Link href={deliveryLogHref(endpointId, { ...params, cursor: nextCursor })} className="text-indigo-700 underline">
            Older
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
