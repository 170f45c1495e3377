// Reads for the People page and the deletion snapshot. Built for a million people:
// pages are keyset seeks on the (workspace, sort key, cio_id) indexes, search is a prefix range on
// the text_pattern_ops indexes, a segment filter reads the materialized segment_membership, and a
// segment-only total is counted there instead of over person.
import "server-only";
import { countCapped, countWithinBudget, type CappedCount } from "../sql/count-capped";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { findEspSuppressedEmails } from "../esp-suppression/queries";
import { isCioId } from "../identity/identifiers";
import { conditionToSql, isEmptyCondition, type Condition } from "../segments/conditions";
import { encodeCursor, PEOPLE_PAGE_SIZE, type PeopleCursor, type PeopleSort, type SortOrder } from "./search-params";

export type PeopleFilter = {
  workspaceId: string;
  search?: string;
  segmentId?: string;
  condition?: Condition | null;
};

type PersonRow = {
  cioId: string;
  id: string | null;
  email: string | null;
  createdAt: Date;
  updatedAt: Date;
  attributeValue: string | number | boolean | null;
  isEmailSuppressed: boolean;
};

export type PeoplePage = {
  rows: PersonRow[];
  total: number;
  // False when total is the planner's estimate (a broad filter past COUNT_CAP matches).
  isTotalExact: boolean;
  nextCursor: string | null;
  prevCursor: string | null;
};

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// The WHERE clause over `person p` for a filter: shared by the page, its count and the deletion
// snapshot, so "all N" deletes exactly what the page counted.
function peopleWhereSql({ workspaceId, search, segmentId, condition }: PeopleFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`p.workspace_id = ${workspaceId}`];
  const term = search?.trim();
  if (term) {
    // Prefix matches: email case-insensitively, id case-sensitively, both on text_pattern_ops indexes.
    const alternatives = [
      Prisma.sql`p.email_key LIKE ${`${escapeLike(term.toLowerCase())}%`}`,
      Prisma.sql`p.external_id LIKE ${`${escapeLike(term)}%`}`,
    ];
    const cio = term.startsWith("cio_") ? term.slice(4) : term;
    if (isCioId(cio)) alternatives.push(Prisma.sql`p.cio_id = ${cio}`);
    parts.push(Prisma.sql`(${Prisma.join(alternatives, " OR ")})`);
  }
  if (segmentId) {
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM segment_membership sm WHERE sm.segment_id = ${segmentId} AND sm.cio_id = p.cio_id)`,
      // A segment of another workspace matches nobody here.
      Prisma.sql`EXISTS (SELECT 1 FROM segment s WHERE s.id = ${segmentId} AND s.workspace_id = ${workspaceId})`,
    );
  }
  if (condition && !isEmptyCondition(condition)) parts.push(conditionToSql({ workspaceId, condition }));
  return Prisma.join(parts, " AND ");
}

// The statement whose result is the set of people the filter matches right now: startDeletion
// snapshots it at confirmation ("all N").
export function peopleSelectionSql(filter: PeopleFilter): Prisma.Sql {
  return Prisma.sql`SELECT p.cio_id FROM person p WHERE ${peopleWhereSql(filter)}`;
}

function isOnlySegment(filter: PeopleFilter): filter is PeopleFilter & { segmentId: string } {
  return Boolean(filter.segmentId) && !filter.search?.trim() && isEmptyCondition(filter.condition);
}

// A segment's materialized membership rows (a segment of another workspace has none here).
function segmentMembersSql({ workspaceId, segmentId }: { workspaceId: string; segmentId: string }): Prisma.Sql {
  return Prisma.sql`segment_membership sm
    WHERE sm.segment_id = ${segmentId} AND EXISTS (SELECT 1 FROM segment s WHERE s.id = ${segmentId} AND s.workspace_id = ${workspaceId})`;
}

// What a segment's exact total may take on a page view before the page shows the estimate ("≈").
const SEGMENT_COUNT_BUDGET_MS = 150;

// How many people match. A segment-only filter counts its materialized membership rows.
export async function countPeople(filter: PeopleFilter): Promise<number> {
  if (isOnlySegment(filter)) {
    const [row] = await db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM ${segmentMembersSql(filter)}`;
    return Number(row.count);
  }
  const [row] = await db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM person p WHERE ${peopleWhereSql(filter)}`;
  return Number(row.count);
}

// The total a page shows: exact for a segment (its membership count) when PostgreSQL counts it within
// SEGMENT_COUNT_BUDGET_MS, and for up to COUNT_CAP matches; otherwise an estimate. The exact number is
// counted when someone selects all (countPeople).
async function countPeopleForPage(filter: PeopleFilter): Promise<CappedCount> {
  if (isOnlySegment(filter)) return countWithinBudget(segmentMembersSql(filter), SEGMENT_COUNT_BUDGET_MS);
  return countCapped(Prisma.sql`person p WHERE ${peopleWhereSql(filter)}`);
}

type SortSpec = {
  // The sort key as SQL, its text form for the cursor and its cast back from text.
  expr: Prisma.Sql;
  asText: Prisma.Sql;
  fromText: (value: string) => Prisma.Sql;
  // Ordering operators of the index's operator class (text_pattern_ops orders bytewise with ~<~).
  lt: string;
  gt: string;
  nullable: boolean;
};

// A timestamp column, carried in the cursor as its text to the millisecond.
function timestampSort(column: Prisma.Sql): SortSpec {
  return {
    expr: column,
    asText: Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS')`,
    fromText: (v) => Prisma.sql`${v}::timestamp(3)`,
    lt: "<",
    gt: ">",
    nullable: false,
  };
}

// A nullable text column on a text_pattern_ops index.
function textSort(column: Prisma.Sql): SortSpec {
  return { expr: column, asText: column, fromText: (v) => Prisma.sql`${v}::text`, lt: "~<~", gt: "~>~", nullable: true };
}

const SORTS: Record<PeopleSort, SortSpec> = {
  created: timestampSort(Prisma.sql`p.created_at`),
  updated: timestampSort(Prisma.sql`p.updated_at`),
  email: textSort(Prisma.sql`p.email_key`),
  id: textSort(Prisma.sql`p.external_id`),
};

// ORDER BY for a sort in one direction. Nulls come last going up and first going down, which is
// exactly the reverse, so "previous page" can run the mirrored order.
function orderBySql(spec: SortSpec, order: SortOrder): Prisma.Sql {
  const op = Prisma.raw(order === "asc" ? `USING ${spec.lt} NULLS LAST` : `USING ${spec.gt} NULLS FIRST`);
  return Prisma.sql`ORDER BY ${spec.expr} ${op}, p.cio_id ${Prisma.raw(order === "asc" ? "ASC" : "DESC")}`;
}

// Rows strictly after (value, cioId) in the given order.
function seekSql(spec: SortSpec, order: SortOrder, value: string | null, cioId: string): Prisma.Sql {
  const cioCmp = Prisma.raw(order === "asc" ? ">" : "<");
  const beyond = Prisma.raw(order === "asc" ? spec.gt : spec.lt);
  if (value === null) {
    // Nulls come last going up: only later nulls follow. Going down they come first: every value follows.
    return order === "asc"
      ? Prisma.sql`(${spec.expr} IS NULL AND p.cio_id ${cioCmp} ${cioId})`
      : Prisma.sql`((${spec.expr} IS NULL AND p.cio_id ${cioCmp} ${cioId}) OR ${spec.expr} IS NOT NULL)`;
  }
  const v = spec.fromText(value);
  const alternatives = [Prisma.sql`${spec.expr} ${beyond} ${v}`, Prisma.sql`(${spec.expr} = ${v} AND p.cio_id ${cioCmp} ${cioId})`];
  if (spec.nullable && order === "asc") {
    alternatives.push(Prisma.sql`${spec.expr} IS NULL`);
    return Prisma.sql`(${Prisma.join(alternatives, " OR ")})`;
  }
  // The inclusive bound alone is an index range condition, so the seek starts at the cursor instead of
  // filtering every row before it; the OR then drops the ties already shown.
  const bound = Prisma.raw(order === "asc" ? (spec.gt === ">" ? ">=" : "~>=~") : spec.lt === "<" ? "<=" : "~<=~");
  return Prisma.sql`(${spec.expr} ${bound} ${v} AND (${Prisma.join(alternatives, " OR ")}))`;
}

type RawPersonRow = {
  cio_id: string;
  external_id: string | null;
  email: string | null;
  email_key: string | null;
  created_at: Date;
  updated_at: Date;
  sort_value: string | null;
  attribute_value: string | number | boolean | null;
};

// One page of people (50 by default) for a filter, sort and cursor, with the total and the cursors of
// the neighbouring pages. `attribute` adds that attribute's value as a column.
export async function findPeople(
  options: PeopleFilter & {
    sort?: PeopleSort;
    order?: SortOrder;
    cursor?: PeopleCursor;
    pageSize?: number;
    attribute?: string;
  },
): Promise<PeoplePage> {
  const { sort = "created", order = "desc", cursor, pageSize = PEOPLE_PAGE_SIZE, attribute } = options;
  const spec = SORTS[sort];
  const where = peopleWhereSql(options);
  // "before" and "last" read the mirrored order and flip the rows back.
  const backwards = cursor?.direction === "before" || cursor?.direction === "last";
  const scanOrder: SortOrder = backwards ? (order === "asc" ? "desc" : "asc") : order;
  const seek = cursor && cursor.direction !== "last" ? Prisma.sql`AND ${seekSql(spec, scanOrder, cursor.value, cursor.cioId)}` : Prisma.empty;
  const attributeColumn = attribute ? Prisma.sql`p.attributes -> ${attribute}` : Prisma.sql`NULL::jsonb`;

  // The last page holds the remainder, so page numbers counted from either end agree.
  const knownTotal = cursor?.direction === "last" ? await countPeople(options) : undefined;
  const limit = knownTotal !== undefined ? knownTotal % pageSize || pageSize : pageSize;
  const [raw, counted] = await Promise.all([
    db.$queryRaw<RawPersonRow[]>`
      SELECT p.cio_id, p.external_id, p.email, p.email_key, p.created_at, p.updated_at,
             ${spec.asText} AS sort_value, ${attributeColumn} AS attribute_value
      FROM person p
      WHERE ${where} ${seek}
      ${orderBySql(spec, scanOrder)}
      LIMIT ${limit + 1}`,
    knownTotal !== undefined ? { count: knownTotal, isExact: true } : countPeopleForPage(options),
  ]);
  const total = counted.count;
  const hasMore = raw.length > limit;
  const page = raw.slice(0, limit);
  if (backwards) page.reverse();

  const suppressed = await findEspSuppressedEmails({
    workspaceId: options.workspaceId,
    emailKeys: page.map((r) => r.email_key).filter((k): k is string => k !== null),
  });
  const rows: PersonRow[] = page.map((r) => ({
    cioId: r.cio_id,
    id: r.external_id,
    email: r.email,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    attributeValue: r.attribute_value,
    isEmailSuppressed: r.email_key !== null && suppressed.has(r.email_key),
  }));

  const firstRow = page[0];
  const lastRow = page[page.length - 1];
  // Going forward, a previous page exists when we came from a cursor; going backwards, when more rows were found.
  const hasPrev = backwards ? hasMore : Boolean(cursor);
  const hasNext = backwards ? cursor?.direction === "before" : hasMore;
  return {
    rows,
    total,
    isTotalExact: counted.isExact,
    nextCursor: hasNext && lastRow ? encodeCursor("after", lastRow.sort_value, lastRow.cio_id) : null,
    prevCursor: hasPrev && firstRow ? encodeCursor("before", firstRow.sort_value, firstRow.cio_id) : null,
  };
}
