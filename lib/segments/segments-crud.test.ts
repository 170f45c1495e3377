import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ValidationError } from "../errors";
import { newCioId } from "../identity/identifiers";
import { createTestWorkspace } from "../test/factories";
import { addPeopleToSegment, createSegment, deleteSegment, removePeopleFromSegment, updateSegment } from "./segments";
import { findSegments, getSegment } from "./queries";

async function person(workspaceId: string, attributes: Record<string, string>) {
  const cioId = newCioId();
  await db.person.create({ data: { cioId, workspaceId, externalId: cioId, attributes } });
  return cioId;
}

describe("[SEGMENTS] create, update, delete and manual membership", { timeout: 180_000 }, () => {
  it("creates a data-driven segment with members, updates its filter, and lists counts", async () => {
    const ws = await createTestWorkspace();
    const a = await person(ws.id, { plan: "pro" });
    await person(ws.id, { plan: "free" });
    const { id, members } = await createSegment({
      workspaceId: ws.id,
      input: { kind: "data_driven", name: "Pro", condition: { attribute: { field: "plan", operator: "eq", value: "pro" } } },
    });
    expect(members).toBe(1);
    expect((await getSegment({ workspaceId: ws.id, segmentId: id }))?.condition).toEqual({ attribute: { field: "plan", operator: "eq", value: "pro" } });

    await updateSegment({ workspaceId: ws.id, segmentId: id, input: { kind: "data_driven", name: "Anyone", condition: { attribute: { field: "plan", operator: "exists" } } } });
    expect(await findSegments({ workspaceId: ws.id })).toMatchObject([{ id, name: "Anyone", kind: "data_driven", members: 2 }]);

    await expect(
      createSegment({ workspaceId: ws.id, input: { kind: "manual", name: "Anyone" } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(updateSegment({ workspaceId: ws.id, segmentId: id, input: { kind: "manual", name: "x" } })).rejects.toBeInstanceOf(ValidationError);
    expect(a).toBeTruthy();
  });

  it("refuses reference cycles, unknown references and deleting a referenced segment", async () => {
    const ws = await createTestWorkspace();
    const base = await createSegment({ workspaceId: ws.id, input: { kind: "data_driven", name: "Base", condition: { attribute: { field: "x", operator: "exists" } } } });
    const derived = await createSegment({ workspaceId: ws.id, input: { kind: "data_driven", name: "Derived", condition: { segment: { id: base.id } } } });
    await expect(
      updateSegment({ workspaceId: ws.id, segmentId: base.id, input: { kind: "data_driven", name: "Base", condition: { segment: { id: derived.id } } } }),
    ).rejects.toThrow(/refer to itself/);
    await expect(
      createSegment({ workspaceId: ws.id, input: { kind: "data_driven", name: "Ghost", condition: { segment: { id: "seg_nope" } } } }),
    ).rejects.toThrow(/doesn't exist/);
    await expect(deleteSegment({ workspaceId: ws.id, segmentId: base.id })).rejects.toThrow(/Derived/);
    await deleteSegment({ workspaceId: ws.id, segmentId: derived.id });
    await deleteSegment({ workspaceId: ws.id, segmentId: base.id });
    expect(await findSegments({ workspaceId: ws.id })).toEqual([]);
  });

  it("adds and removes people of a manual segment only, by ids or by a selection statement", async () => {
    const ws = await createTestWorkspace();
    const other = await createTestWorkspace();
    const a = await person(ws.id, { plan: "pro" });
    const b = await person(ws.id, { plan: "free" });
    const foreign = await person(other.id, {});
    const manual = await createSegment({ workspaceId: ws.id, input: { kind: "manual", name: "VIP" } });
    expect(await addPeopleToSegment({ workspaceId: ws.id, segmentId: manual.id, selection: { cioIds: [a, foreign] } })).toBe(1);
    const { peopleSelectionSql } = await import("../people/queries");
    expect(await addPeopleToSegment({ workspaceId: ws.id, segmentId: manual.id, selection: { sql: peopleSelectionSql({ workspaceId: ws.id }) } })).toBe(1);
    expect(await removePeopleFromSegment({ workspaceId: ws.id, segmentId: manual.id, selection: { cioIds: [a] } })).toBe(1);
    expect((await findSegments({ workspaceId: ws.id }))[0]).toMatchObject({ name: "VIP", members: 1 });
    expect(b).toBeTruthy();
    // Removing "everyone matching a filter" removes exactly the matching members.
    await addPeopleToSegment({ workspaceId: ws.id, segmentId: manual.id, selection: { cioIds: [a] } });
    const pro = peopleSelectionSql({ workspaceId: ws.id, condition: { attribute: { field: "plan", operator: "eq", value: "pro" } } });
    expect(await removePeopleFromSegment({ workspaceId: ws.id, segmentId: manual.id, selection: { sql: pro } })).toBe(1);
    expect(await removePeopleFromSegment({ workspaceId: ws.id, segmentId: manual.id, selection: { cioIds: [foreign] } })).toBe(0);
    expect((await findSegments({ workspaceId: ws.id }))[0]).toMatchObject({ name: "VIP", members: 1 });

    const driven = await createSegment({ workspaceId: ws.id, input: { kind: "data_driven", name: "D", condition: { attribute: { field: "plan", operator: "exists" } } } });
    await expect(addPeopleToSegment({ workspaceId: ws.id, segmentId: driven.id, selection: { cioIds: [a] } })).rejects.toThrow(/manual/);
  });
});
