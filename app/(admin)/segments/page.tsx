import type { Metadata } from "next";
import Link from "next/link";
import { DeleteSegmentButton } from "@/components/segments/delete-segment-button";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { findSegments } from "@/lib/segments/queries";
import { formatCount, formatDateTime } from "@/lib/ui/format";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage() {
  await requirePageUser();
  const workspace = await getWorkspace();
  const segments = await findSegments({ workspaceId: workspace.id });
  return (
    <>
      <PageHeader
        title="Segments"
        description="Data-driven segments follow their conditions as people change; manual segments hold the people you add from the People page."
        actions={
          <Link href="/segments/new" className={buttonClasses("primary")}>
            New segment
          </Link>
        }
      />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table aria-label="Segments" className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Kind</th>
              <th scope="col" className="px-3 py-2 text-right">People</th>
              <th scope="col" className="px-3 py-2">Updated</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {segments.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-12 text-center text-slate-600">
                  No segments yet. Create one to filter people by their attributes.
                </td>
              </tr>
            ) : (
              segments.map((s) => (
                <tr key={s.id}>
                  <td className="px-3 py-2 font-medium">
                    <Link href={`/segments/${s.id}`} className="text-indigo-700 hover:underline">
                      {s.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    <Badge tone={s.kind === "manual" ? "neutral" : "info"}>{s.kind === "manual" ? "manual" : "data-driven"}</Badge>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    <Link href={`/people?segment=${encodeURIComponent(s.id)}`} className="hover:underline" aria-label={`${formatCount(s.members)} people in ${s.name}`}>
                      {formatCount(s.members)}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-slate-600">{formatDateTime(s.updatedAt)}</td>
                  <td className="px-3 py-2 text-right">
                    <DeleteSegmentButton segmentId={s.id} name={s.name} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
