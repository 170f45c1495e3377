import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestWorkspace } from "../test/factories";
import { createTestPeople, createTestPeopleSchema, isTestDataApiEnabled, resetTestData } from "./test-data";

describe("[PEOPLE] test-data API", () => {
  const saved = process.env.E2E_TEST_API;
  afterEach(() => {
    if (saved === undefined) delete process.env.E2E_TEST_API;
    else process.env.E2E_TEST_API = saved;
  });

  it("is on only with E2E_TEST_API=1", () => {
    delete process.env.E2E_TEST_API;
    expect(isTestDataApiEnabled()).toBe(false);
    process.env.E2E_TEST_API = "true";
    expect(isTestDataApiEnabled()).toBe(false);
    process.env.E2E_TEST_API = "1";
    expect(isTestDataApiEnabled()).toBe(true);
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
    expect(await db.activity.count({ where: { cioId: created.people[0].cioId, type: "event" } })).toBe(2);

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
});
