// Everything the People page shows for one URL state: the page of rows (dates as ISO strings, for the
// browser), its total, the keyset links, and the toolbar's options.
import "server-only";
import { findSegmentOptions } from "../segments/queries";
import { findActiveDeletionJobIds } from "../deletion/progress";
import { findAttributeNames } from "./attribute-names";
import { findPeople } from "./queries";
import { encodeCondition, peopleHref, PEOPLE_PAGE_SIZE, type PeopleSearchParams, type PeopleViewState } from "./search-params";

function attributeText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

export async function findPeopleView({ workspaceId, params }: { workspaceId: string; params: PeopleSearchParams }) {
  const segments = await findSegmentOptions({ workspaceId });
  // A segment id that isn't this workspace's is dropped rather than showing an empty page.
  const segmentId = segments.some((s) => s.id === params.segment) ? params.segment : undefined;
  const filter = { workspaceId, search: params.q, segmentId, condition: params.filter ?? null };
  const [result, attributeNames, activeJobIds] = await Promise.all([
    findPeople({ ...filter, sort: params.sort, order: params.order, cursor: params.cursor, attribute: params.attr }),
    findAttributeNames({ workspaceId }),
    findActiveDeletionJobIds({ workspaceId }),
  ]);

  const view: PeopleViewState = { q: params.q, segment: segmentId, filter: encodeCondition(params.filter), sort: params.sort, order: params.order, attr: params.attr };
  const pages = Math.max(1, Math.ceil(result.total / PEOPLE_PAGE_SIZE));
  const page = params.cursor?.direction === "last" ? pages : Math.min(params.page, pages);
  const links = {
    first: result.prevCursor ? peopleHref(view) : null,
    prev: result.prevCursor ? peopleHref({ ...view, cursor: result.prevCursor, page: Math.max(1, page - 1) }) : null,
    next: result.nextCursor ? peopleHref({ ...view, cursor: result.nextCursor, page: page + 1 }) : null,
    last: result.nextCursor ? peopleHref({ ...view, cursor: "last", page: pages }) : null,
  };
  return {
    // A new view, page or total starts the table with a fresh selection.
    key: JSON.stringify([view, params.cursor ?? null, result.total]),
    rows: result.rows.map((r) => ({
      cioId: r.cioId,
      id: r.id,
      email: r.email,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      attributeValue: attributeText(r.attributeValue),
      isEmailSuppressed: r.isEmailSuppressed,
    })),
    total: result.total,
    isTotalExact: result.isTotalExact,
    page,
    pageSize: PEOPLE_PAGE_SIZE,
    view,
    condition: params.filter ?? null,
    links,
    segments,
    attributeNames,
    activeJobIds,
    hasAnyFilter: Boolean(params.q || segmentId || params.filter),
  };
}
