import { CertificateLink } from "@/components/receipts/certificate-link";
import { certificateReceiptOf } from "@/lib/audit/action-kinds";
import type { AuditRow } from "@/lib/audit/queries";
import { formatCount, formatDateTime } from "@/lib/ui/format";

function detailsText(details: AuditRow["details"]): string {
  if (!details || typeof details !== "object" || Array.isArray(details)) return "";
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(", ");
}

function ReceiptCertificate({ row }: { row: AuditRow }) {
  const receiptId = certificateReceiptOf(row);
  return receiptId ? <CertificateLink receiptId={receiptId} /> : null;
}

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No entries match.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit entries</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2">When</th>
            <th scope="col" className="px-4 py-2">Action</th>
            <th scope="col" className="px-4 py-2">Actor</th>
            <th scope="col" className="px-4 py-2 text-right">Count</th>
            <th scope="col" className="px-4 py-2">Details</th>
            <th scope="col" className="px-4 py-2">Receipt</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="px-4 py-2 whitespace-nowrap text-slate-600">{formatDateTime(row.createdAt)}</td>
              <td className="px-4 py-2 font-mono text-xs text-slate-900">{row.action}</td>
              <td className="px-4 py-2 text-slate-700">{row.actorLabel}</td>
              <td className="px-4 py-2 text-right tabular-nums text-slate-700">{formatCount(row.count)}</td>
              <td className="px-4 py-2 text-xs text-slate-600">{detailsText(row.details)}</td>
              <td className="px-4 py-2 font-mono text-xs text-slate-700">
                {row.receiptId} <ReceiptCertificate row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
