// Erase later: a person deleted without suppression keeps readable activity under their old cio_id;
// a later suppress of one of their identifiers, by any path, forgets that profile at once (its key
// row goes), and suppress cio_<old cio_id> forgets it by name. The certificate counts it.
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../api-keys/api-keys";
import { trackEvent } from "../activity/track-event";
import { db } from "../db";
import { deletePeople } from "../deletion/delete-people";
import type { Workspace } from "../generated/prisma/client";
import { identify } from "../people/identify";
import { getErasureCertificate } from "../receipts/certificates";
import { activityOf, activityOfKeys, keyIdOf } from "../test/activity";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import { switchIdentificationMode } from "../workspace/identification-mode";
import * as suppressRoute from "../../app/api/v1/customers/[identifier]/suppress/route";
import * as batchRoute from "../../app/api/v2/batch/route";

const actor = { type: "user", id: "user_test" } as const;

// A person with an id, an email and two events, deleted without suppression: their key row id.
async function plainlyDeleted(workspace: Workspace, values: { id?: string; email?: string } = {}) {
  const id = values.id ?? uniqueToken("gone");
  const email = values.email ?? uniqueEmail("gone");
  const { cioId } = await identify({ workspace, identifier: id, attributes: { email, plan: "secret-plan" }, actor });
  await trackEvent({ workspace, identifier: id, event: { name: "viewed", data: { page: "pricing" } } });
  await trackEvent({ workspace, identifier: `cio_${cioId}`, event: { name: "clicked", data: { link: "x" } } });
  const keyId = await keyIdOf(workspace.id, cioId!);
  await deletePeople({ workspace, cioIds: [cioId!], suppress: false, actor });
  return { id, email, cioId: cioId!, keyId };
}

async function expectReadable(workspace: Workspace, keyId: string) {
  const rows = await activityOfKeys(workspace, [keyId]);
  expect(rows.map((r) => r.name)).toEqual([null, "viewed", "clicked", null]);
  expect(rows.every((r) => !r.isForgotten && r.isPersonDeleted)).toBe(true);
}

async function expectForgotten(workspace: Workspace, keyId: string) {
  expect(await db.profileKey.count({ where: { id: BigInt(keyId) } })).toBe(0);
  expect(await db.deletedIdentifier.count({ where: { keyId: BigInt(keyId) } })).toBe(0);
  const rows = await activityOfKeys(workspace, [keyId]);
  expect(rows).toHaveLength(4);
  expect(rows.every((r) => r.isForgotten && r.cioId === null && r.name === null && r.data === null)).toBe(true);
}

function basicAuth(key: { siteId?: string | null; secret: string }) {
  return `Basic ${Buffer.from(`${key.siteId}:${key.secret}`).toString("base64")}`;
}

let workspace: Workspace;
let trackAuth: string;

beforeAll(async () => {
  workspace = await createTestWorkspace("email_or_id");
  trackAuth = basicAuth(await createApiKey({ workspaceId: workspace.id, kind: "track", name: "erase later", actor: { type: "system" } }));
});

describe("[ERASE LATER] forgetting profiles deleted earlier", () => {
  it("a plain delete keeps the history readable, drops the attribute snapshots and records keyed hashes only", async () => {
    const gone = await plainlyDeleted(workspace);
    await expectReadable(workspace, gone.keyId);
    const rows = await activityOfKeys(workspace, [gone.keyId]);
    expect(rows[0]).toMatchObject({ type: "profile_created", data: null });
    const records = await db.deletedIdentifier.findMany({ where: { keyId: BigInt(gone.keyId) }, orderBy: { kind: "asc" } });
    expect(records.map((r) => r.kind).sort()).toEqual(["email", "id"]);
    expect(JSON.stringify(records, (_, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(gone.id);
    expect(await db.profileKey.findUniqueOrThrow({ where: { id: BigInt(gone.keyId) } })).toMatchObject({ cioId: gone.cioId, attributeKey: null });
  });

  it("v1 suppress of the old email forgets the earlier profile, even with nobody holding it now", async () => {
    const gone = await plainlyDeleted(workspace);
    const response = await suppressRoute.POST(
      new Request("http://localhost/api", { method: "POST", headers: { authorization: trackAuth } }),
      { params: Promise.resolve({ identifier: gone.email.toUpperCase() }) },
    );
    expect(response.status).toBe(200);
    await expectForgotten(workspace, gone.keyId);
  });

  it("suppressing a living person forgets an earlier deleted profile that held the same id (and only that one)", async () => {
    const gone = await plainlyDeleted(workspace);
    const bystander = await plainlyDeleted(workspace);
    const { cioId } = await identify({ workspace, identifier: gone.id, attributes: {}, actor });
    const result = await deletePeople({ workspace, cioIds: [cioId!], suppress: true, actor });
    expect(result).toMatchObject({ deleted: 1, earlierForgotten: 1 });
    await expectForgotten(workspace, gone.keyId);
    await expectReadable(workspace, bystander.keyId);
    const certificate = await getErasureCertificate({ workspace, receiptId: result.receiptId });
    expect(certificate.state).toBe("issued");
    if (certificate.state === "issued") expect(JSON.parse(certificate.text).certificate.removed.earlierDeletedProfilesForgotten).toBe(1);
  });

  it("v2 suppress by id forgets every earlier profile that held it", async () => {
    const id = uniqueToken("twice");
    const first = await plainlyDeleted(workspace, { id });
    const second = await plainlyDeleted(workspace, { id });
    const response = await batchRoute.POST(
      new Request("http://localhost/api", {
        method: "POST",
        headers: { authorization: trackAuth, "content-type": "application/json" },
        body: JSON.stringify({ batch: [{ type: "person", identifiers: { id }, action: "suppress" }] }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    await expectForgotten(workspace, first.keyId);
    await expectForgotten(workspace, second.keyId);
  });

  it("suppress cio_<deleted cio_id> answers 200 and forgets that profile; an unknown one is still 400", async () => {
    const gone = await plainlyDeleted(workspace);
    const call = (identifier: string) =>
      suppressRoute.POST(new Request("http://localhost/api", { method: "POST", headers: { authorization: trackAuth } }), { params: Promise.resolve({ identifier }) });
    const response = await call(`cio_${gone.cioId}`);
    expect(response.status).toBe(200);
    await expectForgotten(workspace, gone.keyId);
    const receiptId = response.headers.get("x-receipt-id");
    const audit = await db.auditEntry.findFirstOrThrow({ where: { workspaceId: workspace.id, action: "identifier.suppress" }, orderBy: { createdAt: "desc" } });
    expect(audit.details).toMatchObject({ kind: "cio_id", deletedPerson: false, earlierForgotten: 1 });
    if (receiptId) expect(audit.receiptId).toBe(receiptId);
    // Forgotten now: nothing to name any more.
    expect((await call(`cio_${gone.cioId}`)).status).toBe(400);
    expect((await call("cio_00000000000000000000")).status).toBe(400);
  });

  it("the switch to email-or-ID forgets earlier profiles that held an email suppressed profiles remembered", async () => {
    const ws = await createTestWorkspace("id");
    const email = uniqueEmail("switch");
    const gone = await plainlyDeleted(ws, { email });
    // In ID-only mode the email is an attribute: someone else with it is suppressed; the email is remembered.
    const { cioId } = await identify({ workspace: ws, identifier: uniqueToken("other"), attributes: { email }, actor });
    await deletePeople({ workspace: ws, cioIds: [cioId!], suppress: true, actor });
    await expectReadable(ws, gone.keyId);
    expect(await switchIdentificationMode({ workspace: ws, to: "email_or_id", actor })).toMatchObject({ ok: true, activated: 1 });
    await expectForgotten(ws, gone.keyId);
  });

  it("a living person's history is never touched by another's erasure, and a new person with the old id starts fresh", async () => {
    const gone = await plainlyDeleted(workspace);
    const { cioId } = await identify({ workspace, identifier: gone.id, attributes: { email: gone.email }, actor });
    expect(cioId).not.toBe(gone.cioId);
    expect((await activityOf(workspace, cioId!)).map((r) => r.type)).toEqual(["profile_created"]);
    await expectReadable(workspace, gone.keyId);
  });
});
