// A certificate of erasure for people to read and print: the same facts as its JSON, which is what
// anyone verifies (the download link).
import Link from "next/link";
import { Download } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import type { CertificateDocument, SignedCertificate } from "@/lib/receipts/certificate-document";
import { formatCount, formatDateTime } from "@/lib/ui/format";
import { PrintButton } from "./print-button";

const REQUEST_KINDS = { deletion: "Deletion", suppression: "Suppression by identifier", bulk_job: "Bulk deletion (background job)" } as const;

const ESP_TYPES = { bounces: "Bounce", blocks: "Block", spam_reports: "Spam report", invalid_emails: "Invalid email" } as const;

// The email suppression list entries the erasure left in place (on purpose: nobody emails them).
function EmailSuppressionList({ kept }: { kept: NonNullable<CertificateDocument["kept"]["emailSuppressionList"]> }) {
  if (kept === "not_listed") return <>Not listed for a bulk deletion: any entries for the deleted people&apos;s emails stay on the list.</>;
  if (kept.total === 0) return <>No entry for the deleted people&apos;s emails.</>;
  return (
    <>
      {formatCount(kept.total)} {kept.total === 1 ? "entry" : "entries"} kept, so nobody emails them
      {kept.entries.length < kept.total ? ` (the first ${formatCount(kept.entries.length)} listed)` : ""}:
      <ul className="mt-1 list-disc pl-5">
        {kept.entries.map((entry, index) => (
          <li key={index}>
            {ESP_TYPES[entry.type] ?? entry.type} for <span className="font-mono">{entry.emailHint}</span>
            {entry.reason ? ` — ${entry.reason}` : ""}
            {entry.statusCode !== null ? ` (status ${entry.statusCode})` : ""}
          </li>
        ))}
      </ul>
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </>
  );
}

export function CertificateView({ receiptId, signed }: { receiptId: string; signed: SignedCertificate }) {
  const { certificate: c, signature } = signed;
  const people = `${formatCount(c.people.deleted)} ${c.people.deleted === 1 ? "person" : "people"}`;
  return (
    <article aria-labelledby="certificate-title">
      <PageHeader
        title="Certificate of erasure"
        description={<>Receipt <code>{receiptId}</code> · {c.workspace.name}</>}
        actions={
          <div className="flex gap-2 print:hidden">
            <a href={`/receipts/${receiptId}/certificate.json`} download className={buttonClasses("primary")}>
              <Download aria-hidden className="size-4" /> Download JSON
            </a>
            <PrintButton />
          </div>
        }
      />
      <h2 id="certificate-title" className="sr-only">Certificate {receiptId}</h2>
      <dl className="grid max-w-3xl grid-cols-[12rem_1fr] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-5 text-sm">
        <Row label="Request">
          {REQUEST_KINDS[c.request.kind]}
          {c.request.suppress && c.request.kind !== "suppression" ? ", with suppression" : ""} ({c.request.status})
        </Row>
        <Row label="Erased">{formatDateTime(new Date(c.erasedAt))}</Row>
        <Row label="By">{c.actor.label}</Row>
        <Row label="People deleted">{people}</Row>
        <Row label="Removed">Profiles ({formatCount(c.removed.profiles)}), {c.removed.attributes}, {c.removed.segmentMemberships}</Row>
        {c.removed.earlierDeletedProfilesForgotten ? (
          <Row label="Earlier deleted profiles forgotten">
            {formatCount(c.removed.earlierDeletedProfilesForgotten)} (deleted before without suppression, holding an identifier suppressed here)
          </Row>
        ) : null}
        <Row label="Activity">{c.kept.activities}</Row>
        {c.kept.emailSuppressionList !== undefined ? (
          <Row label="Email suppression list">
            <EmailSuppressionList kept={c.kept.emailSuppressionList} />
          </Row>
        ) : null}
        <Row label="Identifiers">
          {!c.identifiers.suppressed
            ? "Not suppressed: they may be added again, as new people with no history."
            : c.identifiers.listed
              ? `${formatCount(c.identifiers.items.length)} suppressed (masked hints and keyed hashes below)`
              : `Suppressed for each of the ${people} (a bulk deletion states counts, not a list)`}
        </Row>
        <Row label="Issued">{formatDateTime(new Date(c.issuedAt))}</Row>
        <Row label="Signature">
          {signature.algorithm}, key <code>{signature.keyId}</code> (<Link href="/receipts/verify" className="text-indigo-700 hover:underline">verify</Link>, <a href={c.signing.keysUrl} className="text-indigo-700 hover:underline">published keys</a>)
        </Row>
      </dl>
      {c.identifiers.items.length ? (
        <table className="mt-4 w-full max-w-3xl rounded-lg border border-slate-200 bg-white text-left text-sm">
          <caption className="sr-only">Suppressed identifiers</caption>
          <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
            <tr>
              <th scope="col" className="px-3 py-2">Kind</th>
              <th scope="col" className="px-3 py-2">Hint</th>
              <th scope="col" className="px-3 py-2">Keyed hash</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {c.identifiers.items.map((item) => (
              <tr key={`${item.kind}:${item.keyedHash}`}>
                <td className="px-3 py-2">{item.kind}{item.status === "remembered" ? " (remembered)" : ""}</td>
                <td className="px-3 py-2 font-mono">{item.hint ?? "—"}</td>
                <td className="px-3 py-2 font-mono text-xs break-all">{item.keyedHash}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </article>
  );
}
