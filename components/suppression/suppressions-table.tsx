"use client";
// The suppressed profiles: masked hints, who and when, the receipt. Column definitions over the kit.
import { CertificateLink } from "@/components/receipts/certificate-link";
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import type { SuppressionRow } from "@/lib/suppression/queries";
import { formatDateTime } from "@/lib/ui/format";

const column = listColumnHelper<SuppressionRow>();

function actorText(row: SuppressionRow) {
  if (row.actorType === "system") return "system";
  const kind = row.actorType === "user" ? "staff" : "API key";
  return row.actorLabel ? `${row.actorLabel} (${kind})` : `deleted ${kind}`;
}

const columns = column.columns([
  column.accessor("idHint", { header: "ID", cell: (info) => info.getValue() ?? "—", meta: { cellClassName: "font-mono" } }),
  column.accessor("emailHint", {
    header: "Email",
    cell: ({ row }) => (
      <>
        {row.original.emailHint ?? "—"}
        {row.original.hasRememberedEmail ? <span className="ml-2 font-sans text-xs text-slate-500">(email kept for a switch to email or ID)</span> : null}
      </>
    ),
    meta: { cellClassName: "font-mono" },
  }),
  column.accessor("createdAt", { header: "Suppressed", cell: (info) => formatDateTime(info.getValue()) }),
  column.display({ id: "actor", header: "By", cell: ({ row }) => actorText(row.original) }),
  column.accessor("receiptId", {
    header: "Receipt",
    cell: (info) => (
      <>
        {info.getValue()} <CertificateLink receiptId={info.getValue()} />
      </>
    ),
    meta: { cellClassName: "font-mono text-xs" },
  }),
]);

export function SuppressionsTable({ rows }: { rows: SuppressionRow[] }) {
  return <ListTable columns={columns} data={rows} getRowId={(row) => row.id} label="Suppressed profiles" empty="Nobody is suppressed." />;
}
