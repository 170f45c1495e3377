// Every validator and every Track API, App API and CSV entry point, fed 1 MB hostile strings: each
// answers a 4xx (or a validation error) well inside a second, and the event loop stays free meanwhile
// (the health route answers while they run). Plus the deep filter and the bad cursors that used to 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { createApiKey } from "../api-keys/api-keys";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";
import { findActivity } from "../activity/queries";
import { activitySearchParamsSchema } from "../activity/search-params";
import { findAuditEntries } from "../audit/queries";
import { auditSearchParamsSchema } from "../audit/search-params";
import { signInSchema, createUserSchema } from "../auth/schemas";
import { importEspSuppressionsCsv } from "../esp-suppression/import";
import { addEspSuppressionSchema, espEmailSchema } from "../esp-suppression/schemas";
import { espListSearchParamsSchema } from "../esp-suppression/search-params";
import { isEmail, parseIdentifier } from "../identity/identifiers";
import { importPeople, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS } from "../imports/import-people";
import { parseAttributes } from "../people/attributes";
import { findPeople } from "../people/queries";
import { encodeCursor, parsePeopleSearchParams } from "../people/search-params";
import { conditionSchema } from "../segments/condition-schema";
import { segmentInputSchema } from "../segments/segments";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import { MAX_BODY_BYTES } from "../api/http";
import { eventBodySchema, pageQuerySchema, activitiesQuerySchema } from "../track-api/schemas";
import * as healthRoute from "../../app/api/health/route";
import * as customerRoute from "../../app/api/v1/customers/[identifier]/route";
import * as suppressRoute from "../../app/api/v1/customers/[identifier]/suppress/route";
import * as unsuppressRoute from "../../app/api/v1/customers/[identifier]/unsuppress/route";
import * as eventsRoute from "../../app/api/v1/customers/[identifier]/events/route";
import * as importsRoute from "../../app/api/v1/imports/route";
import * as searchRoute from "../../app/v1/customers/route";
import * as attributesRoute from "../../app/v1/customers/[identifier]/attributes/route";
import * as activitiesRoute from "../../app/v1/customers/[identifier]/activities/route";
import * as espSearchRoute from "../../app/v1/esp/search_suppression/[email]/route";
import * as espListRoute from "../../app/v1/esp/suppression/[type]/route";
import * as espEntryRoute from "../../app/v1/esp/suppression/[type]/[email]/route";

const SYSTEM = { type: "system" } as const;
const MB = 1_000_000;
// Well inside a second; the old email pattern took minutes at this size.
const BUDGET_MS = 1000;

// Time spent, by the clock and by this process's CPU. The budget is asserted on CPU time: that is the
// work an input costs (a regex that backtracks burns it), while the clock also counts the other test
// processes sharing the machine.
function stopwatch(): () => { wall: number; cpu: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
}

function expectInBudget(what: string, elapsed: { wall: number; cpu: number }) {
  expect(elapsed.cpu, `${what}: took ${Math.round(elapsed.cpu)} ms of CPU (${Math.round(elapsed.wall)} ms by the clock)`).toBeLessThan(BUDGET_MS);
}

// Hostile strings of about `size` characters: long runs, the old email pattern's worst cases
// (a dotted domain that fails at the end backtracks quadratically), whitespace, digits and NUL.
function hostileStrings(size: number): Record<string, string> {
  return {
    letters: "a".repeat(size),
    ats: "@".repeat(size),
    dottedDomain: `a@a${".".repeat(size - 4)}@`,
    dottedLabels: `a@${"a.".repeat(Math.floor(size / 2) - 3)} x`,
    spaces: `a${" ".repeat(size - 2)}a`,
    digits: "9".repeat(size),
    nul: "\u0000".repeat(size),
  };
}
// 1 MB for values that arrive outside a JSON body (paths, query strings, CSV, direct calls); just under
// the 1 MB body cap for values inside one (a NUL is 6 bytes of JSON), so the validator, not the 413,
// is what answers.
const HOSTILE = hostileStrings(MB);
const HOSTILE_IN_BODY: Record<string, string> = { ...hostileStrings(MAX_BODY_BYTES - 200), nul: "\u0000".repeat(Math.floor((MAX_BODY_BYTES - 200) / 6)) };

let workspace: Workspace;
let trackAuth: string;
let appAuth: string;

// The longest the event loop went without running a 5 ms timer while the hostile inputs ran.
let ticker: ReturnType<typeof setInterval> | undefined;
let lastTick = 0;
let longestStall = 0;

beforeAll(async () => {
  workspace = await createTestWorkspace("email_or_id");
  const track = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "hostile", actor: SYSTEM });
  const app = await createApiKey({ workspaceId: workspace.id, kind: "app", name: "hostile", actor: SYSTEM });
  trackAuth = `Basic ${Buffer.from(`${track.siteId}:${track.secret}`).toString("base64")}`;
  appAuth = `Bearer ${app.secret}`;
  lastTick = performance.now();
  ticker = setInterval(() => {
    const now = performance.now();
    longestStall = Math.max(longestStall, now - lastTick);
    lastTick = now;
  }, 5);
});

afterAll(() => clearInterval(ticker));

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
type Call = { method?: string; body?: unknown; raw?: BodyInit; auth: string; url?: string; headers?: Record<string, string> };

// Calls a route handler in-process, as Next would, together with the health route: both must answer,
// the health check while the hostile call is being validated.
async function callRoute<P>(handler: Handler<P>, params: P, init: Call) {
  const headers: Record<string, string> = { "content-type": "application/json", authorization: init.auth, ...init.headers };
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const request = new Request(init.url ?? "http://localhost/api", { method: init.method ?? "POST", headers, body, duplex: "half" } as RequestInit);
  const watch = stopwatch();
  const [response, health] = await Promise.all([handler(request, { params: Promise.resolve(params) }), healthRoute.GET()]);
  const elapsed = watch();
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  expect(health.status).toBe(200);
  return { status: response.status, body: json as { meta?: { errors?: string[] } } & Record<string, unknown>, elapsed };
}

// A 4xx with the error envelope, inside the budget.
async function expectRefused<P>(what: string, handler: Handler<P>, params: P, init: Call, statuses: number[] = [400]) {
  const result = await callRoute(handler, params, init);
  expect(statuses, `${what}: status ${result.status} ${JSON.stringify(result.body).slice(0, 200)}`).toContain(result.status);
  expect(result.body.meta?.errors?.length, `${what}: error envelope`).toBeGreaterThan(0);
  expectInBudget(what, result.elapsed);
}

// A synchronous validator: refuses (returns false, fails to parse or throws a validation error) in
// budget. Then lets the event loop turn, so the stall measured is one validator's, not the loop's.
async function expectRefusedSync(what: string, run: () => unknown) {
  const watch = stopwatch();
  let refused: boolean;
  try {
    const result = run();
    refused = result === false || (typeof result === "object" && result !== null && "success" in result && result.success === false);
  } catch (error) {
    refused = (error as Error).name === "ValidationError" || (error as Error).name === "ZodError";
    if (!refused) throw error;
  }
  const elapsed = watch();
  expect(refused, `${what}: was accepted`).toBe(true);
  expectInBudget(what, elapsed);
  await new Promise((resolve) => setTimeout(resolve, 0));
}

const identifierParams = (identifier: string) => ({ identifier });

describe("[SECURITY] 1 MB hostile strings", () => {
  it("every validator refuses them well inside a second", async () => {
    for (const [name, value] of Object.entries(HOSTILE)) {
      const bodyValue = HOSTILE_IN_BODY[name];
      await expectRefusedSync(`isEmail ${name}`, () => isEmail(value));
      await expectRefusedSync(`parseIdentifier email_or_id ${name}`, () => parseIdentifier({ identificationMode: "email_or_id" }, value));
      await expectRefusedSync(`parseIdentifier id ${name}`, () => parseIdentifier({ identificationMode: "id" }, value));
      for (const key of ["email", "id", "created_at", "unsubscribed", "_update", "plan"]) {
        await expectRefusedSync(`parseAttributes ${key} ${name}`, () => parseAttributes({ [key]: bodyValue }));
      }
      await expectRefusedSync(`parseAttributes key ${name}`, () => parseAttributes({ [bodyValue]: 1 }));
      await expectRefusedSync(`espEmailSchema ${name}`, () => espEmailSchema.safeParse(value));
      for (const field of ["email", "reason", "statusCode"] as const) {
        const entry = { email: "ok@example.test", type: "bounces", [field]: value };
        await expectRefusedSync(`addEspSuppressionSchema ${field} ${name}`, () => addEspSuppressionSchema.safeParse(entry));
      }
      await expectRefusedSync(`conditionSchema field ${name}`, () => conditionSchema.safeParse({ attribute: { field: value, operator: "exists" } }));
      await expectRefusedSync(`conditionSchema value ${name}`, () => conditionSchema.safeParse({ attribute: { field: "x", operator: "before", value } }));
      await expectRefusedSync(`segmentInputSchema name ${name}`, () => segmentInputSchema.safeParse({ kind: "manual", name: value }));
      await expectRefusedSync(`eventBodySchema name ${name}`, () => eventBodySchema.safeParse({ name: value }));
      await expectRefusedSync(`eventBodySchema id ${name}`, () => eventBodySchema.safeParse({ name: "x", id: value }));
      await expectRefusedSync(`eventBodySchema data ${name}`, () => eventBodySchema.safeParse({ name: "x", data: { x: value } }));
      await expectRefusedSync(`pageQuerySchema start ${name}`, () => pageQuerySchema.safeParse({ start: value }));
      await expectRefusedSync(`activitiesQuerySchema name ${name}`, () => activitiesQuerySchema.safeParse({ name: value }));
      await expectRefusedSync(`signInSchema email ${name}`, () => signInSchema.safeParse({ email: value, password: "x" }));
      await expectRefusedSync(`createUserSchema email ${name}`, () => createUserSchema.safeParse({ email: value, password: "password1", role: "admin" }));
      // Page URLs never fail: a bad value falls back to its default.
      const watch = stopwatch();
      expect(espListSearchParamsSchema.parse({ q: value }).q).toBeUndefined();
      const people = parsePeopleSearchParams({ q: value, filter: value, cursor: value, attr: value, segment: value });
      expect(people).toMatchObject({ q: "", filter: undefined, cursor: undefined, attr: undefined, segment: undefined });
      expect(activitySearchParamsSchema.parse({ before: value }).before).toBeUndefined();
      expectInBudget(`page params ${name}`, watch());
    }
  });

  it("every Track API entry point answers 4xx well inside a second, the health check answering meanwhile", async () => {
    for (const [name, value] of Object.entries(HOSTILE)) {
      const bodyValue = HOSTILE_IN_BODY[name];
      const auth = trackAuth;
      await expectRefused(`PUT path ${name}`, customerRoute.PUT, identifierParams(value), { method: "PUT", body: {}, auth });
      await expectRefused(`DELETE path ${name}`, customerRoute.DELETE, identifierParams(value), { method: "DELETE", auth });
      await expectRefused(`suppress path ${name}`, suppressRoute.POST, identifierParams(value), { auth });
      await expectRefused(`unsuppress path ${name}`, unsuppressRoute.POST, identifierParams(value), { auth });
      await expectRefused(`event path ${name}`, eventsRoute.POST, identifierParams(value), { body: { name: "x" }, auth });
      const person = identifierParams(uniqueToken("hostile"));
      for (const key of ["email", "id", "created_at", "plan"]) {
        await expectRefused(`PUT body ${key} ${name}`, customerRoute.PUT, person, { method: "PUT", body: { [key]: bodyValue }, auth });
      }
      await expectRefused(`PUT body key ${name}`, customerRoute.PUT, person, { method: "PUT", body: { [bodyValue]: 1 }, auth });
      await expectRefused(`event name ${name}`, eventsRoute.POST, person, { body: { name: bodyValue }, auth });
      await expectRefused(`event id ${name}`, eventsRoute.POST, person, { body: { name: "x", id: bodyValue }, auth });
      await expectRefused(`event data ${name}`, eventsRoute.POST, person, { body: { name: "x", data: { x: bodyValue } }, auth });
      expect(await db.person.count({ where: { workspaceId: workspace.id, externalId: person.identifier } })).toBe(0);
    }
  });

  it("every App API entry point answers 4xx well inside a second, the health check answering meanwhile", async () => {
    for (const [name, value] of Object.entries(HOSTILE)) {
      const bodyValue = HOSTILE_IN_BODY[name];
      const auth = appAuth;
      const query = encodeURIComponent(value);
      const get = { method: "GET", auth };
      await expectRefused(`attributes path ${name}`, attributesRoute.GET, identifierParams(value), get);
      await expectRefused(`attributes path as email ${name}`, attributesRoute.GET, identifierParams(value), { ...get, url: "http://localhost/api?id_type=email" });
      await expectRefused(`activities path ${name}`, activitiesRoute.GET, identifierParams(value), get, [400, 404]);
      await expectRefused(`activities start ${name}`, activitiesRoute.GET, identifierParams("x"), { ...get, url: `http://localhost/api?start=${query}` });
      await expectRefused(`activities name ${name}`, activitiesRoute.GET, identifierParams("x"), { ...get, url: `http://localhost/api?name=${query}` });
      await expectRefused(`search start ${name}`, searchRoute.POST, {}, { auth, url: `http://localhost/api?start=${query}`, body: { filter: { and: [] } } });
      await expectRefused(`search limit ${name}`, searchRoute.POST, {}, { auth, url: `http://localhost/api?limit=${query}`, body: { filter: { and: [] } } });
      for (const filter of [
        { attribute: { field: bodyValue, operator: "exists" } },
        { attribute: { field: "plan", operator: "contains", value: bodyValue } },
        { attribute: { field: "plan", operator: "after", value: bodyValue } },
        { segment: { id: bodyValue } },
      ]) {
        await expectRefused(`search filter ${name} ${Object.keys(filter)[0]}`, searchRoute.POST, {}, { auth, body: { filter } });
      }
      await expectRefused(`esp search path ${name}`, espSearchRoute.GET, { email: value }, get);
      await expectRefused(`esp list type ${name}`, espListRoute.GET, { type: value }, get);
      await expectRefused(`esp list limit ${name}`, espListRoute.GET, { type: "bounces" }, { ...get, url: `http://localhost/api?limit=${query}` });
      await expectRefused(`esp add path ${name}`, espEntryRoute.POST, { type: "bounces", email: value }, { auth, body: {} });
      await expectRefused(`esp add reason ${name}`, espEntryRoute.POST, { type: "bounces", email: "ok@example.test" }, { auth, body: { reason: bodyValue } });
      await expectRefused(`esp add status ${name}`, espEntryRoute.POST, { type: "bounces", email: "ok@example.test" }, { auth, body: { status: bodyValue } });
      await expectRefused(`esp remove path ${name}`, espEntryRoute.DELETE, { type: "bounces", email: value }, { method: "DELETE", auth });
    }
    expect(await db.espSuppression.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("the CSV imports reject hostile rows well inside a second and import none of them", async () => {
    for (const [name, value] of Object.entries(HOSTILE)) {
      const csv = `id,email,plan\n${uniqueToken("csv")},${value},x\n${uniqueToken("csv")},x@example.test,${value}\n${value},,x\n`;
      const viaRoute = await callRoute(importsRoute.POST, {}, { auth: trackAuth, raw: csv, headers: { "content-type": "text/csv" } });
      expect(viaRoute.status, `import route ${name}`).toBe(200);
      expect(viaRoute.body, `import route ${name}`).toMatchObject({ created: 0, updated: 0 });
      expectInBudget(`import route ${name}`, viaRoute.elapsed);

      // A single line over the record cap, and a header over it.
      for (const single of [`id,email\nx,${value}\n`, `${value},x\nx,y\n`]) {
        const watch = stopwatch();
        const summary = await importPeople({ workspace, source: single, actor: SYSTEM });
        expect(summary.created + summary.updated, `import lib ${name}`).toBe(0);
        expectInBudget(`import lib ${name}`, watch());
      }

      for (const apply of [false, true]) {
        const watch = stopwatch();
        const esp = await importEspSuppressionsCsv({
          workspaceId: workspace.id,
          input: `email,type,reason,status\n${value},bounces,,\nok@example.test,bounces,${value},\nok@example.test,bounces,,${value}\n`,
          apply,
          actor: SYSTEM,
        });
        expect(esp, `esp import ${name}`).toMatchObject({ valid: 0, added: 0 });
        expect(esp.invalid, `esp import ${name}`).toBeGreaterThan(0);
        expectInBudget(`esp import ${name}`, watch());
      }
    }
    expect(await db.espSuppression.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("kept the event loop free throughout: no timer waited a second", () => {
    expect(longestStall).toBeGreaterThan(0);
    expect(longestStall).toBeLessThan(BUDGET_MS);
  });
});

describe("[SECURITY] text PostgreSQL can't store", () => {
  // A NUL fails text and jsonb columns, an unpaired surrogate fails jsonb: both used to answer 500.
  const UNSTORABLE = { nul: "a\u0000b", surrogate: "a\ud800b" };

  it("every Track and App API entry point answers 400, and the CSV imports reject the row", async () => {
    const person = uniqueToken("text");
    expect((await callRoute(customerRoute.PUT, identifierParams(person), { method: "PUT", body: { plan: "x" }, auth: trackAuth })).status).toBe(200);
    for (const [name, bad] of Object.entries(UNSTORABLE)) {
      const auth = trackAuth;
      if (name === "nul") await expectRefused(`PUT path ${name}`, customerRoute.PUT, identifierParams(bad), { method: "PUT", body: {}, auth });
      for (const body of [{ email: `x${bad}@example.test` }, { id: bad }, { plan: bad }, { [bad]: 1 }]) {
        await expectRefused(`PUT body ${name} ${JSON.stringify(body)}`, customerRoute.PUT, identifierParams(person), { method: "PUT", body, auth });
      }
      for (const body of [{ name: bad }, { name: "x", id: bad }, { name: "x", data: { nested: [{ a: bad }] } }, { name: "x", data: { [bad]: 1 } }]) {
        await expectRefused(`event ${name} ${JSON.stringify(body)}`, eventsRoute.POST, identifierParams(person), { body, auth });
      }
      const app = appAuth;
      for (const filter of [{ attribute: { field: bad, operator: "exists" } }, { attribute: { field: "plan", operator: "eq", value: bad } }]) {
        await expectRefused(`search ${name} ${JSON.stringify(filter)}`, searchRoute.POST, {}, { auth: app, body: { filter } });
      }
      // A URL can carry a NUL; an unpaired surrogate can't be percent-encoded at all.
      if (name === "nul") {
        const url = `http://localhost/api?name=${encodeURIComponent(bad)}`;
        await expectRefused(`activities name ${name}`, activitiesRoute.GET, identifierParams(person), { method: "GET", auth: app, url });
      }
      await expectRefused(`esp add ${name}`, espEntryRoute.POST, { type: "bounces", email: `a${bad}@example.test` }, { auth: app, body: {} });
      await expectRefused(`esp add reason ${name}`, espEntryRoute.POST, { type: "bounces", email: "ok@example.test" }, { auth: app, body: { reason: bad } });
      await expectRefused(`esp search ${name}`, espSearchRoute.GET, { email: `a${bad}@example.test` }, { method: "GET", auth: app });

      // A CSV is bytes: an unpaired surrogate can't be written in UTF-8 (it arrives as U+FFFD), a NUL can.
      if (name !== "nul") continue;
      const csv = `id,email,plan\n${bad},,x\n${uniqueToken("t")},x${bad}@example.test,x\n${uniqueToken("t")},,${bad}\n`;
      const imported = await callRoute(importsRoute.POST, {}, { auth, raw: csv, headers: { "content-type": "text/csv" } });
      expect(imported, `import ${name}`).toMatchObject({ status: 200, body: { status: "completed", created: 0, updated: 0, rejected: 3 } });
      const esp = await importEspSuppressionsCsv({
        workspaceId: workspace.id,
        input: `email,type,reason\na${bad}@example.test,bounces,\nok@example.test,bounces,${bad}\n`,
        apply: true,
        actor: SYSTEM,
      });
      expect(esp, `esp import ${name}`).toMatchObject({ invalid: 2, added: 0 });
    }
    expect(await db.activity.count({ where: { workspaceId: workspace.id, type: "event" } })).toBe(0);
    expect(await db.espSuppression.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("[SECURITY] nested filters", () => {
  // 100,000 `not`s around an empty and: about 800 KB of JSON, under the body cap.
  const deep = `${'{"not":'.repeat(100_000)}{"and":[]}${"}".repeat(100_000)}`;

  it("a 100,000-deep filter is refused with 400 and a message, not a stack overflow", async () => {
    const result = await callRoute(searchRoute.POST, {}, { auth: appAuth, raw: `{"filter":${deep}}` });
    expect(result.status).toBe(400);
    expect(result.body.meta?.errors).toEqual(["filter: conditions nest at most 6 deep"]);
    expectInBudget("deep filter", result.elapsed);
  });

  it("every parser of conditions refuses it with a message", () => {
    const parsed = conditionSchema.safeParse(JSON.parse(deep));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(["conditions nest at most 6 deep"]);
    expect(segmentInputSchema.safeParse({ kind: "data_driven", name: "deep", condition: JSON.parse(deep) }).success).toBe(false);
    // Wide instead of deep: refused by its size before anything walks it.
    const wide = { and: Array.from({ length: 100_000 }, () => ({ attribute: { field: "x", operator: "exists" } })) };
    expect(conditionSchema.safeParse(wide).error?.issues.map((issue) => issue.message)).toEqual(["at most 50 conditions"]);
    // The People page's filter parameter is short enough to parse, and a deep one is dropped.
    const deepParam = `${'{"not":'.repeat(1_000)}{"and":[]}${"}".repeat(1_000)}`;
    expect(parsePeopleSearchParams({ filter: deepParam }).filter).toBeUndefined();
  });

  it("event data nested 100,000 deep is refused with 400, not a stack overflow", async () => {
    const data = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    const result = await callRoute(eventsRoute.POST, identifierParams(uniqueToken("deep")), { auth: trackAuth, raw: `{"name":"x","data":${data}}` });
    expect(result.status).toBe(400);
    expect(result.body.meta?.errors).toEqual(["data: data must nest at most 32 levels deep"]);
  });
});

describe("[SECURITY] bad cursors", () => {
  const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

  it("the App API answers 400 with a message for a cursor that isn't one, out of range included", async () => {
    const person = uniqueToken("cur");
    await callRoute(customerRoute.PUT, identifierParams(person), { method: "PUT", body: { plan: "x" }, auth: trackAuth });
    for (const start of [base64url("9".repeat(19)), base64url("1".repeat(25)), base64url("-1"), base64url("x"), "%%%"]) {
      const url = `http://localhost/api?start=${encodeURIComponent(start)}`;
      const activities = await callRoute(activitiesRoute.GET, identifierParams(person), { method: "GET", auth: appAuth, url });
      expect(activities.status, `activities start ${start}`).toBe(400);
      expect(activities.body.meta?.errors?.[0]).toMatch(/start is not a valid cursor/);
      const search = await callRoute(searchRoute.POST, {}, { auth: appAuth, url, body: { filter: { and: [] } } });
      expect(search.status, `search start ${start}`).toBe(400);
      expect(search.body.meta?.errors?.[0]).toMatch(/start is not a valid cursor/);
    }
    // The largest id a cursor can name still reads a page.
    const url = `http://localhost/api?start=${base64url("9223372036854775807")}`;
    const ok = await callRoute(activitiesRoute.GET, identifierParams(person), { method: "GET", auth: appAuth, url });
    expect(ok.status).toBe(200);
  });

  it("the Activity page starts over at the newest row for a cursor out of range", async () => {
    for (const before of ["9999999999999999_1", "1700000000000_99999999999999999999", "1700000000000_9223372036854775808"]) {
      const params = activitySearchParamsSchema.parse({ before });
      expect(params.before, before).toBeUndefined();
      await expect(findActivity({ workspace, before })).resolves.toMatchObject({ rows: expect.any(Array) });
    }
    expect(activitySearchParamsSchema.parse({ before: "1700000000000_42" }).before).toBe("1700000000000_42");
  });

  it("the People page drops a cursor whose value doesn't fit the sort, and a search with NUL, instead of failing", async () => {
    const cioId = "0".repeat(20);
    const bad = [
      { sort: "created", cursor: encodeCursor("after", "not a date", cioId) },
      { sort: "updated", cursor: encodeCursor("before", "2024-02-30T00:00:00.000", cioId) },
      { sort: "email", cursor: encodeCursor("after", "a\u0000b", cioId) },
    ];
    for (const raw of bad) {
      const params = parsePeopleSearchParams(raw);
      expect(params.cursor, JSON.stringify(raw)).toBeUndefined();
      await expect(findPeople({ workspaceId: workspace.id, sort: params.sort, cursor: params.cursor })).resolves.toHaveProperty("rows");
    }
    const good = parsePeopleSearchParams({ sort: "created", cursor: encodeCursor("after", "2024-02-29T23:59:59.999", cioId), page: "2" });
    expect(good).toMatchObject({ cursor: { direction: "after", value: "2024-02-29T23:59:59.999", cioId }, page: 2 });
    await expect(findPeople({ workspaceId: workspace.id, sort: good.sort, cursor: good.cursor })).resolves.toHaveProperty("rows");
    const nul = parsePeopleSearchParams({ q: "a\u0000", attr: "x\u0000" });
    expect(nul).toMatchObject({ q: "", attr: undefined });
  });

  it("the audit log and email suppression list drop a filter with NUL instead of failing", async () => {
    const audit = auditSearchParamsSchema.parse({ action: "people.\u0000", actor: "user:\u0000" });
    expect(audit).toMatchObject({ action: undefined, actor: undefined });
    await expect(findAuditEntries({ workspaceId: workspace.id, ...audit })).resolves.toHaveProperty("rows");
    expect(espListSearchParamsSchema.parse({ q: "a\u0000" }).q).toBeUndefined();
  });
});

describe("[SECURITY] CSV import caps", () => {
  it("the email-suppression import stops at its row and byte caps and refuses an over-long record, saying where", async () => {
    const rows = Array.from({ length: 6 }, (_, i) => `cap${i}-${uniqueToken("e")}@example.test,bounces\n`).join("");
    const input = `email,type\n${rows}`;
    const byRows = await importEspSuppressionsCsv({ workspaceId: workspace.id, input, apply: false, actor: SYSTEM, maxRows: 2 });
    expect(byRows).toMatchObject({ limitExceeded: "rows", rows: 2, valid: 2, toAdd: 2, invalid: 1 });
    expect(byRows.errors).toEqual([{ line: 4, message: "the file has more than 2 rows: the import stopped here; split the file" }]);
    const [header, first, ...rest] = input.split(/(?<=\n)/);
    const chunks = Readable.from([header, first, rest.join("")]);
    const maxBytes = header.length + first.length;
    const byBytes = await importEspSuppressionsCsv({ workspaceId: workspace.id, input: chunks, apply: false, actor: SYSTEM, maxBytes });
    // The parser may still hold the last row before the cap (it waits to see whether "\r\n" follows).
    expect(byBytes).toMatchObject({ limitExceeded: "bytes", invalid: 1 });
    expect(byBytes.valid).toBeLessThanOrEqual(1);
    expect(byBytes.errors).toEqual([{ line: byBytes.valid + 2, message: `the file is over ${maxBytes} bytes: the import stopped here; split the file` }]);
    const watch = stopwatch();
    const longRecord = await importEspSuppressionsCsv({ workspaceId: workspace.id, input: `email,type\nok@example.test,bounces,${"x".repeat(MB)}\n`, apply: true, actor: SYSTEM });
    expect(longRecord).toMatchObject({ added: 0, invalid: 1 });
    expect(longRecord.errors[0].message).toMatch(/^unreadable CSV: Max Record Size/);
    expectInBudget("esp import of a 1 MB record", watch());
  });

  it("POST /api/v1/imports refuses a declared body over the cap with 413 before reading or recording anything", async () => {
    const before = await db.personImport.count({ where: { workspaceId: workspace.id } });
    const result = await callRoute(importsRoute.POST, {}, {
      auth: trackAuth,
      raw: `id\n${uniqueToken("big")}\n`,
      headers: { "content-type": "text/csv", "content-length": String(MAX_IMPORT_FILE_BYTES + 1) },
    });
    expect(result.status).toBe(413);
    expect(result.body.meta?.errors?.[0]).toMatch(/over 52,428,800 bytes/);
    expect(await db.personImport.count({ where: { workspaceId: workspace.id } })).toBe(before);
  });

  it("POST /api/v1/imports stops a streamed body at the byte cap with 413 and says where", async () => {
    // Rows without id or email: rejected without touching the database, so only the parse is timed.
    const chunk = new TextEncoder().encode(`,${"x".repeat(1000)}\n`.repeat(100));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode("id,note\n")),
      // Ends 5 MB past the cap, so a route that doesn't stop answers (wrongly) instead of reading forever.
      pull: (controller) => {
        if (sent > MAX_IMPORT_FILE_BYTES + 5_000_000) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const result = await callRoute(importsRoute.POST, {}, { auth: trackAuth, raw: stream, headers: { "content-type": "text/csv" } });
    expect(result.status).toBe(413);
    expect(result.body.meta?.errors?.[0]).toMatch(/^the file is over 52,428,800 bytes: the import stopped after line \d+/);
    expect(result.body).toMatchObject({ status: "failed", limitExceeded: "bytes", created: 0 });
    // It stopped reading soon after the cap.
    expect(sent).toBeLessThan(MAX_IMPORT_FILE_BYTES + 2_000_000);
  }, 60_000);

  it("POST /api/v1/imports stops at the row cap with 400", async () => {
    const rows = ",\n".repeat(MAX_IMPORT_ROWS + 1);
    const result = await callRoute(importsRoute.POST, {}, { auth: trackAuth, raw: `id,email\n${rows}`, headers: { "content-type": "text/csv" } });
    expect(result.status).toBe(400);
    expect(result.body.meta?.errors?.[0]).toMatch(/^the file has more than 1,000,000 rows: the import stopped after line 1000001/);
    expect(result.body).toMatchObject({ status: "failed", limitExceeded: "rows", rejected: MAX_IMPORT_ROWS });
  }, 60_000);
});
