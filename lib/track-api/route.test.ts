import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "../api-keys/api-keys";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import * as customerRoute from "../../app/api/v1/customers/[identifier]/route";
import * as suppressRoute from "../../app/api/v1/customers/[identifier]/suppress/route";
import * as unsuppressRoute from "../../app/api/v1/customers/[identifier]/unsuppress/route";
import * as eventsRoute from "../../app/api/v1/customers/[identifier]/events/route";
import * as pingRoute from "../../app/api/v1/ping/route";
import * as searchRoute from "../../app/v1/customers/route";
import * as attributesRoute from "../../app/v1/customers/[identifier]/attributes/route";
import * as activitiesRoute from "../../app/v1/customers/[identifier]/activities/route";
import { MAX_BODY_BYTES, readBodyText } from "../api/http";

const SYSTEM = { type: "system" } as const;
let workspace: Workspace;
let trackAuth: string;
let appAuth: string;

beforeAll(async () => {
  workspace = await createTestWorkspace("email_or_id");
  const track = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "test", actor: SYSTEM });
  const app = await createApiKey({ workspaceId: workspace.id, kind: "app", name: "test", actor: SYSTEM });
  trackAuth = `Basic ${Buffer.from(`${track.siteId}:${track.secret}`).toString("base64")}`;
  appAuth = `Bearer ${app.secret}`;
});

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

async function call<P>(handler: Handler<P>, params: P, init: { method?: string; body?: unknown; raw?: string; auth?: string | null; url?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const auth = init.auth === undefined ? trackAuth : init.auth;
  if (auth) headers.authorization = auth;
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const request = new Request(init.url ?? "http://localhost/api", { method: init.method ?? "POST", headers, body });
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const put = (identifier: string, attributes: unknown, auth?: string | null) =>
  call(customerRoute.PUT, { identifier }, { method: "PUT", body: attributes, auth });
const event = (identifier: string, body: unknown) => call(eventsRoute.POST, { identifier }, { body });
const attributesOf = (identifier: string) => call(attributesRoute.GET, { identifier }, { method: "GET", auth: appAuth });
const activitiesOf = (identifier: string) => call(activitiesRoute.GET, { identifier }, { method: "GET", auth: appAuth });

describe("[TRACK API] authentication", () => {
  it("answers 401 with a Basic challenge without a key, with a wrong key and with a revoked key", async () => {
    const id = uniqueToken("auth");
    const none = await put(id, {}, null);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Basic /);
    expect(none.body).toEqual({ meta: { errors: [expect.any(String)] } });
    const wrong = await put(id, {}, `Basic ${Buffer.from("nope:nope").toString("base64")}`);
    expect(wrong.status).toBe(401);
    const revokable = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "revoke me", actor: SYSTEM });
    const revokableAuth = `Basic ${Buffer.from(`${revokable.siteId}:${revokable.secret}`).toString("base64")}`;
    expect((await put(id, {}, revokableAuth)).status).toBe(200);
    await revokeApiKey({ workspaceId: workspace.id, id: revokable.apiKey.id, actor: SYSTEM });
    expect((await put(uniqueToken("auth"), {}, revokableAuth)).status).toBe(401);
  });

  it("GET /api/v1/ping answers 200 {} with a Track key and 401 without", async () => {
    expect(await call(pingRoute.GET, {}, { method: "GET" })).toMatchObject({ status: 200, body: {} });
    expect((await call(pingRoute.GET, {}, { method: "GET", auth: null })).status).toBe(401);
    expect((await call(pingRoute.GET, {}, { method: "GET", auth: appAuth })).status).toBe(401);
  });

  it("does not take an App API key for the Track API, nor a Track key for the App API", async () => {
    expect((await put(uniqueToken("x"), {}, appAuth)).status).toBe(401);
    const app = await call(attributesRoute.GET, { identifier: "x" }, { method: "GET", auth: trackAuth });
    expect(app.status).toBe(401);
    expect(app.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });
});

describe("[TRACK API] identify and delete", () => {
  it("creates then updates a person: 200 {} as JSON, readable through the App API", async () => {
    const id = uniqueToken("p");
    const email = uniqueEmail();
    const created = await put(id, { email, plan: "pro", seats: 3 });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({});
    expect(created.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await put(id, { plan: "team" })).status).toBe(200);
    const read = await attributesOf(id);
    expect(read.status).toBe(200);
    expect(read.body.customer).toMatchObject({ id, identifiers: { id, email }, attributes: { plan: "team", seats: 3, email } });
    expect(read.body.customer.identifiers.cio_id).toMatch(/^[0-9a-f]{20}$/);
    const byEmail = await call(attributesRoute.GET, { identifier: email.toUpperCase() }, { method: "GET", auth: appAuth });
    expect(byEmail.body.customer.id).toBe(id);
    const byCio = await attributesOf(`cio_${read.body.customer.identifiers.cio_id}`);
    expect(byCio.body.customer.id).toBe(id);
  });

  it("answers 400 with the error envelope for bad JSON, a non-object body, a bad email, bad identifiers and limits", async () => {
    const id = uniqueToken("bad");
    const badJson = await call(customerRoute.PUT, { identifier: id }, { method: "PUT", raw: "{not json" });
    expect(badJson).toMatchObject({ status: 400, body: { meta: { errors: ["request body is not valid JSON"] } } });
    expect((await put(id, [1, 2])).status).toBe(400);
    expect((await put(id, { email: "not-an-email" })).status).toBe(400);
    expect((await put(id, { email: "two@@example.com" })).status).toBe(400);
    expect((await put(" ", {})).status).toBe(400);
    expect((await put("x".repeat(151), {})).status).toBe(400);
    expect((await put("cio_0000000000000000dead", {})).status).toBe(400);
    expect((await put("cio_nothex", {})).status).toBe(400);
    expect((await put(id, { big: "x".repeat(1001) })).status).toBe(400);
    expect((await put(id, { nested: { a: 1 } })).status).toBe(400);
    const many = Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`a${i}`, i]));
    const tooMany = await put(id, many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.meta.errors.length).toBeGreaterThan(0);
    // Nothing was created by any of these.
    expect(await db.person.count({ where: { workspaceId: workspace.id, externalId: id } })).toBe(0);
  });

  it("never echoes the identifier or attribute values in errors", async () => {
    const secretEmail = "secret-person@example.test";
    const response = await put(secretEmail, { email: "not-an-email-secret" });
    expect(JSON.stringify(response.body)).not.toContain("secret");
  });

  it("answers 413 for a body over 1 MB, declared or streamed", async () => {
    const big = JSON.stringify({ blob: "x".repeat(MAX_BODY_BYTES) });
    const declared = await call(customerRoute.PUT, { identifier: uniqueToken("big") }, { method: "PUT", raw: big });
    expect(declared.status).toBe(413);
    expect(declared.body.meta.errors[0]).toMatch(/over/);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(100_000).fill(32));
        controller.close();
      },
    });
    const request = new Request("http://localhost/", { method: "PUT", body: stream, duplex: "half" } as RequestInit);
    await expect(readBodyText(request)).rejects.toMatchObject({ status: 413 });
  });

  it("deletes a person, and answers 200 {} for someone unknown", async () => {
    const id = uniqueToken("del");
    await put(id, { plan: "x" });
    const deleted = await call(customerRoute.DELETE, { identifier: id }, { method: "DELETE" });
    expect(deleted).toMatchObject({ status: 200, body: {} });
    expect((await attributesOf(id)).status).toBe(404);
    expect((await call(customerRoute.DELETE, { identifier: uniqueToken("nobody") }, { method: "DELETE" })).status).toBe(200);
    expect((await call(customerRoute.DELETE, { identifier: `cio_${"0".repeat(20)}` }, { method: "DELETE" })).status).toBe(200);
    expect((await call(customerRoute.DELETE, { identifier: "x".repeat(151) }, { method: "DELETE" })).status).toBe(400);
  });

  it("answers 405 with an Allow header for other methods", async () => {
    const response = await call(customerRoute.POST as Handler<{ identifier: string }>, { identifier: "x" }, {});
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("PUT, DELETE");
    const events = await call(eventsRoute.GET as Handler<{ identifier: string }>, { identifier: "x" }, { method: "GET" });
    expect(events.status).toBe(405);
    expect(events.headers.get("allow")).toBe("POST");
  });
});

describe("[TRACK API] suppress, unsuppress and events", () => {
  it("suppress by email then PUT by id → 409; events → 200 and nothing stored; unsuppress → a new cio_id, no history", async () => {
    const id = uniqueToken("s");
    const email = uniqueEmail("supp");
    await put(id, { email, plan: "pro" });
    expect((await event(id, { name: "before", id: uniqueToken("ev") })).status).toBe(200);
    const oldCio = (await attributesOf(id)).body.customer.identifiers.cio_id;

    const suppressed = await call(suppressRoute.POST, { identifier: email }, { raw: "" });
    expect(suppressed).toMatchObject({ status: 200, body: {} });
    const again = await put(id, { plan: "back" });
    expect(again.status).toBe(409);
    expect(again.body.meta.errors.join(" ")).toMatch(/suppressed/);
    expect((await put(uniqueToken("other"), { email: email.toUpperCase() })).status).toBe(409);

    const before = await db.activity.count({ where: { workspaceId: workspace.id } });
    expect(await event(id, { name: "after", data: { x: 1 } })).toMatchObject({ status: 200, body: {} });
    expect(await event(email, { name: "after" })).toMatchObject({ status: 200, body: {} });
    expect(await db.activity.count({ where: { workspaceId: workspace.id } })).toBe(before);
    expect(await db.person.count({ where: { workspaceId: workspace.id, externalId: id } })).toBe(0);

    expect((await call(unsuppressRoute.POST, { identifier: id }, {})).status).toBe(200);
    expect((await put(id, { plan: "fresh" })).status).toBe(200);
    const fresh = await attributesOf(id);
    expect(fresh.body.customer.identifiers.cio_id).not.toBe(oldCio);
    expect(fresh.body.customer.attributes.plan).toBe("fresh");
    const history = await activitiesOf(id);
    expect(history.body.activities.filter((a: { type: string }) => a.type === "event")).toEqual([]);
  });

  it("suppresses an identifier that matches nobody, then refuses it", async () => {
    const id = uniqueToken("bare");
    expect((await call(suppressRoute.POST, { identifier: id }, {})).status).toBe(200);
    expect((await put(id, {})).status).toBe(409);
    expect((await call(suppressRoute.POST, { identifier: `cio_${"0".repeat(20)}` }, {})).status).toBe(400);
  });

  it("stores an event once per client id; unknown people → 200 and nothing; limits → 400", async () => {
    const id = uniqueToken("ev");
    await put(id, {});
    const eventId = uniqueToken("01H");
    expect(await event(id, { name: "purchase", id: eventId, data: { total: 12 } })).toMatchObject({ status: 200, body: {} });
    expect((await event(id, { name: "purchase", id: eventId, data: { total: 12 } })).status).toBe(200);
    expect((await event(id, { name: "page_view", type: "page", timestamp: 1_700_000_000 })).status).toBe(200);
    const activities = (await activitiesOf(id)).body.activities as { type: string; name: string; timestamp: number }[];
    expect(activities.filter((a) => a.name === "purchase")).toHaveLength(1);
    expect(activities.find((a) => a.name === "page_view")).toMatchObject({ type: "page", timestamp: 1_700_000_000 });

    const before = await db.activity.count({ where: { workspaceId: workspace.id } });
    expect(await event(uniqueToken("nobody"), { name: "x" })).toMatchObject({ status: 200, body: {} });
    expect(await db.activity.count({ where: { workspaceId: workspace.id } })).toBe(before);

    expect((await event(id, { name: "n".repeat(101) })).status).toBe(400);
    expect((await event(id, { name: "é".repeat(51) })).status).toBe(400);
    expect((await event(id, { name: "ok", data: { blob: "x".repeat(100_000) } })).status).toBe(400);
    expect((await event(id, {})).status).toBe(400);
    expect((await event(id, { name: "ok", type: "click" })).status).toBe(400);
    expect((await call(eventsRoute.POST, { identifier: id }, { raw: "nope" })).status).toBe(400);
  });
});

describe("[APP API] search", () => {
  it("filters by attribute and pages with a cursor", async () => {
    const cohort = uniqueToken("cohort");
    const ids = Array.from({ length: 5 }, () => uniqueToken("sr"));
    for (const id of ids) await put(id, { cohort });
    const filter = { and: [{ attribute: { field: "cohort", operator: "eq", value: cohort } }] };
    const seen: string[] = [];
    let start = "";
    for (let page = 0; page < 5; page++) {
      const url = `http://localhost/v1/customers?limit=2${start ? `&start=${start}` : ""}`;
      const response = await call(searchRoute.POST, {}, { auth: appAuth, body: { filter }, url });
      expect(response.status).toBe(200);
      expect(response.body.identifiers.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.ids);
      for (const identifier of response.body.identifiers) expect(identifier).toEqual({ id: expect.any(String), email: null, cio_id: expect.any(String) });
      start = response.body.next;
      if (!start) break;
    }
    expect(seen.sort()).toEqual([...ids].sort());

    const not = await call(searchRoute.POST, {}, { auth: appAuth, body: { filter: { and: [{ attribute: { field: "cohort", operator: "eq", value: cohort } }, { not: { attribute: { field: "id", operator: "eq", value: ids[0] } } }] } } });
    expect(not.body.ids).toHaveLength(4);
  });

  it("answers 400 for a bad filter or limit, 401 without the Bearer key", async () => {
    expect((await call(searchRoute.POST, {}, { auth: appAuth, body: { filter: { bogus: 1 } } })).status).toBe(400);
    expect((await call(searchRoute.POST, {}, { auth: appAuth, body: {} })).status).toBe(400);
    expect((await call(searchRoute.POST, {}, { auth: appAuth, body: { filter: { and: [] } }, url: "http://localhost/v1/customers?limit=1001" })).status).toBe(400);
    expect((await call(searchRoute.POST, {}, { auth: null, body: { filter: { and: [] } } })).status).toBe(401);
  });

  it("answers 404 for an unknown person's attributes", async () => {
    expect((await attributesOf(uniqueToken("none"))).status).toBe(404);
  });
});
