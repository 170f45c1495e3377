// Indexed attributes on either database: the catalog (add, idempotent add, bad names, the cap,
// remove), the build leaving a valid index the People page's range filters can use, and the filters
// answering exactly the same with the index as without it, over every kind of value.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { ValidationError } from "../errors";
import { newCioId } from "../identity/identifiers";
import { findPeople } from "../people/queries";
import type { Condition } from "../segments/conditions";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import {
  addIndexedAttribute,
  attributeIndexName,
  buildAttributeIndex,
  buildPendingAttributeIndexes,
  listIndexedAttributes,
  MAX_INDEXED_ATTRIBUTES,
  removeIndexedAttribute,
} from "./attribute-indexes";
import { attributeIndexIsValid, removeAllIndexedAttributes } from "./testing";

const actor = { type: "system" } as const;

afterEach(removeAllIndexedAttributes);

describe("[INDEXED ATTRIBUTES] the catalog", () => {
  it("adds an attribute as building, builds a valid index, and says so; adding it again changes nothing", async () => {
    const workspace = await createTestWorkspace();
    const name = uniqueToken("signed_up_");
    const added = await addIndexedAttribute({ workspaceId: workspace.id, name, actor });
    expect(added).toMatchObject({ status: "added", attribute: { name, status: "building", readyAt: null } });
    expect(await attributeIndexIsValid(name)).toBeNull();

    await buildPendingAttributeIndexes();
    const [listed] = await listIndexedAttributes();
    expect(listed).toMatchObject({ name, status: "ready", error: null });
    expect(listed.readyAt).toBeInstanceOf(Date);
    expect(await attributeIndexIsValid(name)).toBe(true);

    expect(await addIndexedAttribute({ workspaceId: workspace.id, name, actor })).toMatchObject({ status: "exists", attribute: { status: "ready" } });
    expect(await buildAttributeIndex(name)).toBe("ready");
    const audit = await db.auditEntry.findMany({ where: { workspaceId: workspace.id }, select: { action: true, details: true } });
    expect(audit).toEqual([{ action: "attribute_index.add", details: { attribute: name } }]);
  });

  it("refuses names that are not attributes or can't be stored, and more than the cap, writing nothing", async () => {
    const workspace = await createTestWorkspace();
    for (const name of ["", "id", "email", "cio_id", "created_at", "a\u0000b", "x".repeat(151)]) {
      await expect(addIndexedAttribute({ workspaceId: workspace.id, name, actor })).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await listIndexedAttributes()).toEqual([]);

    const names = Array.from({ length: MAX_INDEXED_ATTRIBUTES }, (_, i) => `cap_${i}_${uniqueToken()}`);
    for (const name of names) await addIndexedAttribute({ workspaceId: workspace.id, name, actor });
    await expect(addIndexedAttribute({ workspaceId: workspace.id, name: "one_too_many", actor })).rejects.toThrow(/at most 10/);
    expect((await listIndexedAttributes()).map((a) => a.name).sort()).toEqual([...names].sort());
    expect(await db.auditEntry.count({ where: { workspaceId: workspace.id } })).toBe(MAX_INDEXED_ATTRIBUTES);
  });

  it("removes an attribute with its index and audits it; an unknown one is not found", async () => {
    const workspace = await createTestWorkspace();
    const name = uniqueToken("plan_price_");
    await addIndexedAttribute({ workspaceId: workspace.id, name, actor });
    await buildAttributeIndex(name);
    expect(await attributeIndexIsValid(name)).toBe(true);

    expect(await removeIndexedAttribute({ workspaceId: workspace.id, name, actor })).toBe("removed");
    expect(await attributeIndexIsValid(name)).toBeNull();
    expect(await listIndexedAttributes()).toEqual([]);
    expect(await removeIndexedAttribute({ workspaceId: workspace.id, name, actor })).toBe("not_found");
    expect((await db.auditEntry.findMany({ where: { workspaceId: workspace.id }, orderBy: { id: "asc" } })).map((e) => e.action)).toEqual([
      "attribute_index.add",
      "attribute_index.remove",
    ]);
  });

  it("retries a failed build when the attribute is added again", async () => {
    const workspace = await createTestWorkspace();
    const name = uniqueToken("retry_");
    await addIndexedAttribute({ workspaceId: workspace.id, name, actor });
    await db.indexedAttribute.update({ where: { name }, data: { status: "failed", error: "disk full" } });
    expect(await addIndexedAttribute({ workspaceId: workspace.id, name, actor })).toMatchObject({ status: "retried", attribute: { status: "building", error: null } });
    expect(await buildAttributeIndex(name)).toBe("ready");
  });
});

describe("[INDEXED ATTRIBUTES] range filters", () => {
  // An attribute name that needs quoting, so the literal in the index and in the filter is tested too.
  const field = `signed up at's \\ ${uniqueToken()}`;
  const values: unknown[] = [
    1_500_000_000, // 2017, unix seconds
    1_700_000_000, // 2023
    "2016-05-01T00:00:00.000Z",
    "2024-02-01T00:00:00.000Z",
    "not a date",
    true,
    0,
    -5,
    12.5,
    null,
    undefined, // no such attribute
  ];

  async function seed(workspaceId: string) {
    for (const [i, value] of values.entries()) {
      const attributes = value === undefined ? {} : { [field]: value };
      await db.person.create({
        data: { cioId: newCioId(), workspaceId, externalId: `p${i}`, attributes: attributes, createdAt: new Date(Date.UTC(2025, 0, 1 + i)) },
      });
    }
  }

  const conditions: [string, string | number][] = [
    ["before", "2020-01-01"],
    ["after", "2020-01-01"],
    ["before", 1_600_000_000],
    ["after", 1_600_000_000],
    ["gt", 1],
    ["lt", 1],
    ["lt", "12.5"],
  ];

  async function answers(workspaceId: string) {
    const found: Record<string, string[]> = {};
    for (const [operator, value] of conditions) {
      const condition = { and: [{ attribute: { field, operator, value } }] } as Condition;
      const page = await findPeople({ workspaceId, condition });
      found[`${operator} ${value}`] = page.rows.map((r) => r.id!);
      expect(page.total).toBe(page.rows.length);
    }
    return found;
  }

  it("answer the same with the attribute indexed as without, for numbers, ISO strings, other values and none", async () => {
    const workspace = await createTestWorkspace();
    await seed(workspace.id);
    const without = await answers(workspace.id);
    // Newest first (p10 … p0). Any number is a unix time (0 is 1970) and strings order as text.
    expect(without).toEqual({
      "before 2020-01-01": ["p8", "p7", "p6", "p2", "p0"],
      "after 2020-01-01": ["p4", "p3", "p1"],
      "before 1600000000": ["p8", "p7", "p6", "p2", "p0"],
      "after 1600000000": ["p4", "p3", "p1"],
      "gt 1": ["p8", "p1", "p0"],
      "lt 1": ["p7", "p6"],
      "lt 12.5": ["p7", "p6"],
    });

    await addIndexedAttribute({ workspaceId: workspace.id, name: field, actor });
    expect(await buildAttributeIndex(field)).toBe("ready");
    expect(await answers(workspace.id)).toEqual(without);
  });

  it("are served by the index once it is ready", async () => {
    const workspace = await createTestWorkspace();
    await seed(workspace.id);
    await addIndexedAttribute({ workspaceId: workspace.id, name: field, actor });
    await buildAttributeIndex(field);
    const { conditionToSql } = await import("../segments/conditions");
    for (const [operator, value] of conditions) {
      const where = conditionToSql({ workspaceId: workspace.id, condition: { attribute: { field, operator, value } } as Condition });
      const plan = await db.$transaction(async (tx) => {
        // A handful of rows reads faster without an index: tell the planner it may not.
        await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
        await tx.$executeRaw`SET LOCAL enable_bitmapscan = off`;
        const rows = await tx.$queryRaw<{ "QUERY PLAN": string }[]>`
          EXPLAIN SELECT p.cio_id FROM person p WHERE p.workspace_id = ${workspace.id} AND ${where} ORDER BY p.created_at DESC, p.cio_id DESC LIMIT 51`;
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      });
      expect(plan, `${operator} ${value}`).toContain(attributeIndexName(field));
      expect(plan, `${operator} ${value}`).toMatch(/Index Cond: .*attributes ->/);
    }
  });
});
