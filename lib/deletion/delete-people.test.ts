import { describe, expect, it } from "vitest";
import { db } from "../db";
import { trackEvent } from "../activity/track-event";
import { newCioId } from "../identity/identifiers";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import { deletePeople, deletePersonByIdentifier, findPersonCioId } from "./delete-people";
import { identify } from "../people/identify";
import { activityOf, activityOfKeys, keyIdOf } from "../test/activity";

const actor = { type: "user", id: "user_test" } as const;

describe("[DELETE] delete people", () => {
  it("without suppress: removes person, claims and memberships; activity stays under the old cio_id; re-identify starts over", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const id = uniqueToken("cust");
    const email = uniqueEmail();
    const { cioId } = await identify({ workspace, identifier: id, attributes: { email, unsubscribed: true, plan: "pro" }, actor });
    await trackEvent({ workspace, identifier: id, event: { name: "login", data: { at: "home" } } });
    const segment = await db.segment.create({ data: { id: uniqueToken("seg"), workspaceId: workspace.id, name: uniqueToken("vip"), kind: "manual" } });
    await db.segmentMembership.create({ data: { segmentId: segment.id, cioId: cioId! } });

    const result = await deletePeople({ workspace, cioIds: [cioId!], suppress: false, actor });
    expect(result.deleted).toBe(1);
    expect(await db.person.count({ where: { cioId: cioId! } })).toBe(0);
    expect(await db.identifierClaim.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.segmentMembership.count({ where: { segmentId: segment.id } })).toBe(0);
    expect(await db.suppression.count({ where: { workspaceId: workspace.id } })).toBe(0);
    const activity = await activityOf(workspace, cioId!);
    expect(activity.map((a) => a.type)).toEqual(["profile_created", "event", "profile_deleted"]);
    expect(activity.every((a) => !a.isForgotten && a.isPersonDeleted && a.cioId === cioId)).toBe(true);
    expect(activity[1]).toMatchObject({ name: "login", data: { at: "home" } });
    // The attribute snapshot went with the attributes: its row keeps type and time, nothing readable.
    expect(activity[0]).toMatchObject({ type: "profile_created", data: null, name: null });
    expect(await db.auditEntry.findUniqueOrThrow({ where: { receiptId: result.receiptId } })).toMatchObject({
      action: "people.delete",
      count: 1,
      actorType: "user",
      actorId: "user_test",
    });

    const again = await identify({ workspace, identifier: email, attributes: {}, actor });
    expect(again.created).toBe(true);
    expect(again.cioId).not.toBe(cioId);
    const person = await db.person.findUniqueOrThrow({ where: { cioId: again.cioId! } });
    expect(person.unsubscribed).toBe(false);
    expect(person.attributes).toEqual({});
    expect(await activityOf(workspace, again.cioId!)).toHaveLength(1);
    expect((await identify({ workspace, identifier: id, attributes: {}, actor })).created).toBe(true);
  });

  it("is idempotent: unknown and already deleted cio_ids count as nothing", async () => {
    const workspace = await createTestWorkspace();
    const { cioId } = await identify({ workspace, identifier: uniqueToken("p"), attributes: {}, actor });
    expect((await deletePeople({ workspace, cioIds: [cioId!, cioId!, "00000000000000000000"], suppress: true, actor })).deleted).toBe(1);
    expect((await deletePeople({ workspace, cioIds: [cioId!], suppress: true, actor })).deleted).toBe(0);
    expect((await deletePeople({ workspace, cioIds: [], suppress: false, actor })).deleted).toBe(0);
  });

  it("deletes by identifier (id, email in any case, cio_), idempotently", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const email = uniqueEmail();
    const a = await identify({ workspace, identifier: uniqueToken("a"), attributes: { email }, actor });
    expect(await findPersonCioId({ workspace, identifier: email.toUpperCase() })).toBe(a.cioId);
    expect(await deletePersonByIdentifier({ workspace, identifier: email.toUpperCase(), actor })).toMatchObject({ deleted: 1 });
    expect(await deletePersonByIdentifier({ workspace, identifier: email, actor })).toMatchObject({ deleted: 0 });
    const b = await identify({ workspace, identifier: uniqueToken("b"), attributes: {}, actor });
    expect(await deletePersonByIdentifier({ workspace, identifier: `cio_${b.cioId}`, actor })).toMatchObject({ deleted: 1 });
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("suppresses identifiers a person held without a claim (rows loaded around identify)", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const id = uniqueToken("raw");
    const email = uniqueEmail();
    const cioId = newCioId();
    await db.person.create({ data: { cioId, workspaceId: workspace.id, externalId: id, email, emailKey: email } });
    await deletePeople({ workspace, cioIds: [cioId], suppress: true, actor });
    const suppression = await db.suppression.findFirstOrThrow({ where: { workspaceId: workspace.id }, include: { claims: true } });
    expect(suppression.claims.map((c) => c.kind).sort()).toEqual(["email", "id"]);
    await expect(identify({ workspace, identifier: email, attributes: {}, actor })).rejects.toThrow(/suppressed/);
  });

  it("only deletes people of the given workspace", async () => {
    const mine = await createTestWorkspace();
    const theirs = await createTestWorkspace();
    const { cioId } = await identify({ workspace: theirs, identifier: uniqueToken("p"), attributes: {}, actor });
    expect((await deletePeople({ workspace: mine, cioIds: [cioId!], suppress: true, actor })).deleted).toBe(0);
    expect(await db.person.count({ where: { cioId: cioId! } })).toBe(1);
  });

  it("atomic: a failure in the middle of a delete-and-suppress leaves every person fully present", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const people = [];
    for (let i = 0; i < 3; i++) {
      const id = uniqueToken("cust");
      const { cioId } = await identify({ workspace, identifier: id, attributes: { email: uniqueEmail(), n: i }, actor });
      await trackEvent({ workspace, identifier: id, event: { name: "e", data: { i } } });
      people.push(cioId!);
    }
    const victim = people[2];
    const keyIds = await Promise.all(people.map((cioId) => keyIdOf(workspace.id, cioId)));
    // Fails when the delete reaches the last person, after suppressions, claims and redaction ran.
    const fn = `fail_delete_${victim}`;
    await db.$executeRawUnsafe(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.cio_id = '${victim}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN OLD; END $$`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE DELETE ON person FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      await expect(deletePeople({ workspace, cioIds: people, suppress: true, actor })).rejects.toThrow(/injected failure/);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER ${fn} ON person`);
      await db.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
    expect(await db.person.count({ where: { cioId: { in: people } } })).toBe(3);
    expect(await db.identifierClaim.count({ where: { cioId: { in: people } } })).toBe(6);
    expect(await db.suppression.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.activity.count({ where: { workspaceId: workspace.id, forgotten: true } })).toBe(0);
    expect(await db.profileKey.count({ where: { workspaceId: workspace.id } })).toBe(3);
    const kept = await activityOfKeys(workspace, keyIds);
    expect(kept).toHaveLength(6);
    expect(kept.filter((a) => a.type === "event").map((a) => a.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(await db.auditEntry.count({ where: { workspaceId: workspace.id } })).toBe(0);

    // And the same call without the failure deletes and suppresses all of them.
    const done = await deletePeople({ workspace, cioIds: people, suppress: true, actor });
    expect(done.deleted).toBe(3);
    expect(await db.person.count({ where: { cioId: { in: people } } })).toBe(0);
    expect(await db.suppression.count({ where: { workspaceId: workspace.id } })).toBe(3);
    expect(await db.identifierClaim.count({ where: { workspaceId: workspace.id, suppressionId: { not: null } } })).toBe(6);
    expect(await db.profileKey.count({ where: { workspaceId: workspace.id } })).toBe(0);
    const forgotten = await activityOfKeys(workspace, keyIds);
    expect(forgotten).toHaveLength(6);
    expect(forgotten.every((a) => a.isForgotten && a.cioId === null && a.name === null && a.data === null)).toBe(true);
    expect(await db.auditEntry.findUniqueOrThrow({ where: { receiptId: done.receiptId } })).toMatchObject({
      action: "people.delete_and_suppress",
      count: 3,
      details: { requested: 3 },
    });
  });
});
