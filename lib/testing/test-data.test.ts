import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { activityOf } from "../test/activity";
import { createTestWorkspace } from "../test/factories";
import { isTestDataApiEnabled } from "./access";
import { createTestPeople, createTestPeopleSchema, resetTestData } from "./test-data";

const TOKEN = "t".repeat(32);

describe("[PEOPLE] test-data API", () => {
  const saved = { api: process.env.E2E_TEST_API, token: process.env.E2E_TEST_API_TOKEN };
  afterEach(() => {
    if (saved.api === undefined) delete process.env.E2E_TEST_API;
    else process.env.E2E_TEST_API = saved.api;
    if (saved.token === undefined) delete process.env.E2E_TEST_API_TOKEN;
    else process.env.E2E_TEST_API_TOKEN = saved.token;
  });

  it("is on only with E2E_TEST_API=1 and a token of at least 32 characters", () => {
    process.env.E2E_TEST_API_TOKEN = TOKEN;
    delete process.env.E2E_TEST_API;
    expect(isTestDataApiEnabled()).toBe(false);
    process.env.E2E_TEST_API = "true";
    expect(isTestDataApiEnabled()).toBe(false);
    process.env.E2E_TEST_API = "1";
    expect(isTestDataApiEnabled()).toBe(true);
    delete process.env.E2E_TEST_API_TOKEN;
    expect(isTestDataApiEnabled()).toBe(false);
    process.env.E2E_TEST_API_TOKEN = TOKEN.slice(1);
    expect(isTestDataApiEnabled()).toBe(false);
  });

  it("validates its body", () => {
    expect(createTestPeopleSchema.safeParse({ count: 2 }).success).toBe(false);
    expect(createTestPeopleSchema.safeParse({ count: 2, prefix: "a b" }).success).toBe(false);
    expect(createTestPeopleSchema.safeParse({ people: [{ id: "a" }], count: 1, prefix: "x" }).success).toBe(false);
    expect(createTestPeopleSchema.safeParse({ count: 2, prefix: "ok-1", segment: { kind: "manual", name: "S" } }).success).toBe(true);
  });

  it("creates people through identify with events and a segment, and reset empties the workspace's people data", async () => {
    const ws = await createTestWorkspace();
    const created = await createTestPeople({
      workspace: ws,
      input: createTestPeopleSchema.parse({
        count: 3,
        prefix: "td",
        attributes: { batch: "td" },
        events: 2,
        segment: { kind: "data_driven", name: "TD", condition: { attribute: { field: "batch", operator: "eq", value: "td" } } },
      }),
    });
    expect(created.people.map((p) => p.id)).toEqual(["td-1", "td-2", "td-3"]);
    expect(created.segment).toMatchObject({ name: "TD", kind: "data_driven", members: 3 });
    const person = await db.person.findUniqueOrThrow({ where: { cioId: created.people[0].cioId } });
    expect(person).toMatchObject({ externalId: "td-1", email: "td-1@example.test" });
    expect((await activityOf(ws, created.people[0].cioId)).filter((a) => a.type === "event")).toHaveLength(2);

    const manual = await createTestPeople({ workspace: ws, input: createTestPeopleSchema.parse({ people: [{ email: "only@example.test" }], segment: { kind: "manual", name: "M" } }) });
    expect(manual.segment?.members).toBe(1);

    await resetTestData({ workspace: ws });
    expect(await db.person.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await db.segment.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await db.activity.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await db.identifierClaim.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await db.workspace.count({ where: { id: ws.id } })).toBe(1);
    // The same identifiers can be created again after a reset.
    await createTestPeople({ workspace: ws, input: createTestPeopleSchema.parse({ count: 1, prefix: "td" }) });
  });

  it("reset keeps the audit log and audits itself with counts, never the people's identifiers", async () => {
    const ws = await createTestWorkspace();
    await createTestPeople({ workspace: ws, input: createTestPeopleSchema.parse({ count: 2, prefix: "ka", events: 1 }) });
    const earlier = await recordAudit({ workspaceId: ws.id, actor: { type: "system" }, action: "workspace.update", count: 0 });
    await suppressIdentifier({ workspace: ws, identifier: "gone@example.test", actor: { type: "system" } });
    const auditBefore = await db.auditEntry.count({ where: { workspaceId: ws.id } });

    const { receiptId, counts } = await resetTestData({ workspace: ws });

    expect(counts).toMatchObject({ people: 2, suppressions: 1, activities: expect.any(Number) });
    expect(await db.suppression.count({ where: { workspaceId: ws.id } })).toBe(0);
    // Every earlier entry is still there, plus one for the reset.
    expect(await db.auditEntry.count({ where: { workspaceId: ws.id } })).toBe(auditBefore + 1);
    expect(await db.auditEntry.findUnique({ where: { receiptId: earlier } })).not.toBeNull();
    const entry = await db.auditEntry.findUniqueOrThrow({ where: { receiptId } });
    expect(entry).toMatchObject({ action: "test_data.reset", actorType: "system", count: 2 });
    expect(entry.details).toMatchObject({ description: "test data reset", people: 2, suppressions: 1 });
    expect(JSON.stringify(entry.details)).not.toMatch(/ka-|gone@|example\.test/);
  });
});
