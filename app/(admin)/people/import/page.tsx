import type { Metadata } from "next";
import Link from "next/link";
import { ImportPeopleForm } from "@/components/people/import-people-form";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { findRecentImports } from "@/lib/imports/import-people";
import { formatCount, formatDateTime } from "@/lib/ui/format";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Import people" };

export default async function ImportPeoplePage() {
  await requirePageUser();
  const workspace = await getWorkspace();
  const imports = await findRecentImports({ workspace, take: 10 });
  return (
    <>
      <PageHeader
        title="Import people"
        description={
          <>
            A CSV file with a header row: an <code>id</code> and/or <code>email</code> column names each person, every other column
            becomes an attribute. Existing people are updated, new ones created. Rows with a suppressed identifier, an invalid email
            or an over-long value are rejected and listed in the error report (row number and reason).
          </>
        }
        actions={
          <Link href="/people" className="text-sm font-medium text-indigo-700 underline">
            Back to People
          </Link>
        }
      />
      <section aria-labelledby="import-heading" className="mb-8 max-w-3xl rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="import-heading" className="mb-4 text-base font-semibold text-slate-900">
          Upload a file
        </h2>
        <ImportPeopleForm />
      </section>
      <section aria-labelledby="recent-imports-heading">
        <h2 id="recent-imports-heading" className="mb-3 text-base font-semibold text-slate-900">
          Recent imports
        </h2>
        {imports.length === 0 ? (
          <p className="text-sm text-slate-600">No imports yet.</p>
        ) : (
          <table className="w-full max-w-4xl border-collapse overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Started</th>
                <th scope="col" className="px-3 py-2 font-medium">File</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Created</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Updated</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Rejected</th>
                <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">Error report</span></th>
              </tr>
            </thead>
            <tbody>
              {imports.map((item) => (
                <tr key={item.id} className="border-t border-slate-100">
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(item.createdAt)}</td>
                  <td className="px-3 py-2">{item.fileName ?? "API upload"}</td>
                  <td className="px-3 py-2">
                    <Badge tone={item.status === "completed" ? "success" : item.status === "failed" ? "danger" : "info"}>{item.status}</Badge>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCount(item.created)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCount(item.updated)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCount(item.rejected)}</td>
                  <td className="px-3 py-2">
                    {item.rejected > 0 ? (
                      <a href={`/api/v1/imports/${item.id}/errors`} className="text-indigo-700 underline" download>
                        Error report
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
