// The Track API, the App API subset, the CSV import and the OpenAPI document, over HTTP against the
// running app. "Nothing stored" is checked through the App API (the embedded database has one
// connection, which the app holds).
import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { APP_API_KEY, expect, test, TRACK_API_KEY, TRACK_SITE_ID } from "./fixtures";

const basic = (site: string, key: string) => `Basic ${Buffer.from(`${site}:${key}`).toString("base64")}`;
const TRACK_AUTH = basic(TRACK_SITE_ID, TRACK_API_KEY);
const APP_AUTH = `Bearer ${APP_API_KEY}`;
const JSON_TRACK = { authorization: TRACK_AUTH, "content-type": "application/json" };

const token = (prefix: string) => `${prefix}-${randomBytes(5).toString("hex")}`;
const email = (prefix: string) => `${token(prefix)}@example.test`;
const customerPath = (identifier: string) => `/api/v1/customers/${encodeURIComponent(identifier)}`;

type Customer = { id: string | null; identifiers: { id: string | null; email: string | null; cio_id: string }; attributes: Record<string, unknown> };
type Activity = { type: string; name: string | null; event_id: string | null };

async function attributesOf(request: APIRequestContext, identifier: string) {
  const response = await request.get(`/v1/customers/${encodeURIComponent(identifier)}/attributes`, { headers: { authorization: APP_AUTH } });
  return { status: response.status(), customer: response.ok() ? ((await response.json()).customer as Customer) : null };
}

async function activitiesOf(request: APIRequestContext, identifier: string): Promise<Activity[]> {
  const response = await request.get(`/v1/customers/${encodeURIComponent(identifier)}/activities?limit=1000`, { headers: { authorization: APP_AUTH } });
  expect(response.status()).toBe(200);
  return (await response.json()).activities;
}

function rawRequest(request: APIRequestContext, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = JSON_TRACK) {
  return request.fetch(path, { method, headers, data: body });
}

test.describe("[API] Track API v1", () => {
  test("[API] 401 without a key or with a wrong one, with a Basic challenge", async ({ request }) => {
    const id = token("auth");
    const none = await request.put(customerPath(id), { headers: { "content-type": "application/json" }, data: {} });
    expect(none.status()).toBe(401);
    expect(none.headers()["www-authenticate"]).toMatch(/^Basic/);
    expect(await none.json()).toEqual({ meta: { errors: [expect.any(String)] } });
    const wrong = await request.put(customerPath(id), { headers: { ...JSON_TRACK, authorization: basic(TRACK_SITE_ID, "wrong-key") }, data: {} });
    expect(wrong.status()).toBe(401);
    const unknownSite = await request.post(`${customerPath(id)}/events`, { headers: { ...JSON_TRACK, authorization: basic("nope", TRACK_API_KEY) }, data: { name: "x" } });
    expect(unknownSite.status()).toBe(401);
    const bearer = await request.put(customerPath(id), { headers: { ...JSON_TRACK, authorization: APP_AUTH }, data: {} });
    expect(bearer.status()).toBe(401);
    expect((await attributesOf(request, id)).status).toBe(404);
  });

  test("[API] identify creates then updates: 200 {} as application/json", async ({ request, track }) => {
    const id = token("ident");
    const address = email("ident");
    const response = await request.put(customerPath(id), { headers: JSON_TRACK, data: { email: address, plan: "pro", seats: 3 } });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({});
    expect(await track.put(id, { plan: "team" })).toEqual({ status: 200, body: {} });
    const { customer } = await attributesOf(request, id);
    expect(customer).toMatchObject({ id, identifiers: { id, email: address }, attributes: { plan: "team", seats: 3 } });
    // The same person by email (any case) and by cio_.
    expect((await attributesOf(request, address.toUpperCase())).customer?.id).toBe(id);
    expect((await attributesOf(request, `cio_${customer!.identifiers.cio_id}`)).customer?.id).toBe(id);
  });

  test("[API] 400 with the error envelope: bad JSON, limits, bad identifier, bad email, unknown cio_", async ({ request, track }) => {
    const id = token("bad");
    const cases: { name: string; status: number; path?: string; body: string }[] = [
      { name: "bad JSON", status: 400, body: "{nope" },
      { name: "not an object", status: 400, body: "[1,2,3]" },
      { name: "bad email", status: 400, body: JSON.stringify({ email: "not-an-email" }) },
      { name: "attribute value over 1,000 bytes", status: 400, body: JSON.stringify({ note: "x".repeat(1001) }) },
      { name: "attribute name over 150 bytes", status: 400, body: JSON.stringify({ ["n".repeat(151)]: 1 }) },
      { name: "over 300 attributes", status: 400, body: JSON.stringify(Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`a${i}`, i]))) },
      { name: "over-long identifier", status: 400, path: customerPath("x".repeat(151)), body: "{}" },
      { name: "blank identifier", status: 400, path: customerPath(" "), body: "{}" },
      { name: "unknown cio_", status: 400, path: customerPath(`cio_${"0".repeat(20)}`), body: "{}" },
      { name: "malformed cio_", status: 400, path: customerPath("cio_zzz"), body: "{}" },
    ];
    for (const c of cases) {
      const response = await rawRequest(request, "PUT", c.path ?? customerPath(id), c.body);
      expect(response.status(), c.name).toBe(c.status);
      const body = await response.json();
      expect(body.meta.errors.length, c.name).toBeGreaterThan(0);
      expect(JSON.stringify(body), `${c.name} echoes no value`).not.toContain("not-an-email");
    }
    expect((await attributesOf(request, id)).status).toBe(404);

    await track.put(id, {});
    const events: { name: string; body: unknown }[] = [
      { name: "event name over 100 bytes", body: { name: "e".repeat(101) } },
      { name: "event data over 100,000 bytes", body: { name: "big", data: { blob: "x".repeat(100_000) } } },
      { name: "event without a name", body: { data: {} } },
      { name: "event with a bad type", body: { name: "x", type: "click" } },
    ];
    for (const e of events) {
      const response = await track.post(`${encodeURIComponent(id)}/events`, e.body);
      expect(response.status, e.name).toBe(400);
    }
    expect(await activitiesOf(request, id)).not.toContainEqual(expect.objectContaining({ type: "event" }));
  });

  test("[API] 413 for a body over 1 MB", async ({ request }) => {
    const body = JSON.stringify({ blob: "x".repeat(1_000_001) });
    const response = await rawRequest(request, "PUT", customerPath(token("big")), body);
    expect(response.status()).toBe(413);
    expect((await response.json()).meta.errors[0]).toMatch(/over/);
    const events = await rawRequest(request, "POST", `${customerPath(token("big"))}/events`, body);
    expect(events.status()).toBe(413);
  });

  test("[API] 405 with an Allow header for other methods", async ({ request }) => {
    const id = token("verb");
    const checks: [string, string, string][] = [
      ["GET", customerPath(id), "PUT, DELETE"],
      ["POST", customerPath(id), "PUT, DELETE"],
      ["PATCH", customerPath(id), "PUT, DELETE"],
      ["GET", `${customerPath(id)}/events`, "POST"],
      ["PUT", `${customerPath(id)}/suppress`, "POST"],
      ["DELETE", `${customerPath(id)}/unsuppress`, "POST"],
      ["GET", "/api/v1/imports", "POST"],
      ["GET", "/v1/customers", "POST"],
      ["POST", `/v1/customers/${id}/attributes`, "GET"],
    ];
    for (const [method, path, allow] of checks) {
      const response = await rawRequest(request, method, path, method === "GET" ? undefined : "{}");
      expect(response.status(), `${method} ${path}`).toBe(405);
      expect(response.headers()["allow"], `${method} ${path}`).toBe(allow);
    }
  });

  test("[API] DELETE removes a person and answers 200 {} for someone unknown", async ({ request, track }) => {
    const id = token("del");
    await track.put(id, { plan: "pro" });
    expect(await track.del(id)).toEqual({ status: 200, body: {} });
    expect((await attributesOf(request, id)).status).toBe(404);
    expect(await track.del(id)).toEqual({ status: 200, body: {} });
    expect(await track.del(token("never"))).toEqual({ status: 200, body: {} });
    expect(await track.del(email("never"))).toEqual({ status: 200, body: {} });
  });

  test("[API] the same event id twice is stored once", async ({ request, track }) => {
    const id = token("dedupe");
    await track.put(id, {});
    const eventId = `01J${randomBytes(12).toString("hex").toUpperCase().slice(0, 23)}`;
    for (let i = 0; i < 2; i++) {
      expect(await track.post(`${id}/events`, { name: "purchase", id: eventId, data: { total: 42 } })).toEqual({ status: 200, body: {} });
    }
    expect(await track.post(`${id}/events`, { name: "page_view", type: "page", timestamp: 1_700_000_000 })).toEqual({ status: 200, body: {} });
    const activities = await activitiesOf(request, id);
    expect(activities.filter((a) => a.event_id === eventId)).toHaveLength(1);
    expect(activities.filter((a) => a.name === "page_view" && a.type === "page")).toHaveLength(1);
  });

  test("[API] events for an unknown person answer 200 and create nobody", async ({ request, track }) => {
    const id = token("ghost");
    expect(await track.post(`${id}/events`, { name: "x" })).toEqual({ status: 200, body: {} });
    expect((await attributesOf(request, id)).status).toBe(404);
  });

  test("[API] suppress by email then PUT by id → 409; events → 200, nothing stored; unsuppress then PUT → new cio_id, no history", async ({
    request,
    track,
  }) => {
    const id = token("supp");
    const address = email("supp");
    expect((await track.put(id, { email: address, plan: "pro" })).status).toBe(200);
    expect((await track.post(`${id}/events`, { name: "before_suppress" })).status).toBe(200);
    const oldCio = (await attributesOf(request, id)).customer!.identifiers.cio_id;

    // Suppressing by email deletes the person and suppresses the id too; no body needed.
    const suppressed = await request.post(`${customerPath(address)}/suppress`, { headers: { authorization: TRACK_AUTH } });
    expect(suppressed.status()).toBe(200);
    expect(await suppressed.json()).toEqual({});
    expect((await attributesOf(request, id)).status).toBe(404);

    const put = await track.put(id, { plan: "back" });
    expect(put.status).toBe(409);
    expect(JSON.stringify(put.body)).toMatch(/suppressed/);
    expect((await track.put(token("new"), { email: address.toUpperCase() })).status).toBe(409);
    expect((await track.put(address, {})).status).toBe(409);

    for (const identifier of [id, address]) {
      expect(await track.post(`${encodeURIComponent(identifier)}/events`, { name: "after_suppress", data: { secret: "x" } })).toEqual({ status: 200, body: {} });
    }
    expect((await attributesOf(request, id)).status).toBe(404);
    expect((await attributesOf(request, address)).status).toBe(404);

    expect(await track.post(`${encodeURIComponent(id)}/unsuppress`)).toEqual({ status: 200, body: {} });
    expect((await track.put(id, { plan: "fresh" })).status).toBe(200);
    const fresh = (await attributesOf(request, id)).customer!;
    expect(fresh.identifiers.cio_id).not.toBe(oldCio);
    expect(fresh.attributes.plan).toBe("fresh");
    expect(fresh.attributes.email).toBeUndefined();
    const history = await activitiesOf(request, id);
    expect(history.filter((a) => a.type === "event")).toEqual([]);
    // The email was freed together with the id.
    expect((await track.put(id, { email: address })).status).toBe(200);
  });

  test("[API] suppressing an identifier nobody holds still suppresses it; unknown cio_ is 400", async ({ track }) => {
    const id = token("bare");
    expect(await track.post(`${id}/suppress`)).toEqual({ status: 200, body: {} });
    expect((await track.put(id, {})).status).toBe(409);
    expect((await track.post(`cio_${"0".repeat(20)}/suppress`)).status).toBe(400);
    expect(await track.post(`${id}/unsuppress`)).toEqual({ status: 200, body: {} });
    expect((await track.put(id, {})).status).toBe(200);
  });
});

test.describe("[API] App API subset", () => {
  test("[API] search with the Customer.io filter shape, paginated with next", async ({ request, track }) => {
    const cohort = token("cohort");
    const ids = Array.from({ length: 5 }, () => token("sr"));
    for (const [i, id] of ids.entries()) await track.put(id, { cohort, rank: i, ...(i === 0 ? { email: email("sr") } : {}) });
    const filter = { and: [{ attribute: { field: "cohort", operator: "eq", value: cohort } }, { attribute: { field: "rank", operator: "exists" } }] };
    const seen: string[] = [];
    let start = "";
    for (let page = 0; page < 10; page++) {
      const response = await request.post(`/v1/customers?limit=2${start ? `&start=${encodeURIComponent(start)}` : ""}`, {
        headers: { authorization: APP_AUTH },
        data: { filter },
      });
      expect(response.status()).toBe(200);
      const body = await response.json();
      expect(body.identifiers.length).toBeLessThanOrEqual(2);
      for (const identifier of body.identifiers) {
        expect(Object.keys(identifier).sort()).toEqual(["cio_id", "email", "id"]);
        expect(identifier.cio_id).toMatch(/^[0-9a-f]{20}$/);
      }
      seen.push(...body.ids);
      start = body.next;
      if (!start) break;
    }
    expect(seen.sort()).toEqual([...ids].sort());

    const or = await request.post("/v1/customers", {
      headers: { authorization: APP_AUTH },
      data: { filter: { and: [{ attribute: { field: "cohort", operator: "eq", value: cohort } }, { not: { or: [{ attribute: { field: "id", operator: "eq", value: ids[0] } }] } }] } },
    });
    expect((await or.json()).ids).toHaveLength(4);

    expect((await request.post("/v1/customers", { headers: { authorization: APP_AUTH }, data: { filter: { nope: 1 } } })).status()).toBe(400);
    expect((await request.post("/v1/customers?limit=1001", { headers: { authorization: APP_AUTH }, data: { filter: { and: [] } } })).status()).toBe(400);
    const anonymous = await request.post("/v1/customers", { data: { filter: { and: [] } } });
    expect(anonymous.status()).toBe(401);
    expect(anonymous.headers()["www-authenticate"]).toMatch(/^Bearer/);
    const withTrackKey = await request.post("/v1/customers", { headers: { authorization: TRACK_AUTH }, data: { filter: { and: [] } } });
    expect(withTrackKey.status()).toBe(401);
  });

  test("[API] attributes by id_type, 404 for nobody, 401 without the key", async ({ request, track }) => {
    const id = token("attr");
    const address = email("attr");
    await track.put(id, { email: address, tier: "gold" });
    const { customer } = await attributesOf(request, id);
    const byCio = await request.get(`/v1/customers/${customer!.identifiers.cio_id}/attributes?id_type=cio_id`, { headers: { authorization: APP_AUTH } });
    expect((await byCio.json()).customer.attributes.tier).toBe("gold");
    const byEmail = await request.get(`/v1/customers/${encodeURIComponent(address)}/attributes?id_type=email`, { headers: { authorization: APP_AUTH } });
    expect((await byEmail.json()).customer.id).toBe(id);
    expect((await attributesOf(request, token("nobody"))).status).toBe(404);
    expect((await request.get(`/v1/customers/${id}/attributes?id_type=phone`, { headers: { authorization: APP_AUTH } })).status()).toBe(400);
    expect((await request.get(`/v1/customers/${id}/attributes`)).status()).toBe(401);
  });
});

test.describe("[API] CSV import and OpenAPI", () => {
  test("[API] POST /api/v1/imports creates, updates and rejects rows; the error report names rows, not values", async ({ request, track }) => {
    const existing = token("imp");
    await track.put(existing, { plan: "free" });
    const suppressedEmail = email("gone");
    expect((await track.post(`${encodeURIComponent(suppressedEmail)}/suppress`)).status).toBe(200);
    const fresh = token("imp");
    const csv = [
      "id,email,plan",
      `${existing},,pro`,
      `${fresh},${email("imp")},team`,
      `${token("imp")},${suppressedEmail},x`,
      `${token("imp")},not-an-email,x`,
      `${token("imp")},,${"v".repeat(1001)}`,
      ",,nobody",
    ].join("\n");
    const response = await request.post("/api/v1/imports?file_name=people.csv", {
      headers: { authorization: TRACK_AUTH, "content-type": "text/csv" },
      data: csv,
    });
    expect(response.status()).toBe(200);
    const summary = await response.json();
    expect(summary).toMatchObject({ status: "completed", created: 1, updated: 1, rejected: 4, errors_url: `/api/v1/imports/${summary.id}/errors` });
    expect((await attributesOf(request, existing)).customer?.attributes.plan).toBe("pro");
    expect((await attributesOf(request, fresh)).customer?.attributes.plan).toBe("team");

    const report = await request.get(summary.errors_url, { headers: { authorization: TRACK_AUTH } });
    expect(report.status()).toBe(200);
    expect(report.headers()["content-type"]).toMatch(/^text\/csv/);
    const text = await report.text();
    expect(text.trim().split("\n").map((line) => line.split(",")[0])).toEqual(["row", "4", "5", "6", "7"]);
    expect(text).toMatch(/suppressed/);
    for (const secret of [suppressedEmail, "not-an-email", "vvvvvvvvvv"]) expect(text).not.toContain(secret);

    expect((await request.get(summary.errors_url)).status()).toBe(401);
    expect((await request.get("/api/v1/imports/imp_nope/errors", { headers: { authorization: TRACK_AUTH } })).status()).toBe(404);
    const wrongType = await request.post("/api/v1/imports", { headers: { authorization: TRACK_AUTH, "content-type": "application/json" }, data: "{}" });
    expect(wrongType.status()).toBe(415);
    expect((await request.post("/api/v1/imports", { headers: { "content-type": "text/csv" }, data: csv })).status()).toBe(401);
  });

  test("[API] /api/openapi.json describes every endpoint", async ({ request }) => {
    const response = await request.get("/api/openapi.json");
    expect(response.status()).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/v1/customers/{identifier}",
        "/api/v1/customers/{identifier}/events",
        "/api/v1/customers/{identifier}/suppress",
        "/api/v1/customers/{identifier}/unsuppress",
        "/api/v1/imports",
        "/api/v1/imports/{id}/errors",
        "/api/v1/ping",
        "/api/v2/batch",
        "/api/v2/entity",
        "/v1/customers",
        "/v1/customers/{identifier}/activities",
        "/v1/customers/{identifier}/attributes",
        "/v1/customers/{identifier}/export",
        "/v1/esp/search_suppression/{email}",
        "/v1/esp/suppression/{type}",
        "/v1/esp/suppression/{type}/{email}",
        "/v1/receipts/{id}",
      ].sort(),
    );
    expect(doc.paths["/api/v1/customers/{identifier}"].put.responses["409"]).toBeTruthy();
  });
});

test.describe("[API] pages", () => {
  test("[API] the API page shows the base URL and curl examples", async ({ adminPage, baseURL }) => {
    test.slow(); // signing in and first renders are slow on a busy machine
    await adminPage.goto("/settings/api");
    await expect(adminPage.getByRole("heading", { name: "API", exact: true })).toBeVisible();
    await expect(adminPage.getByLabel("Track API base URL")).toHaveText(`${baseURL}/api/v1`);
    for (const title of ["Identify", "Track an event", "Delete a person", "Suppress", "Unsuppress", "Import people from CSV"]) {
      await expect(adminPage.getByRole("heading", { name: new RegExp(`^${title}`) })).toBeVisible();
    }
    await expect(adminPage.getByText(/curl -X PUT/)).toBeVisible();
  });

  test("[API] the API page is refused to support staff", async ({ supportPage }) => {
    test.slow();
    const response = await supportPage.goto("/settings/api");
    expect(response?.status()).toBe(403);
    await expect(supportPage.getByRole("heading", { name: /403/ })).toBeVisible();
  });

  test("[PEOPLE] import a CSV from the import page, see the summary and download the error report", async ({ supportPage: page }) => {
    test.slow();
    await page.goto("/people/import");
    await expect(page.getByRole("heading", { name: "Import people" })).toBeVisible();
    const csv = ["id,email,plan", `${token("ui")},,pro`, `${token("ui")},not-an-email,x`].join("\n");
    await page.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByText(/Import finished: 1 created, 0 updated, 1 rejected/)).toBeVisible();
    const summary = page.getByRole("region", { name: "Import summary" });
    await expect(summary).toBeVisible();
    const link = summary.getByRole("link", { name: "Download the error report" });
    const href = await link.getAttribute("href");
    const report = await page.request.get(href!);
    expect(report.status()).toBe(200);
    expect(await report.text()).toMatch(/^row,reason\n3,/);
    await page.reload();
    await expect(page.getByRole("table")).toContainText("people.csv");
  });
});
