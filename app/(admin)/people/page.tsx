import type { Metadata } from "next";
import { PeopleTable } from "@/components/people/people-table";
import type { PeopleViewState } from "@/components/people/columns";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guard";
import { findActiveDeletionJobIds, findAttributeNames, findPeople } from "@/lib/people/queries";
import { encodeCondition, parsePeopleSearchParams, peopleHref, PEOPLE_PAGE_SIZE } from "@/lib/people/search-params";
import { findSegmentOptions } from "@/lib/segments/queries";
import { getWorkspace } from "@/lib/workspace/workspace";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = parsePeopleSearchParams(await searchParams);
  const workspace = await getWorkspace();
  const segments = await findSegmentOptions({ workspaceId: workspace.id });
  // A segment id that isn't this workspace's is dropped rather than showing an empty page.
  const segmentId = segments.some((s) => s.id === params.segment) ? params.segment : undefined;
  const filter = { workspaceId: workspace.id, search: params.q, segmentId, condition: params.filter ?? null };

  const [result, attributeNames, activeJobIds] = await Promise.all([
    findPeople({ ...filter, sort: params.sort, order: params.order, cursor: params.cursor, attribute: params.attr }),
    findAttributeNames({ workspaceId: workspace.id }),
    findActiveDeletionJobIds({ workspaceId: workspace.id }),
  ]);

  const view: PeopleViewState = {
    q: params.q,
    segment: segmentId,
    filter: encodeCondition(params.filter),
    sort: params.sort,
    order: params.order,
    attr: params.attr,
  };
  const pages = Math.max(1, Math.ceil(result.total / PEOPLE_PAGE_SIZE));
  const page = params.cursor?.direction === "last" ? pages : Math.min(params.page, pages);
  const isFirstPage = !result.prevCursor;
  const isLastPage = !result.nextCursor;
  const links = {
    first: isFirstPage ? null : peopleHref(view),
    prev: result.prevCursor ? peopleHref({ ...view, cursor: result.prevCursor, page: Math.max(1, page - 1) }) : null,
    next: result.nextCursor ? peopleHref({ ...view, cursor: result.nextCursor, page: page + 1 }) : null,
    last: isLastPage ? null : peopleHref({ ...view, cursor: "last", page: pages }),
  };

  return (
    <>
      <PageHeader title="People" description="Find people, select them and delete them forever, with or without suppressing their identifiers." />
      <PeopleTable
        // A new view, page or total starts with a fresh selection.
        key={JSON.stringify([view, params.cursor ?? null, result.total])}
        rows={result.rows.map((r) => ({
          cioId: r.cioId,
          id: r.id,
          email: r.email,
          createdAt: r.createdAt.toISOString(),
          updatedAt: r.updatedAt.toISOString(),
          attributeValue: r.attributeValue === null || r.attributeValue === undefined ? null : typeof r.attributeValue === "string" ? r.attributeValue : JSON.stringify(r.attributeValue),
          isEmailSuppressed: r.isEmailSuppressed,
        }))}
        total={result.total}
        isTotalExact={result.isTotalExact}
        page={page}
        pageSize={PEOPLE_PAGE_SIZE}
        view={view}
        condition={params.filter ?? null}
        links={links}
        segments={segments}
        attributeNames={attributeNames}
        activeJobIds={activeJobIds}
        hasAnyFilter={Boolean(params.q || segmentId || params.filter)}
      />
    </>
  );
}
