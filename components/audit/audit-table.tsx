"use client";
// The audit log's page of entries: column definitions over the table kit.
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { CertificateLink } from "@/components/receipts/certificate-link";
import { certificateReceiptOf } from "@/lib/audit/action-kinds";
import type { AuditRow } from "@/lib/audit/queries";
import { formatCount, formatDateTime } from "@/lib/ui/format";

// An erasure's email suppression list entries (lib/deletion/kept-esp-entries.ts): how many, the
// certificate names them.
function keptEntriesText(value: unknown): string {
  const total = (value as { total?: unknown } | null)?.total;
  return typeof total === "number" ? `${formatCount(total)} kept` : "";
}

function detailsText(details: AuditRow["details"]): string {
  if (!details || typeof details !== "object" || Array.isArray(details)) return "";
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${key === "emailSuppressionList" ? keptEntriesText(value) : typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(", ");
}

const column = listColumnHelper<AuditRow>();
const columns = column.columns([
  column.accessor("createdAt", { header: "When", cell: (info) => formatDateTime(info.getValue()), meta: { cellClassName: "text-slate-600" } }),
  column.accessor("action", { header: "Action", cell: (info) => info.getValue(), meta: { cellClassName: "font-mono text-xs text-slate-900" } }),
  column.accessor("actorLabel", { header: "Actor", cell: (info) => info.getValue(), meta: { cellClassName: "text-slate-700" } }),
  column.accessor("count", {
    header: "Count",
    cell: (info) => formatCount(info.getValue()),
    meta: { headerClassName: "text-right", cellClassName: "text-right tabular-nums text-slate-700" },
  }),
  column.accessor("details", { header: "Details", cell: (info) => detailsText(info.getValue()), meta: { cellClassName: "text-xs whitespace-normal text-slate-600" } }),
  column.accessor("receiptId", {
    header: "Receipt",
    cell: ({ row }) => {
      const certificate = certificateReceiptOf(row.original);
      return (
        <>
          {row.original.receiptId} {certificate ? <CertificateLink receiptId={certificate} /> : null}
        </>
      );
    },
    meta: { cellClassName: "font-mono text-xs text-slate-700" },
  }),
]);

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return <ListTable columns={columns} data={rows} getRowId={(row) => row.id} label="Audit entries" empty="No entries match." />;
}
