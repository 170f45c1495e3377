import type { Metadata } from "next";
import Link from "next/link";
import { ActivityPerson } from "@/components/people/activity-person";
import { buttonClasses } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { ACTIVITY_TYPES, activitySearchParamsSchema, findActivity } from "@/lib/activity/queries";
import { requirePageUser } from "@/lib/auth/guard";
import { formatDateTime } from "@/lib/ui/format";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Activity" };

const TYPE_LABELS: Record<(typeof ACTIVITY_TYPES)[number], string> = {
  event: "Event",
  page: "Page view",
  screen: "Screen view",
  attribute_change: "Attribute change",
  profile_created: "Profile created",
  profile_deleted: "Profile deleted",
  profile_suppressed: "Profile suppressed",
};

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = activitySearchParamsSchema.parse(await searchParams);
  const workspace = await getWorkspace();
  const { rows, nextCursor } = await findActivity({ workspaceId: workspace.id, type: params.type, before: params.before });
  const query = (extra: Record<string, string | undefined>) => {
    const entries: [string, string | undefined][] = Object.entries({ type: params.type, ...extra });
    const search = new URLSearchParams(entries.filter((e): e is [string, string] => Boolean(e[1])));
    const text = search.toString();
    return text ? `/activity?${text}` : "/activity";
  };

  return (
    <>
      <PageHeader title="Activity" description="Everything that happened to people in this workspace, newest first. Activity outlives deleted people; suppression makes it anonymous." />
      <form method="get" action="/activity" className="mb-3 flex items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor="activity-type" className="text-xs font-medium text-slate-600">
            Type
          </label>
          <Select id="activity-type" name="type" defaultValue={params.type ?? ""}>
            <option value="">All types</option>
            {ACTIVITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABELS[type]}
              </option>
            ))}
          </Select>
        </div>
        <button type="submit" className={buttonClasses("secondary")}>
          Filter
        </button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table aria-label="Activity" className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="px-3 py-2">When</th>
              <th scope="col" className="px-3 py-2">Type</th>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Person</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-3 py-12 text-center text-slate-600">
                  {params.type ? "No activity of this type." : "No activity yet."}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id}>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatDateTime(row.timestamp)}</td>
                  <td className="px-3 py-2">{TYPE_LABELS[row.type] ?? row.type}</td>
                  <td className="px-3 py-2">{row.isForgotten ? <span className="text-slate-500">—</span> : (row.name ?? <span className="text-slate-500">—</span>)}</td>
                  <td className="px-3 py-2">
                    <ActivityPerson cioId={row.cioId} isForgotten={row.isForgotten} isPersonDeleted={row.isPersonDeleted} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pagination" className="mt-3 flex justify-end gap-2">
        {params.before ? (
          <Link href={query({})} className={buttonClasses("secondary")}>
            Newest
          </Link>
        ) : null}
        {nextCursor ? (
          <Link href={query({ before: nextCursor })} className={buttonClasses("secondary")}>
            Older
          </Link>
        ) : null}
      </nav>
    </>
  );
}
