// Track API v2 over its route handlers (Request in, Response out) on a real database.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../api-keys/api-keys";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";
import { hashIdentifier } from "../identity/identifiers";
import { isSuppressed } from "../suppression/suppress";
import { activityOf as profileActivity } from "../test/activity";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import * as entityRoute from "../../app/api/v2/entity/route";
import * as batchRoute from "../../app/api/v2/batch/route";
import { MAX_BATCH_BYTES, MAX_BATCH_ERRORS_LISTED, MAX_BATCH_ITEMS } from "./v2";

const SYSTEM = { type: "system" } as const;
let workspace: Workspace;
let auth: string;

beforeAll(async () => {
  workspace = await createTestWorkspace("email_or_id");
  const track = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "v2", actor: SYSTEM });
  auth = `Basic ${Buffer.from(`${track.siteId}:${track.secret}`).toString("base64")}`;
});

async function post(handler: (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>, body: unknown, init: { auth?: string | null; raw?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const authorization = init.auth === undefined ? auth : init.auth;
  if (authorization) headers.authorization = authorization;
  const request = new Request("http://localhost/api/v2", { method: "POST", headers, body: init.raw ?? JSON.stringify(body) });
  const response = await handler(request, { params: Promise.resolve({}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const entity = (body: unknown, init?: { auth?: string | null; raw?: string }) => post(entityRoute.POST, body, init);
const batch = (items: unknown[]) => post(batchRoute.POST, { batch: items });
const person = (identifiers: Record<string, unknown>, action: string, rest: Record<string, unknown> = {}) => ({ type: "person", identifiers, action, ...rest });
const byId = (id: string) => db.person.findFirst({ where: { workspaceId: workspace.id, externalId: id } });
const activityOf = async (id: string) => {
  const found = await byId(id);
  return profileActivity(workspace, found!.cioId);
};

describe("[TRACK API v2] entity", () => {
  it("identifies by id, email and cio_id, answering 200 {}", async () => {
    const id = uniqueToken("v2");
    const email = uniqueEmail();
    const created = await entity(person({ id }, "identify", { attributes: { email, plan: "free" } }));
    expect(created).toMatchObject({ status: 200, body: {} });
    const stored = await byId(id);
    expect(stored).toMatchObject({ email, attributes: { plan: "free" } });
    expect((await entity(person({ email: email.toUpperCase() }, "identify", { attributes: { plan: "pro" } }))).status).toBe(200);
    expect((await entity(person({ cio_id: stored!.cioId }, "identify", { attributes: { seats: 2 } }))).status).toBe(200);
    expect((await byId(id))?.attributes).toEqual({ plan: "pro", seats: 2 });
    // A numeric id is the same id as its string.
    const numeric = Math.floor(Math.random() * 1e9);
    expect((await entity(person({ id: numeric }, "identify"))).status).toBe(200);
    expect(await byId(String(numeric))).not.toBeNull();
  });

  it("keeps v1's rules: _update never creates, id changes only through cio_id", async () => {
    const id = uniqueToken("v2");
    expect((await entity(person({ id }, "identify", { attributes: { _update: true } }))).status).toBe(200);
    expect(await byId(id)).toBeNull();
    await entity(person({ id }, "identify"));
    const change = await entity(person({ id }, "identify", { attributes: { id: uniqueToken("other") } }));
    expect(change.status).toBe(400);
    expect(change.body.meta.errors[0]).toMatch(/cio_/);
  });

  it("stores event, page and screen with name, id and timestamp, the same event id once", async () => {
    const id = uniqueToken("v2");
    await entity(person({ id }, "identify"));
    const eventId = uniqueToken("01J");
    const event = person({ id }, "event", { name: "purchase", id: eventId, timestamp: 1_700_000_000, attributes: { total: 9 } });
    expect((await entity(event)).status).toBe(200);
    expect((await entity(event)).status).toBe(200);
    expect((await entity(person({ id }, "page", { name: "/pricing" }))).status).toBe(200);
    expect((await entity(person({ id }, "screen", { name: "Home" }))).status).toBe(200);
    const rows = (await activityOf(id)).filter((row) => row.type !== "profile_created");
    expect(rows.map((row) => [row.type, row.name])).toEqual([
      ["event", "purchase"],
      ["page", "/pricing"],
      ["screen", "Home"],
    ]);
    expect(rows[0]).toMatchObject({ data: { total: 9 }, clientEventId: eventId });
    expect(rows[0].timestamp.getTime()).toBe(1_700_000_000_000);
  });

  it("deletes, suppresses and unsuppresses", async () => {
    const gone = uniqueToken("v2");
    await entity(person({ id: gone }, "identify"));
    expect((await entity(person({ id: gone }, "delete"))).status).toBe(200);
    expect(await byId(gone)).toBeNull();
    const email = uniqueEmail();
    await entity(person({ email }, "identify"));
    expect((await entity(person({ email }, "suppress"))).status).toBe(200);
    expect((await isSuppressed({ workspace, value: email })).suppressed).toBe(true);
    expect((await entity(person({ email }, "unsuppress"))).status).toBe(200);
    expect((await isSuppressed({ workspace, value: email })).suppressed).toBe(false);
  });

  it("refuses a suppressed identifier with 409 and stores nothing", async () => {
    const email = uniqueEmail();
    await entity(person({ email }, "suppress"));
    const refused = await entity(person({ email }, "identify", { attributes: { plan: "x" } }));
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).not.toContain(email);
    const id = uniqueToken("v2");
    const viaBody = await entity(person({ id }, "identify", { attributes: { email } }));
    expect(viaBody.status).toBe(409);
    expect(await byId(id)).toBeNull();
    // Events for a suppressed identifier are accepted and dropped, as on v1.
    expect((await entity(person({ email }, "event", { name: "x" }))).status).toBe(200);
    expect(await db.identifierClaim.count({ where: { workspaceId: workspace.id, valueHash: hashIdentifier(workspace, "email", email), cioId: { not: null } } })).toBe(0);
  });

  it("answers 400 for a bad item, naming an unsupported action, and 401 without the key", async () => {
    const id = uniqueToken("v2");
    const unsupported = await entity(person({ id }, "add_device"));
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.meta.errors[0]).toMatch(/action "add_device" is not supported/);
    const cases: [unknown, RegExp][] = [
      [{ ...person({ id }, "identify"), type: "object" }, /type must be "person"/],
      [person({ id, email: uniqueEmail() }, "identify"), /exactly one of id, email or cio_id/],
      [person({}, "identify"), /exactly one/],
      [person({ cio_id: "nope" }, "identify"), /cio_id/],
      [person({ email: "not-an-email" }, "identify"), /not a valid email/],
      [person({ id }, "identify", { attributes: [] }), /attributes must be a JSON object/],
      [person({ id }, "event", {}), /name/],
      [person({ id }, "event", { name: "x", timestamp: "yesterday" }), /timestamp/],
      [{ identifiers: { id } }, /type/],
    ];
    for (const [body, message] of cases) {
      const answer = await entity(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.meta.errors.join(" ")).toMatch(message);
    }
    expect((await entity(null, { raw: "{not json" })).status).toBe(400);
    expect(await byId(id)).toBeNull();
    expect((await entity(person({ id }, "identify"), { auth: null })).status).toBe(401);
  });
});

describe("[TRACK API v2] batch", () => {
  it("applies valid items in order, names the failed ones without echoing values, stores nothing for a suppressed identifier", async () => {
    const suppressedEmail = uniqueEmail("sup");
    await entity(person({ email: suppressedEmail }, "suppress"));
    const a = uniqueToken("b");
    const b = uniqueToken("b");
    const blocked = uniqueToken("blocked");
    const answer = await batch([
      person({ id: a }, "identify", { attributes: { plan: "one" } }),
      person({ id: blocked }, "identify", { attributes: { email: suppressedEmail } }),
      person({ id: a }, "event", { name: "signed_up" }),
      person({ id: b }, "fly"),
      person({ id: a }, "identify", { attributes: { plan: "two" } }),
      person({ id: b }, "identify"),
      { type: "person", identifiers: { id: b } },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toEqual([
      { batch_index: 1, reason: "identifier is suppressed" },
      { batch_index: 3, reason: expect.stringMatching(/action "fly" is not supported/) },
      { batch_index: 6, reason: expect.stringMatching(/action/) },
    ]);
    expect(JSON.stringify(answer.body)).not.toContain(suppressedEmail);
    expect(JSON.stringify(answer.body)).not.toContain(blocked);
    // Applied in order: the second identify of a wins.
    expect((await byId(a))?.attributes).toEqual({ plan: "two" });
    expect(await byId(b)).not.toBeNull();
    expect((await activityOf(a)).map((row) => row.type)).toEqual(["profile_created", "event", "attribute_change"]);
    expect(await byId(blocked)).toBeNull();
    expect(await db.identifierClaim.count({ where: { workspaceId: workspace.id, valueHash: hashIdentifier(workspace, "id", blocked) } })).toBe(0);
  });

  it("answers 200 with no errors when every item applied, 400 for a body that isn't a batch, 413 over 500 KB", async () => {
    const ok = await batch([person({ id: uniqueToken("b") }, "identify")]);
    expect(ok).toMatchObject({ status: 200, body: { errors: [] } });
    expect((await post(batchRoute.POST, { items: [] })).status).toBe(400);
    expect((await post(batchRoute.POST, { batch: [] })).status).toBe(400);
    const id = uniqueToken("big");
    const big = Array.from({ length: 60 }, () => person({ id }, "identify", { attributes: { blob: "x".repeat(9_000) } }));
    expect(JSON.stringify({ batch: big }).length).toBeGreaterThan(MAX_BATCH_BYTES);
    const tooLarge = await batch(big);
    expect(tooLarge.status).toBe(413);
    expect(await byId(id)).toBeNull();
  });
});

// Any INSERT of a person whose id starts with "v2fault" fails, as a database error would mid-batch.
async function withFaultyPersonInserts<T>(run: () => Promise<T>): Promise<T> {
  await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION v2_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.external_id LIKE 'v2fault%' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
  await db.$executeRawUnsafe(`CREATE TRIGGER v2_test_fault BEFORE INSERT ON person FOR EACH ROW EXECUTE FUNCTION v2_test_fault()`);
  try {
    return await run();
  } finally {
    await db.$executeRawUnsafe(`DROP TRIGGER v2_test_fault ON person`);
  }
}

describe("[TRACK API v2] batch limits", () => {
  afterEach(() => {
    delete process.env.TRACK_RATE_LIMIT;
  });

  it("refuses more than 1,000 items with 413 naming the count, before applying any", async () => {
    const id = uniqueToken("cap");
    const items = Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => person({ id }, "identify"));
    const answer = await batch(items);
    expect(answer.status).toBe(413);
    expect(answer.body.meta.errors).toEqual(["batch has 1,001 items; at most 1,000 per request"]);
    expect(await byId(id)).toBeNull();
    // 250,000 invalid items in under 500 KB: a short 413 too, not a list of 250,000 errors.
    const zeros = `{"batch":[${Array(240_000).fill("0").join(",")}]}`;
    const huge = await post(batchRoute.POST, null, { raw: zeros });
    expect(huge.status).toBe(413);
    expect(JSON.stringify(huge.body).length).toBeLessThan(200);
  });

  it("lists at most 100 refused items and counts them all", async () => {
    const answer = await post(batchRoute.POST, null, { raw: `{"batch":[${Array(MAX_BATCH_ITEMS).fill("0").join(",")}]}` });
    expect(answer.status).toBe(200);
    expect(answer.body.error_count).toBe(MAX_BATCH_ITEMS);
    expect(answer.body.errors).toHaveLength(MAX_BATCH_ERRORS_LISTED);
    expect(answer.body.errors[0]).toEqual({ batch_index: 0, reason: expect.any(String) });
    expect(answer.body.errors.at(-1).batch_index).toBe(MAX_BATCH_ERRORS_LISTED - 1);
    expect(JSON.stringify(answer.body).length).toBeLessThan(20_000);
  });

  it("answers 207 with each item's status when the database fails mid-batch; sending the rest again applies them once", async () => {
    const known = uniqueToken("v2b");
    await entity(person({ id: known }, "identify"));
    const gone = uniqueToken("v2b");
    await entity(person({ id: gone }, "identify"));
    const faulty = uniqueToken("v2fault");
    const later = uniqueToken("v2b");
    const eventId = uniqueToken("01J");
    const items = [
      person({ id: known }, "event", { name: "paid", id: eventId }),
      person({ id: gone }, "delete"),
      { type: "person", identifiers: { id: known }, action: "fly" },
      person({ id: faulty }, "identify"),
      person({ id: known }, "event", { name: "paid", id: eventId }),
      person({ id: later }, "identify"),
      person({ id: known }, "event", { name: "after", id: uniqueToken("01J") }),
    ];
    const answer = await withFaultyPersonInserts(() => batch(items));
    expect(answer.status).toBe(207);
    expect(answer.body.results).toEqual(["applied", "applied", "failed", "not_attempted", "not_attempted", "not_attempted", "not_attempted"]);
    expect(answer.body.errors).toEqual([{ batch_index: 2, reason: expect.stringMatching(/action "fly"/) }]);
    expect(answer.body.error_count).toBe(1);
    expect(answer.body.meta.errors[0]).toMatch(/batch_index 3.*not_attempted/);
    expect(JSON.stringify(answer.body)).not.toContain(faulty);
    expect(await byId(gone)).toBeNull();
    expect(await byId(later)).toBeNull();
    // The client sends again what wasn't applied (here all of it, as a careless client might): the
    // event with an id is stored once, the rest applies.
    const again = await batch(items);
    expect(again.status).toBe(200);
    expect(again.body.error_count).toBe(1);
    expect(await byId(faulty)).not.toBeNull();
    expect(await byId(later)).not.toBeNull();
    const events = (await activityOf(known)).filter((row) => row.type === "event");
    expect(events.map((row) => row.name)).toEqual(["paid", "after"]);
    expect(events[0].clientEventId).toBe(eventId);
  });

  it("counts a batch's items against TRACK_RATE_LIMIT, not the request", async () => {
    process.env.TRACK_RATE_LIMIT = "5";
    const limited = await createTestWorkspace("email_or_id");
    const key = await createApiKey({ workspaceId: limited.id, kind: "track", name: "rate", actor: SYSTEM });
    const limitedAuth = `Basic ${Buffer.from(`${key.siteId}:${key.secret}`).toString("base64")}`;
    const send = (items: unknown[]) => post(batchRoute.POST, { batch: items }, { auth: limitedAuth });
    const one = () => post(entityRoute.POST, person({ id: uniqueToken("rl") }, "identify"), { auth: limitedAuth });
    // Warm the key cache in an earlier second, then start at a second's beginning.
    expect((await one()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2000 - (Date.now() % 1000) + 20));
    const ids = Array.from({ length: 10 }, () => uniqueToken("rl"));
    expect((await send(ids.map((id) => person({ id }, "identify")))).status).toBe(200);
    // Ten items cost ten: the bucket (5 a second) is full for two seconds.
    const refused = await one();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^[12]$/);
    expect(refused.body.meta.errors[0]).toMatch(/5 items per second/);
    expect(await db.person.count({ where: { workspaceId: limited.id, externalId: { in: ids } } })).toBe(10);
  });
});
