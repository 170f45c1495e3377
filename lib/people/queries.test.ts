import { describe, expect, it } from "vitest";
import { db } from "../db";
import { newCioId } from "../identity/identifiers";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import { rebuildSegmentMembership } from "../segments/membership";
import { getPersonByCioId } from "./person-record";
import { countPeople, findPeople, peopleSelectionSql, type PeopleFilter } from "./queries";
import { parsePeopleSearchParams, PEOPLE_SORTS, type PeopleCursor, type SortOrder } from "./search-params";

type Seeded = { cioId: string; id: string | null; email: string | null; createdAt: Date; updatedAt: Date };

// 23 people: some without email or id, some with equal timestamps, so ties and nulls are exercised.
async function seedWorkspace() {
  const ws = await createTestWorkspace();
  const people: Seeded[] = [];
  for (let i = 0; i < 23; i++) {
    const p: Seeded = {
      cioId: newCioId(),
      id: i % 7 === 3 ? null : `user_${String(i).padStart(2, "0")}`,
      email: i % 5 === 4 ? null : `${i % 2 ? "Ada" : "bob"}.${i}@example.com`,
      createdAt: new Date(Date.UTC(2025, 0, 1 + Math.floor(i / 3))),
      updatedAt: new Date(Date.UTC(2025, 5, 1, i % 4)),
    };
    people.push(p);
    await db.person.create({
      data: {
        cioId: p.cioId,
        workspaceId: ws.id,
        externalId: p.id,
        email: p.email,
        emailKey: p.email?.toLowerCase() ?? null,
        attributes: { plan: i % 3 === 0 ? "pro" : "free", n: i },
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      },
    });
  }
  return { ws, people };
}

// A cursor as the page reads it from its URL, where it always travels with its sort.
function cursorOf(encoded: string | null, sort: (typeof PEOPLE_SORTS)[number]): PeopleCursor | undefined {
  if (!encoded) return undefined;
  return parsePeopleSearchParams({ cursor: encoded, sort }).cursor;
}

// Walks every page forward, then back from the end, and returns the cio_ids in both directions.
async function walk(filter: PeopleFilter, sort: (typeof PEOPLE_SORTS)[number], order: SortOrder, pageSize: number) {
  const forward: string[] = [];
  let cursor: PeopleCursor | undefined;
  let lastPrev: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const page = await findPeople({ ...filter, sort, order, cursor, pageSize });
    forward.push(...page.rows.map((r) => r.cioId));
    lastPrev = page.prevCursor;
    if (!page.nextCursor) break;
    cursor = cursorOf(page.nextCursor, sort);
  }
  const backward: string[] = [];
  const lastPage = await findPeople({ ...filter, sort, order, cursor: { direction: "last" }, pageSize });
  backward.unshift(...lastPage.rows.map((r) => r.cioId));
  cursor = cursorOf(lastPage.prevCursor, sort);
  while (cursor) {
    const page = await findPeople({ ...filter, sort, order, cursor, pageSize });
    backward.unshift(...page.rows.map((r) => r.cioId));
    cursor = cursorOf(page.prevCursor, sort);
  }
  return { forward, backward, lastPrev };
}

function expectedOrder(people: Seeded[], sort: (typeof PEOPLE_SORTS)[number], order: SortOrder): string[] {
  const key = (p: Seeded) =>
    sort === "created" ? p.createdAt.toISOString() : sort === "updated" ? p.updatedAt.toISOString() : sort === "email" ? (p.email?.toLowerCase() ?? null) : p.id;
  const sorted = [...people].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) {
      if (ka === null) return 1; // nulls last going up
      if (kb === null) return -1;
      return Buffer.compare(Buffer.from(ka), Buffer.from(kb));
    }
    return a.cioId < b.cioId ? -1 : 1;
  });
  return order === "asc" ? sorted.map((p) => p.cioId) : sorted.reverse().map((p) => p.cioId);
}

describe("[PEOPLE] people queries", { timeout: 180_000 }, () => {
  it("pages forward and backward through every sort and order without gaps or repeats", async () => {
    const { ws, people } = await seedWorkspace();
    for (const sort of PEOPLE_SORTS) {
      for (const order of ["asc", "desc"] as const) {
        const { forward, backward } = await walk({ workspaceId: ws.id }, sort, order, 5);
        const expected = expectedOrder(people, sort, order);
        expect(forward, `${sort} ${order} forward`).toEqual(expected);
        expect(backward, `${sort} ${order} backward`).toEqual(expected);
      }
    }
  });

  it("searches by id or email prefix, case rules respected, wildcards literal", async () => {
    const { ws, people } = await seedWorkspace();
    const search = async (term: string) => (await findPeople({ workspaceId: ws.id, search: term })).rows.map((r) => r.cioId).sort();
    const expectIds = (pred: (p: Seeded) => boolean) => people.filter(pred).map((p) => p.cioId).sort();
    expect(await search("ADA.")).toEqual(expectIds((p) => p.email?.toLowerCase().startsWith("ada.") ?? false));
    expect(await search("user_1")).toEqual(expectIds((p) => p.id?.startsWith("user_1") ?? false));
    expect(await search("USER_1")).toEqual([]);
    expect(await search("user%")).toEqual([]);
    expect(await search(`cio_${people[5].cioId}`)).toEqual([people[5].cioId]);
    expect(await countPeople({ workspaceId: ws.id, search: "bob" })).toBe(people.filter((p) => p.email?.startsWith("bob")).length);
  });

  it("filters by segment and conditions, counts from membership, and the selection SQL matches the count", async () => {
    const { ws, people } = await seedWorkspace();
    const segment = await db.segment.create({
      data: { id: uniqueToken("seg_"), workspaceId: ws.id, name: "Pro", kind: "data_driven", filter: { attribute: { field: "plan", operator: "eq", value: "pro" } } },
    });
    await rebuildSegmentMembership({ workspaceId: ws.id, segmentId: segment.id });
    const pro = people.filter((_, i) => i % 3 === 0).map((p) => p.cioId).sort();

    const bySegment = await findPeople({ workspaceId: ws.id, segmentId: segment.id });
    expect(bySegment.total).toBe(pro.length);
    expect(bySegment.rows.map((r) => r.cioId).sort()).toEqual(pro);

    const condition = { and: [{ attribute: { field: "n", operator: "gt" as const, value: 10 } }] };
    const combined: PeopleFilter = { workspaceId: ws.id, segmentId: segment.id, condition };
    const expected = people.filter((_, i) => i % 3 === 0 && i > 10).map((p) => p.cioId).sort();
    expect(await countPeople(combined)).toBe(expected.length);
    const snapshot = await db.$queryRaw<{ cio_id: string }[]>(peopleSelectionSql(combined));
    expect(snapshot.map((r) => r.cio_id).sort()).toEqual(expected);

    // Another workspace can't read this segment through its id.
    const other = await createTestWorkspace();
    expect(await countPeople({ workspaceId: other.id, segmentId: segment.id })).toBe(0);
    expect((await findPeople({ workspaceId: other.id, segmentId: segment.id })).rows).toEqual([]);
  });

  it("shows the chosen attribute and the email-suppression badge, and reads one person", async () => {
    const { ws, people } = await seedWorkspace();
    const target = people[0];
    await db.espSuppression.create({
      data: { workspaceId: ws.id, email: target.email!, emailKey: target.email!.toLowerCase(), domain: "example.com", type: "bounces", origin: "admin" },
    });
    const page = await findPeople({ workspaceId: ws.id, attribute: "plan", search: target.id! });
    const row = page.rows.find((r) => r.cioId === target.cioId)!;
    expect(row).toMatchObject({ attributeValue: "pro", isEmailSuppressed: true });

    const detail = await getPersonByCioId({ workspaceId: ws.id, cioId: target.cioId });
    expect(detail).toMatchObject({ cioId: target.cioId, id: target.id, isEmailSuppressed: true, attributes: { plan: "pro", n: 0 } });
    expect(await getPersonByCioId({ workspaceId: ws.id, cioId: "nope" })).toBeNull();
    expect(await getPersonByCioId({ workspaceId: (await createTestWorkspace()).id, cioId: target.cioId })).toBeNull();
  });

  it("parses bad URL state to defaults instead of failing", () => {
    expect(parsePeopleSearchParams({ sort: "nope", order: "up", page: "-3", cursor: "after:!!", filter: "{bad", q: ["ada", "x"] })).toMatchObject({
      q: "ada",
      sort: "created",
      order: "desc",
      page: 1,
      cursor: undefined,
      filter: undefined,
    });
  });
});
