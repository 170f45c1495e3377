// The access export: exactly one person's data (and nothing of anyone else), across activity pages,
// audited without values; refused for a suppressed person; reachable by staff and App keys only.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.resetModules();
afterAll(() => vi.resetModules());

const { db } = await import("../db");
const { createApiKey } = await import("../api-keys/api-keys");
const { trackEvent } = await import("../activity/track-event");
const { NotFoundError, SuppressedIdentifierError } = await import("../errors");
const { identify } = await import("../people/identify");
const { suppressIdentifier } = await import("../deletion/suppress-identifier");
const { createTestWorkspace, uniqueEmail, uniqueToken } = await import("../test/factories");
const { signedInStaff } = await import("../test/staff-session");
const { getWorkspace } = await import("../workspace/workspace");
const { exportPersonData, exportPersonDataByIdentifier } = await import("./person-export");
const { activityOf } = await import("../test/activity");
const apiRoute = await import("../../app/v1/customers/[identifier]/export/route");
const staffRoute = await import("../../app/api/people/[cioId]/export/route");

type Workspace = Awaited<ReturnType<typeof getWorkspace>>;
const actor = { type: "user", id: "user_export" } as const;

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

// A person with attributes, a manual segment, an ESP entry and `events` activities, several of them
// at the same timestamp (the keyset's tie-breaker must not skip or repeat any).
async function seedPerson(workspace: Workspace, events: number) {
  const id = uniqueToken("exp");
  const email = uniqueEmail("exp");
  const secret = uniqueToken("value");
  const { cioId } = await identify({ workspace, identifier: id, attributes: { email, plan: secret, unsubscribed: true }, actor });
  const segment = await db.segment.create({ data: { id: uniqueToken("seg"), workspaceId: workspace.id, name: uniqueToken("segname"), kind: "manual" } });
  await db.segmentMembership.create({ data: { segmentId: segment.id, cioId: cioId! } });
  await db.espSuppression.create({
    data: { workspaceId: workspace.id, email, emailKey: email.toLowerCase(), domain: "example.test", type: "bounces", origin: "api", reason: uniqueToken("reason") },
  });
  const at = new Date("2026-01-02T03:04:05.000Z");
  for (let i = 0; i < events; i++) {
    await trackEvent({ workspace, identifier: id, event: { name: `event-${i}`, data: { secret: `${secret}-${i}` }, timestamp: Math.floor(at.getTime() / 1000) + (i % 3) } });
  }
  return { id, email, secret, cioId: cioId!, segment };
}

let workspace: Workspace;
let appKey = "";
beforeAll(async () => {
  workspace = await getWorkspace();
  appKey = (await createApiKey({ workspaceId: workspace.id, kind: "app", name: "export test", actor })).secret;
});

describe("[EXPORT] a person's data", () => {
  it("contains exactly the person's data, every activity across pages, and nothing of another person", async () => {
    // A workspace of its own: a data-driven segment another file leaves in the default one would
    // add a membership the document must then list.
    const workspace = await createTestWorkspace();
    const person = await seedPerson(workspace, 7);
    const other = await seedPerson(workspace, 3);
    const result = await exportPersonData({ workspace, cioId: person.cioId, actor, via: "staff", pageSize: 2 });
    const body = await text(result.body);
    const doc = JSON.parse(body);

    expect(doc).toMatchObject({
      type: "personal_data_export",
      receiptId: result.receiptId,
      person: { cio_id: person.cioId, id: person.id, email: person.email, attributes: { plan: person.secret }, unsubscribed: true },
      segments: [{ id: person.segment.id, name: person.segment.name, kind: "manual" }],
      email_suppressions: [{ type: "bounces", origin: "api" }],
    });
    const stored = (await activityOf(workspace, person.cioId)).sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || Number(a.id - b.id));
    expect(doc.activities.map((a: { id: string }) => a.id)).toEqual(stored.map((a) => a.id.toString()));
    expect(doc.activities.filter((a: { type: string }) => a.type === "event")).toHaveLength(7);
    expect(doc.activities.find((a: { name: string }) => a.name === "event-4")).toMatchObject({ data: { secret: `${person.secret}-4` } });
    for (const value of [other.id, other.email, other.secret, other.cioId, other.segment.id]) expect(body).not.toContain(value);
  });

  it("is audited: actor, time, receipt; no values", async () => {
    const person = await seedPerson(workspace, 1);
    const { receiptId, body } = await exportPersonData({ workspace, cioId: person.cioId, actor, via: "staff" });
    await text(body);
    const entry = await db.auditEntry.findUniqueOrThrow({ where: { receiptId } });
    expect(entry).toMatchObject({ action: "person.export", actorType: "user", actorId: actor.id, count: 1, details: { via: "staff" } });
    const recorded = JSON.stringify(entry.details);
    for (const value of [person.id, person.email, person.secret, person.cioId]) expect(recorded).not.toContain(value);
  });

  it("is refused for a suppressed person (they are gone), by cio_id and by identifier", async () => {
    const person = await seedPerson(workspace, 1);
    await suppressIdentifier({ workspace, identifier: person.email, actor });
    const exportsBefore = await db.auditEntry.count({ where: { action: "person.export" } });
    await expect(exportPersonData({ workspace, cioId: person.cioId, actor, via: "staff" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(exportPersonDataByIdentifier({ workspace, identifier: person.email, actor })).rejects.toBeInstanceOf(SuppressedIdentifierError);
    await expect(exportPersonDataByIdentifier({ workspace, identifier: person.id, actor })).rejects.toBeInstanceOf(SuppressedIdentifierError);
    const response = await apiRoute.GET(
      new Request(`http://localhost/v1/customers/${encodeURIComponent(person.id)}/export`, { headers: { authorization: `Bearer ${appKey}` } }),
      { params: Promise.resolve({ identifier: person.id }) },
    );
    expect(response.status).toBe(409);
    expect(await db.auditEntry.count({ where: { action: "person.export" } })).toBe(exportsBefore);
  });
});

describe("[EXPORT] access", () => {
  it("App API: a key gets the document; no key 401; an unknown person 404", async () => {
    const person = await seedPerson(workspace, 2);
    const get = (identifier: string, token?: string) =>
      apiRoute.GET(new Request(`http://localhost/v1/customers/${encodeURIComponent(identifier)}/export`, { headers: token ? { authorization: `Bearer ${token}` } : {} }), {
        params: Promise.resolve({ identifier }),
      });
    const ok = await get(person.email, appKey);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-disposition")).toMatch(/^attachment; filename="personal-data-/);
    expect(JSON.parse(await ok.text()).person).toMatchObject({ cio_id: person.cioId });
    expect((await get(person.email)).status).toBe(401);
    expect((await get(uniqueToken("nobody"), appKey)).status).toBe(404);
  });

  it("staff: support and admin download it; anonymous 401; another site 403", async () => {
    const person = await seedPerson(workspace, 1);
    const get = (cookie?: string, site?: string) =>
      staffRoute.GET(
        new Request(`http://localhost/api/people/${person.cioId}/export`, { headers: { ...(cookie ? { cookie } : {}), ...(site ? { "sec-fetch-site": site } : {}) } }),
        { params: Promise.resolve({ cioId: person.cioId }) },
      );
    for (const role of ["support", "admin"] as const) {
      const response = await get(await signedInStaff(role), "same-origin");
      expect(response.status).toBe(200);
      expect(JSON.parse(await response.text()).person.id).toBe(person.id);
    }
    expect((await get(undefined, "same-origin")).status).toBe(401);
    expect((await get(await signedInStaff("admin"), "cross-site")).status).toBe(403);
    // Nothing saying where it came from: refused too.
    expect((await get(await signedInStaff("admin"))).status).toBe(403);
  });
});
