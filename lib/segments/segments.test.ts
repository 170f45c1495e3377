import { describe, expect, it } from "vitest";
import { db } from "../db";
import { newCioId } from "../identity/identifiers";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import { Prisma } from "../generated/prisma/client";
import { conditionSchema, conditionToSql, parseCondition, type Condition } from "./conditions";
import { rebuildSegmentMembership, refreshMemberships } from "./membership";

async function addPeople(workspaceId: string, people: { id: string; email?: string; attributes: Record<string, unknown> }[]) {
  const cioIds: string[] = [];
  for (const p of people) {
    const cioId = newCioId();
    cioIds.push(cioId);
    await db.person.create({
      data: {
        cioId,
        workspaceId,
        externalId: p.id,
        email: p.email ?? null,
        emailKey: p.email?.toLowerCase() ?? null,
        attributes: p.attributes as Prisma.InputJsonValue,
      },
    });
  }
  return cioIds;
}

async function matching(workspaceId: string, condition: Condition): Promise<string[]> {
  const rows = await db.$queryRaw<{ external_id: string }[]>`
    SELECT p.external_id FROM person p WHERE p.workspace_id = ${workspaceId} AND ${conditionToSql({ workspaceId, condition })} ORDER BY p.external_id`;
  return rows.map((r) => r.external_id);
}

describe("[SEGMENTS] condition tree", () => {
  it("accepts the documented shapes and rejects malformed or oversized trees", () => {
    expect(parseCondition({ and: [{ attribute: { field: "plan", operator: "eq", value: "pro" } }, { segment: { id: 4 } }] })).toEqual({
      and: [{ attribute: { field: "plan", operator: "eq", value: "pro" } }, { segment: { id: "4" } }],
    });
    expect(parseCondition({ not: { attribute: { field: "x", operator: "exists" } } })).not.toBeNull();
    expect(parseCondition({ attribute: { field: "x", operator: "eq" } })).toBeNull();
    expect(parseCondition({ attribute: { field: "x", operator: "gt", value: "abc" } })).toBeNull();
    expect(parseCondition({ attribute: { field: "x", operator: "like", value: "a" } })).toBeNull();
    expect(parseCondition({ and: [], extra: 1 })).toBeNull();
    let deep: Condition = { attribute: { field: "x", operator: "exists" } };
    for (let i = 0; i < 10; i++) deep = { not: deep };
    expect(conditionSchema.safeParse(deep).success).toBe(false);
  });

  it("compiles every operator to parameterized SQL that selects the right people", async () => {
    const ws = await createTestWorkspace();
    await addPeople(ws.id, [
      { id: "a", email: "Ann@Example.com", attributes: { plan: "pro", count: 25, signed_up: 1_700_000_000, note: "50% off" } },
      { id: "b", email: "bob@example.org", attributes: { plan: "free", count: 3, signed_up: "2020-01-01T00:00:00Z" } },
      { id: "c", attributes: { plan: "pro", count: "many", vip: true } },
    ]);
    const attr = (field: string, operator: string, value?: unknown) => ({ attribute: { field, operator, value } }) as Condition;
    expect(await matching(ws.id, attr("plan", "eq", "pro"))).toEqual(["a", "c"]);
    expect(await matching(ws.id, attr("plan", "neq", "pro"))).toEqual(["b"]);
    expect(await matching(ws.id, attr("count", "eq", "25"))).toEqual(["a"]);
    expect(await matching(ws.id, attr("vip", "eq", "true"))).toEqual(["c"]);
    expect(await matching(ws.id, attr("note", "contains", "50%"))).toEqual(["a"]);
    expect(await matching(ws.id, attr("note", "contains", "5_"))).toEqual([]);
    expect(await matching(ws.id, attr("vip", "exists"))).toEqual(["c"]);
    expect(await matching(ws.id, attr("vip", "not_exists"))).toEqual(["a", "b"]);
    expect(await matching(ws.id, attr("count", "gt", 10))).toEqual(["a"]);
    expect(await matching(ws.id, attr("count", "lt", "10"))).toEqual(["b"]);
    expect(await matching(ws.id, attr("signed_up", "after", "2021-01-01"))).toEqual(["a"]);
    expect(await matching(ws.id, attr("signed_up", "before", "2021-01-01"))).toEqual(["b"]);
    expect(await matching(ws.id, attr("email", "eq", "ANN@example.com"))).toEqual(["a"]);
    expect(await matching(ws.id, attr("id", "neq", "a"))).toEqual(["b", "c"]);
    expect(await matching(ws.id, { or: [attr("plan", "eq", "free"), attr("vip", "exists")] })).toEqual(["b", "c"]);
    expect(await matching(ws.id, { and: [attr("plan", "eq", "pro"), { not: attr("vip", "exists") }] })).toEqual(["a"]);
    expect(await matching(ws.id, { and: [] })).toEqual(["a", "b", "c"]);
    // Injection attempts stay values.
    expect(await matching(ws.id, attr("plan'); DROP TABLE person; --", "eq", "x' OR '1'='1"))).toEqual([]);
  });
});

describe("[SEGMENTS] materialized membership", { timeout: 180_000 }, () => {
  it("rebuilds a data-driven segment, follows segment references, and refreshes people after changes", async () => {
    const ws = await createTestWorkspace();
    const [a, b, c] = await addPeople(ws.id, [
      { id: "a", attributes: { plan: "pro", country: "DE" } },
      { id: "b", attributes: { plan: "free", country: "DE" } },
      { id: "c", attributes: { plan: "pro", country: "US" } },
    ]);
    const pro = await db.segment.create({
      data: { id: uniqueToken("seg_"), workspaceId: ws.id, name: "Pro", kind: "data_driven", filter: { attribute: { field: "plan", operator: "eq", value: "pro" } } },
    });
    const proDe = await db.segment.create({
      data: {
        id: uniqueToken("seg_"),
        workspaceId: ws.id,
        name: "Pro in DE",
        kind: "data_driven",
        filter: { and: [{ segment: { id: pro.id } }, { attribute: { field: "country", operator: "eq", value: "DE" } }] },
      },
    });
    expect(await rebuildSegmentMembership({ workspaceId: ws.id, segmentId: pro.id })).toEqual({ members: 2 });
    expect(await rebuildSegmentMembership({ workspaceId: ws.id, segmentId: proDe.id })).toEqual({ members: 1 });

    const members = async (segmentId: string) =>
      (await db.segmentMembership.findMany({ where: { segmentId }, select: { cioId: true } })).map((m) => m.cioId).sort();

    // b upgrades, c downgrades: refresh both inside one transaction, as identify does.
    await db.$transaction(async (tx) => {
      await tx.person.update({ where: { cioId: b }, data: { attributes: { plan: "pro", country: "DE" } } });
      await tx.person.update({ where: { cioId: c }, data: { attributes: { plan: "free", country: "US" } } });
      await refreshMemberships({ tx, workspaceId: ws.id, cioIds: [b, c] });
    });
    expect(await members(pro.id)).toEqual([a, b].sort());
    expect(await members(proDe.id)).toEqual([a, b].sort());

    // Changing the referenced segment's filter rebuilds its dependents too.
    await db.segment.update({ where: { id: pro.id }, data: { filter: { attribute: { field: "plan", operator: "eq", value: "free" } } } });
    await rebuildSegmentMembership({ workspaceId: ws.id, segmentId: pro.id });
    expect(await members(pro.id)).toEqual([c]);
    expect(await members(proDe.id)).toEqual([]);
  });

  it("leaves manual segments alone and ignores another workspace's segment ids", async () => {
    const ws = await createTestWorkspace();
    const other = await createTestWorkspace();
    const [a] = await addPeople(ws.id, [{ id: "a", attributes: {} }]);
    const [x] = await addPeople(other.id, [{ id: "x", attributes: {} }]);
    const foreign = await db.segment.create({ data: { id: uniqueToken("seg_"), workspaceId: other.id, name: "M", kind: "manual" } });
    await db.segmentMembership.create({ data: { segmentId: foreign.id, cioId: x } });
    const manual = await db.segment.create({ data: { id: uniqueToken("seg_"), workspaceId: ws.id, name: "M", kind: "manual" } });
    await db.segmentMembership.create({ data: { segmentId: manual.id, cioId: a } });
    expect(await rebuildSegmentMembership({ workspaceId: ws.id, segmentId: manual.id })).toEqual({ members: 1 });
    expect(await matching(ws.id, { segment: { id: manual.id } })).toEqual(["a"]);
    expect(await matching(ws.id, { segment: { id: foreign.id } })).toEqual([]);
  });
});
