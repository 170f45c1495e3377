import { describe, expect, it } from "vitest";
import { db } from "../db";
import { SuppressedIdentifierError, ValidationError } from "../errors";
import { hashIdentifier } from "../identity/identifiers";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { getWorkspace } from "../workspace/workspace";
import { countQueries } from "../test/count-queries";
import { activityOf } from "../test/activity";
import { identify } from "./identify";
import { identifyMany } from "./identify-many";

const actor = { type: "system" } as const;

async function personOf(cioId: string) {
  return db.person.findUniqueOrThrow({ where: { cioId }, include: { claims: true } });
}

describe("[PEOPLE] identify", () => {
  it("creates a person with claims and a profile_created activity, then updates them with attribute_change", async () => {
    const workspace = await getWorkspace();
    const id = uniqueToken("id");
    const email = uniqueEmail();
    const first = await identify({ workspace, identifier: id, attributes: { email, plan: "free", unsubscribed: true }, actor });
    expect(first.created).toBe(true);
    expect(first.cioId).toMatch(/^[0-9a-f]{20}$/);
    const person = await personOf(first.cioId!);
    expect(person).toMatchObject({ externalId: id, email, emailKey: email, attributes: { plan: "free" }, unsubscribed: true });
    expect(person.claims.map((c) => [c.kind, c.valueHash]).sort()).toEqual(
      [
        ["email", hashIdentifier(workspace, "email", email)],
        ["id", hashIdentifier(workspace, "id", id)],
      ].sort(),
    );

    const second = await identify({ workspace, identifier: id, attributes: { plan: "pro", seats: 3 }, actor });
    expect(second).toEqual({ cioId: first.cioId, created: false });
    const activity = await activityOf(workspace, first.cioId!);
    expect(activity.map((a) => a.type)).toEqual(["profile_created", "attribute_change"]);
    expect(activity[1].data).toEqual({ changes: { plan: { from: "free", to: "pro" }, seats: { from: null, to: 3 } } });

    // The same call again changes nothing and writes no activity.
    await identify({ workspace, identifier: id, attributes: { plan: "pro" }, actor });
    expect(await activityOf(workspace, first.cioId!)).toHaveLength(2);
  });

  it("finds a person by email in any case and by cio_", async () => {
    const workspace = await getWorkspace();
    const email = uniqueEmail("Mixed");
    const { cioId } = await identify({ workspace, identifier: email, attributes: { a: 1 }, actor });
    expect((await identify({ workspace, identifier: email.toUpperCase(), attributes: { a: 2 }, actor })).cioId).toBe(cioId);
    expect((await identify({ workspace, identifier: `cio_${cioId}`, attributes: { a: 3 }, actor })).cioId).toBe(cioId);
    expect((await personOf(cioId!)).attributes).toEqual({ a: 3 });
  });

  it("never creates with _update: true", async () => {
    const workspace = await getWorkspace();
    const id = uniqueToken("id");
    expect(await identify({ workspace, identifier: id, attributes: { _update: true, a: 1 }, actor })).toEqual({ cioId: null, created: false });
    expect(await db.person.count({ where: { externalId: id } })).toBe(0);
    const { cioId } = await identify({ workspace, identifier: id, attributes: {}, actor });
    expect((await identify({ workspace, identifier: id, attributes: { _update: true, a: 1 }, actor })).cioId).toBe(cioId);
  });

  it("changes id or email only when addressed by cio_", async () => {
    const workspace = await getWorkspace();
    const id = uniqueToken("id");
    const email = uniqueEmail();
    const { cioId } = await identify({ workspace, identifier: id, attributes: { email }, actor });
    await expect(identify({ workspace, identifier: id, attributes: { id: uniqueToken("other") }, actor })).rejects.toThrow(ValidationError);
    await expect(identify({ workspace, identifier: id, attributes: { email: uniqueEmail() }, actor })).rejects.toThrow(ValidationError);
    await expect(identify({ workspace, identifier: email, attributes: { id: uniqueToken("other") }, actor })).rejects.toThrow(ValidationError);

    const newId = uniqueToken("new");
    const newEmail = uniqueEmail();
    await identify({ workspace, identifier: `cio_${cioId}`, attributes: { id: newId, email: newEmail }, actor });
    const person = await personOf(cioId!);
    expect(person).toMatchObject({ externalId: newId, email: newEmail });
    expect(person.claims.map((c) => c.valueHash).sort()).toEqual(
      [hashIdentifier(workspace, "id", newId), hashIdentifier(workspace, "email", newEmail)].sort(),
    );
    // The old values are free again.
    expect((await identify({ workspace, identifier: id, attributes: {}, actor })).created).toBe(true);
    expect((await identify({ workspace, identifier: email, attributes: {}, actor })).created).toBe(true);
  });

  it("adds an email to a person who had none, and refuses one that belongs to someone else", async () => {
    const workspace = await getWorkspace();
    const id = uniqueToken("id");
    const email = uniqueEmail();
    const { cioId } = await identify({ workspace, identifier: id, attributes: {}, actor });
    await identify({ workspace, identifier: id, attributes: { email }, actor });
    expect((await personOf(cioId!)).emailKey).toBe(email);
    await expect(identify({ workspace, identifier: uniqueToken("id"), attributes: { email: email.toUpperCase() }, actor })).rejects.toThrow(/another person/);
  });

  it("rejects bad input before writing anything", async () => {
    const workspace = await getWorkspace();
    const id = uniqueToken("id");
    await expect(identify({ workspace, identifier: id, attributes: { email: "nope" }, actor })).rejects.toThrow(ValidationError);
    await expect(identify({ workspace, identifier: "x".repeat(151), attributes: {}, actor })).rejects.toThrow(ValidationError);
    await expect(identify({ workspace, identifier: "cio_00000000000000000000", attributes: {}, actor })).rejects.toThrow(/unknown cio_/);
    expect(await db.person.count({ where: { externalId: id } })).toBe(0);
  });

  it("in ID-only mode, email is a plain attribute that may repeat", async () => {
    const workspace = await createTestWorkspace("id");
    const email = uniqueEmail();
    const a = await identify({ workspace, identifier: uniqueToken("a"), attributes: { email }, actor });
    const b = await identify({ workspace, identifier: uniqueToken("b"), attributes: { email }, actor });
    expect(a.cioId).not.toBe(b.cioId);
    expect(await db.identifierClaim.count({ where: { workspaceId: workspace.id, kind: "email" } })).toBe(0);
    // An email-shaped path is an id there.
    const c = await identify({ workspace, identifier: email, attributes: {}, actor });
    expect((await personOf(c.cioId!)).externalId).toBe(email);
  });

  it("identifyMany creates and updates rows, rejecting bad rows alone", async () => {
    const workspace = await getWorkspace();
    const id = uniqueToken("id");
    const email = uniqueEmail();
    const results = await identifyMany({
      workspace,
      actor,
      rows: [
        { identifier: id, attributes: { plan: "a" } },
        { attributes: { email, plan: "b" } },
        { identifier: id, attributes: { plan: "c" } },
        { attributes: { plan: "no identifier" } },
        { identifier: uniqueToken("x"), attributes: { email: "bad" } },
      ],
    });
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false, false]);
    expect(results[0]).toMatchObject({ created: true });
    expect(results[2]).toMatchObject({ created: false, cioId: (results[0] as { cioId: string }).cioId });
    expect(await db.person.findFirst({ where: { externalId: id } })).toMatchObject({ attributes: { plan: "c" } });
    expect(results[3]).toEqual({ ok: false, reason: "row has no id or email" });
  });

  it("refuses a person with neither id nor (in email_or_id mode) email", async () => {
    const workspace = await getWorkspace();
    const email = uniqueEmail();
    const { cioId } = await identify({ workspace, identifier: email, attributes: {}, actor });
    await expect(identify({ workspace, identifier: `cio_${cioId}`, attributes: { email: null }, actor })).rejects.toThrow(/needs an id/);
  });

  it("refuses a new id whose body email is suppressed, with SuppressedIdentifierError and nothing stored", async () => {
    const workspace = await getWorkspace();
    const email = uniqueEmail();
    await suppressIdentifier({ workspace, identifier: email, actor });
    const id = uniqueToken("id");
    await expect(identify({ workspace, identifier: id, attributes: { email: email.toUpperCase() }, actor })).rejects.toBeInstanceOf(
      SuppressedIdentifierError,
    );
    expect(await db.person.count({ where: { workspaceId: workspace.id, externalId: id } })).toBe(0);
  });

  it("keeps every rule when 40 identifies of one workspace arrive at once (those past the lanes go together)", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const suppressed = uniqueEmail("gone");
    await suppressIdentifier({ workspace, identifier: suppressed, actor });
    const shared = uniqueToken("twice");
    const calls = [
      ...Array.from({ length: 34 }, (_, i) => ({ identifier: uniqueToken(`burst${i}_`), attributes: { email: uniqueEmail(), n: i } })),
      { identifier: shared, attributes: { plan: "free" } },
      { identifier: shared, attributes: { plan: "pro" } },
      { identifier: suppressed, attributes: {} },
      { identifier: uniqueToken("new"), attributes: { email: suppressed } },
      { identifier: uniqueToken("ghost"), attributes: { _update: true, plan: "x" } },
      { identifier: uniqueToken("bad"), attributes: { email: "not an email" } },
    ];
    const counted = await countQueries(() => Promise.allSettled(calls.map((c) => identify({ workspace, ...c, actor }))));
    const settled = counted.result;
    const outcome = (i: number) => settled[i];
    for (let i = 0; i < 34; i++) expect(outcome(i)).toMatchObject({ status: "fulfilled", value: { created: true } });
    // The same new id twice: one person, created by the first, updated by the second.
    expect(outcome(34)).toMatchObject({ status: "fulfilled", value: { created: true } });
    expect(outcome(35)).toMatchObject({ status: "fulfilled", value: { created: false } });
    for (const i of [36, 37]) expect((outcome(i) as PromiseRejectedResult).reason).toBeInstanceOf(SuppressedIdentifierError);
    expect(outcome(38)).toMatchObject({ status: "fulfilled", value: { cioId: null, created: false } });
    expect((outcome(39) as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);

    const people = await db.person.findMany({ where: { workspaceId: workspace.id }, select: { externalId: true, attributes: true } });
    expect(people).toHaveLength(35);
    expect(people.find((p) => p.externalId === shared)?.attributes).toEqual({ plan: "pro" });
    expect(await db.identifierClaim.count({ where: { workspaceId: workspace.id, suppressionId: null } })).toBe(34 * 2 + 1);
    // Fewer statements than identifies: the waiting ones shared theirs.
    expect(counted.count).toBeLessThan(34);
  });
});
