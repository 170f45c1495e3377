import { describe, expect, it } from "vitest";
import type { Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { SuppressedIdentifierError } from "../errors";
import { trackEvent } from "../activity/track-event";
import { hashIdentifier } from "../identity/identifiers";
import { identify } from "../people/identify";
import { identifyMany } from "../people/identify-many";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { openSealed, unwrapKey } from "../profile-keys/sealing";
import { activityOf, activityOfKeys, keyIdOf } from "../test/activity";
import { isSuppressed, unsuppressIdentifier } from "./suppress";

const actor = { type: "api_key", id: "key_test" } as const;

// Where (which table) each needle still appears anywhere in the database, compared case-insensitively.
// Each row is read whole as text, so every text and json column (and any other) is covered.
async function findResidue(needles: string[]): Promise<string[]> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`;
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["person", "activity", "identifier_claim", "suppression", "audit_entry"]));
  const hits: string[] = [];
  for (const { table_name } of tables) {
    const found = await db.$queryRawUnsafe<{ needle: string }[]>(
      `SELECT n AS needle FROM unnest($1::text[]) AS n
       WHERE EXISTS (SELECT 1 FROM "${table_name}" AS r WHERE strpos(lower(r::text), lower(n)) > 0)`,
      needles,
    );
    hits.push(...found.map((f) => `${table_name} ∋ ${f.needle}`));
  }
  return hits;
}

async function rowCounts(workspace: Workspace) {
  const where = { workspaceId: workspace.id };
  return {
    people: await db.person.count({ where }),
    claims: await db.identifierClaim.count({ where }),
    activity: await db.activity.count({ where }),
    suppressions: await db.suppression.count({ where }),
  };
}

async function seedPerson(workspace: Workspace) {
  const id = uniqueToken("cust");
  const email = uniqueEmail("Jane");
  const planted = uniqueToken("planted-attr-");
  const plantedEvent = uniqueToken("planted-event-");
  const { cioId } = await identify({ workspace, identifier: id, attributes: { email, favourite: planted, plan: "free" }, actor });
  await identify({ workspace, identifier: id, attributes: { plan: "pro", note: `${planted} again` }, actor });
  await trackEvent({ workspace, identifier: email, event: { name: "purchase", id: uniqueToken("evt"), data: { sku: plantedEvent, from: email } } });
  await trackEvent({ workspace, identifier: id, event: { name: plantedEvent, type: "page" } });
  return { cioId: cioId!, id, email, planted, plantedEvent };
}

describe("[SUPPRESS] delete and suppress", () => {
  it("no residue: the person's email, id, attribute and event values appear nowhere afterwards", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const p = await seedPerson(workspace);
    const needles = [p.email, p.id, p.planted, p.plantedEvent];
    // The scan sees the person's row while they live; their activity is sealed, readable through their keys.
    expect((await findResidue(needles)).length).toBeGreaterThanOrEqual(3);
    const keyId = await keyIdOf(workspace.id, p.cioId);
    const living = await activityOfKeys(workspace, [keyId]);
    expect(living.map((a) => a.name)).toEqual([null, null, "purchase", p.plantedEvent]);
    expect(living[2].data).toEqual({ sku: p.plantedEvent, from: p.email });

    const { deletedPerson, receiptId } = await suppressIdentifier({ workspace, identifier: p.email.toUpperCase(), actor });
    expect(deletedPerson).toBe(true);
    expect(await findResidue(needles)).toEqual([]);

    // The rows stay as forgotten (anonymous): type and time; their key row is gone, and no key the
    // database still holds opens what they sealed. The suppression keeps hashes and masked hints only.
    expect(await db.profileKey.count({ where: { workspaceId: workspace.id } })).toBe(0);
    const forgotten = await activityOfKeys(workspace, [keyId]);
    expect(forgotten).toHaveLength(4);
    expect(forgotten.every((a) => a.isForgotten && a.cioId === null && a.data === null && a.name === null && a.clientEventId === null)).toBe(true);
    const otherKeys = await db.profileKey.findMany({ select: { eventKey: true, attributeKey: true, workspace: { select: { id: true, hashSecret: true } } } });
    for (const row of forgotten.filter((a) => a.sealed)) {
      for (const k of otherKeys) {
        for (const wrapped of [k.eventKey, k.attributeKey]) {
          const key = wrapped && unwrapKey(k.workspace, wrapped);
          if (key) expect(openSealed(key, row.sealed!)).toBeNull();
        }
      }
    }
    const activity = await db.activity.findMany({ where: { workspaceId: workspace.id } });
    expect(activity.length).toBe(5);
    expect(activity.filter((a) => a.type === "profile_suppressed")).toMatchObject([{ forgotten: true, keyId: null, sealed: null }]);
    const suppression = await db.suppression.findFirstOrThrow({ where: { workspaceId: workspace.id }, include: { claims: true } });
    expect(suppression).toMatchObject({ idHint: `••••${p.id.slice(-2)}`, emailHint: "J•••@example.test", receiptId, actorType: "api_key", actorId: "key_test" });
    expect(suppression.claims.map((c) => [c.kind, c.valueHash, c.cioId]).sort()).toEqual(
      [
        ["email", hashIdentifier(workspace, "email", p.email.toLowerCase()), null],
        ["id", hashIdentifier(workspace, "id", p.id), null],
      ].sort(),
    );
    const audit = await db.auditEntry.findUniqueOrThrow({ where: { receiptId } });
    expect(audit).toMatchObject({ action: "identifier.suppress", count: 1, actorType: "api_key", actorId: "key_test" });
  }, 180_000);

  it("no comeback: identify by id, by email in another case, by the email in a body with a new id, bulk import, and events all fail and write nothing", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const p = await seedPerson(workspace);
    await suppressIdentifier({ workspace, identifier: p.id, actor });
    const before = await rowCounts(workspace);

    await expect(identify({ workspace, identifier: p.id, attributes: { plan: "back" }, actor })).rejects.toThrow(SuppressedIdentifierError);
    await expect(identify({ workspace, identifier: p.email.toUpperCase(), attributes: {}, actor })).rejects.toThrow(SuppressedIdentifierError);
    await expect(identify({ workspace, identifier: uniqueToken("new"), attributes: { email: ` ${p.email.toUpperCase()} ` }, actor })).rejects.toThrow(
      SuppressedIdentifierError,
    );
    await expect(identify({ workspace, identifier: uniqueEmail(), attributes: { id: p.id }, actor })).rejects.toThrow(SuppressedIdentifierError);
    // Nor can an existing person be edited into a suppressed identifier.
    const other = await identify({ workspace, identifier: uniqueToken("other"), attributes: {}, actor });
    const afterOther = await rowCounts(workspace);
    await expect(identify({ workspace, identifier: `cio_${other.cioId}`, attributes: { email: p.email, x: 1 }, actor })).rejects.toThrow(
      SuppressedIdentifierError,
    );
    await expect(identify({ workspace, identifier: `cio_${other.cioId}`, attributes: { id: p.id } , actor })).rejects.toThrow(SuppressedIdentifierError);
    const imported = await identifyMany({
      workspace,
      actor,
      rows: [
        { identifier: p.id, attributes: { a: 1 } },
        { attributes: { email: p.email.toUpperCase() } },
        { identifier: uniqueToken("fresh"), attributes: { email: p.email } },
        { identifier: uniqueToken("fine"), attributes: { a: 2 } },
      ],
    });
    expect(imported.map((r) => (r.ok ? "ok" : r.reason))).toEqual([
      "identifier is suppressed",
      "identifier is suppressed",
      "identifier is suppressed",
      "ok",
    ]);
    expect(await trackEvent({ workspace, identifier: p.id, event: { name: "x", data: { a: 1 } } })).toEqual({ outcome: "suppressed" });
    expect(await trackEvent({ workspace, identifier: p.email.toUpperCase(), event: { name: "x" } })).toEqual({ outcome: "suppressed" });

    const after = await rowCounts(workspace);
    expect(before.people + 1).toBe(afterOther.people);
    // Only the "fine" import row was written (person, id claim, profile_created).
    expect(after).toEqual({ ...afterOther, people: afterOther.people + 1, claims: afterOther.claims + 1, activity: afterOther.activity + 1 });
    expect(await db.person.count({ where: { workspaceId: workspace.id, OR: [{ externalId: p.id }, { emailKey: p.email.toLowerCase() }] } })).toBe(0);
  });

  it("suppresses a bare identifier that matches nobody, idempotently", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const email = uniqueEmail();
    const first = await suppressIdentifier({ workspace, identifier: email, actor });
    expect(first.deletedPerson).toBe(false);
    const again = await suppressIdentifier({ workspace, identifier: email.toUpperCase(), actor });
    expect(again.deletedPerson).toBe(false);
    expect(await db.suppression.count({ where: { workspaceId: workspace.id } })).toBe(1);
    await expect(identify({ workspace, identifier: email, attributes: {}, actor })).rejects.toThrow(SuppressedIdentifierError);
    const status = await isSuppressed({ workspace, value: email.toUpperCase() });
    expect(status).toMatchObject({ suppressed: true, kind: "email" });
    expect(status.since).toBeInstanceOf(Date);
    expect(await isSuppressed({ workspace, value: uniqueEmail() })).toEqual({ suppressed: false });
  });

  it("suppresses by cio_ and rejects an unknown cio_", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const p = await seedPerson(workspace);
    expect((await suppressIdentifier({ workspace, identifier: `cio_${p.cioId}`, actor })).deletedPerson).toBe(true);
    expect((await isSuppressed({ workspace, value: p.id })).suppressed).toBe(true);
    await expect(suppressIdentifier({ workspace, identifier: `cio_${p.cioId}`, actor })).rejects.toThrow(/unknown cio_/);
  });

  it("unsuppress frees every identifier suppressed together; the next identify starts a new person with no history", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const p = await seedPerson(workspace);
    await suppressIdentifier({ workspace, identifier: p.id, actor });
    const result = await unsuppressIdentifier({ workspace, identifier: p.email, actor });
    expect(result.unsuppressed).toBe(true);
    expect(await db.auditEntry.findUniqueOrThrow({ where: { receiptId: result.receiptId } })).toMatchObject({ action: "identifier.unsuppress", count: 1 });
    expect((await isSuppressed({ workspace, value: p.id })).suppressed).toBe(false);
    expect((await isSuppressed({ workspace, value: p.email })).suppressed).toBe(false);
    expect(await db.identifierClaim.count({ where: { workspaceId: workspace.id } })).toBe(0);

    const again = await identify({ workspace, identifier: p.id, attributes: { email: p.email }, actor });
    expect(again.created).toBe(true);
    expect(again.cioId).not.toBe(p.cioId);
    expect(await activityOf(workspace, again.cioId!)).toHaveLength(1);
    expect((await unsuppressIdentifier({ workspace, identifier: uniqueToken("never"), actor })).unsuppressed).toBe(false);
  });

  it("in ID-only mode suppresses the id and remembers the email, inactive", async () => {
    const workspace = await createTestWorkspace("id");
    const id = uniqueToken("cust");
    const email = uniqueEmail();
    await identify({ workspace, identifier: id, attributes: { email }, actor });
    await suppressIdentifier({ workspace, identifier: id, actor });
    const suppression = await db.suppression.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(suppression.rememberedEmailHash).toBe(hashIdentifier(workspace, "email", email));
    expect(await isSuppressed({ workspace, value: id })).toMatchObject({ suppressed: true, kind: "id" });
    expect(await isSuppressed({ workspace, value: email.toUpperCase() })).toEqual({ suppressed: false, remembered: true });
    expect(await findResidue([id, email])).toEqual([]);
    await expect(identify({ workspace, identifier: id, attributes: {}, actor })).rejects.toThrow(SuppressedIdentifierError);
    // The email is only an attribute here: another person may use it.
    expect((await identify({ workspace, identifier: uniqueToken("other"), attributes: { email }, actor })).created).toBe(true);
  });
});
