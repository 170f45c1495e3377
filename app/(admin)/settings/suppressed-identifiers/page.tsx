import type { Metadata } from "next";
import { z } from "zod";
import { Pager } from "@/components/esp-suppression/pager";
import { CertificateLink } from "@/components/receipts/certificate-link";
import { LookupForm } from "@/components/suppression/lookup-form";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { findSuppressions, type SuppressionRow } from "@/lib/suppression/queries";
import { formatCount, formatDateTime } from "@/lib/ui/format";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Suppressed identifiers" };

const PATH = "/settings/suppressed-identifiers";
const searchParamsSchema = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1) });

function actorText(row: SuppressionRow) {
  if (row.actorType === "system") return "system";
  const kind = row.actorType === "user" ? "staff" : "API key";
  return row.actorLabel ? `${row.actorLabel} (${kind})` : `deleted ${kind}`;
}

export default async function SuppressedIdentifiersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("admin");
  const { page } = searchParamsSchema.parse(await searchParams);
  const workspace = await getWorkspace();
  const { rows, total, pageSize } = await findSuppressions({ workspaceId: workspace.id, page });
  return (
    <>
      <PageHeader
        title="Suppressed identifiers"
        description="Profiles deleted and suppressed: their ids and emails can't come back. Only keyed hashes and masked hints are stored, so this list is read-only and shows no plaintext."
        actions={
          <a href={`${PATH}/export`} className={buttonClasses("secondary")} download>
            Export CSV
          </a>
        }
      />
      <section aria-labelledby="lookup-heading" className="mb-6 max-w-3xl rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="lookup-heading" className="mb-3 text-base font-semibold text-slate-900">Look up</h2>
        <LookupForm />
        <p className="mt-3 text-sm text-slate-600">
          Unsuppressing is done through the Track API only: <code className="rounded bg-slate-100 px-1">POST /api/v1/customers/:identifier/unsuppress</code>. It frees every identifier suppressed together with that one; the next identify creates a new person with no history.
        </p>
      </section>

      <p className="mb-2 text-sm text-slate-700" aria-label="Total suppressed profiles">
        {total.isExact ? "" : "≈ "}{formatCount(total.count)} suppressed {total.count === 1 ? "profile" : "profiles"}
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">ID</th>
              <th scope="col" className="px-3 py-2 font-medium">Email</th>
              <th scope="col" className="px-3 py-2 font-medium">Suppressed</th>
              <th scope="col" className="px-3 py-2 font-medium">By</th>
              <th scope="col" className="px-3 py-2 font-medium">Receipt</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-8 text-center text-slate-500">Nobody is suppressed.</td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id}>
                  <td className="px-3 py-2 font-mono">{row.idHint ?? "—"}</td>
                  <td className="px-3 py-2 font-mono">
                    {row.emailHint ?? "—"}
                    {row.hasRememberedEmail ? <span className="ml-2 text-xs text-slate-500">(email kept for a switch to email or ID)</span> : null}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(row.createdAt)}</td>
                  <td className="px-3 py-2">{actorText(row)}</td>
                  <td className="px-3 py-2 font-mono text-xs">{row.receiptId} <CertificateLink receiptId={row.receiptId} /></td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <Pager basePath={PATH} params={{}} page={page} pageSize={pageSize} rowsOnPage={rows.length} total={total.count} isTotalExact={total.isExact} />
    </>
  );
}
