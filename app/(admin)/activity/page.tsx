import type { Metadata } from "next";
import { ActivityFilters } from "@/components/activity/activity-filters";
import { ActivityTable } from "@/components/activity/activity-table";
import { Pagination } from "@/components/data-table/pagination";
import { PageHeader } from "@/components/ui/page-header";
import { findActivity } from "@/lib/activity/queries";
import { activityHref, activitySearchParamsSchema } from "@/lib/activity/search-params";
import { requirePageUser } from "@/lib/auth/guard";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = activitySearchParamsSchema.parse(await searchParams);
  const workspace = await getWorkspace();
  const { rows, nextCursor } = await findActivity({ workspace, type: params.type, before: params.before });
  // Keyset pages: newest first, then older; there is no way back but to the newest.
  const newest = params.before ? activityHref({ type: params.type }) : null;
  const older = nextCursor ? activityHref({ type: params.type, before: nextCursor }) : null;
  return (
    <>
      <PageHeader title="Activity" description="Everything that happened to people in this workspace, newest first. Activity outlives deleted people; suppression makes it anonymous." />
      <ActivityFilters type={params.type} />
      <ActivityTable rows={rows} empty={params.type ? "No activity of this type." : "No activity yet."} />
      <Pagination links={{ first: newest, prev: null, next: older, last: null }} />
    </>
  );
}
