import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import * as openApiRoute from "../../app/api/openapi.json/route";
import { API_OPERATIONS, openApiDocument } from "./openapi";
import * as espSchemas from "../esp-suppression/schemas";
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS } from "../imports/import-people";
import { DOCUMENTED_IMPORT_CAPS, type ApiOperation } from "./openapi-operations";
import * as requestSchemas from "./schemas";

function refsOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsOf(item, found));
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") found.push(child);
      else refsOf(child, found);
    }
  }
  return found;
}

describe("[API] OpenAPI document", () => {
  const doc = openApiDocument("http://example.test");

  it("is OpenAPI 3.1 with the given server and every $ref resolving", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: "http://example.test" }]);
    for (const ref of refsOf(doc)) {
      const [, section, name] = /^#\/components\/(\w+)\/(\w+)$/.exec(ref) ?? [];
      expect((doc.components as Record<string, Record<string, unknown>>)[section]?.[name], ref).toBeDefined();
    }
  });

  it("gives every operation an id, a security scheme and its error answers", () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, { operationId?: string; security?: unknown[]; responses?: Record<string, unknown> }>)) {
        expect(operation.operationId, `${method} ${path}`).toBeTruthy();
        expect(ids.has(operation.operationId!)).toBe(false);
        ids.add(operation.operationId!);
        expect(operation.security?.length, `${method} ${path}`).toBe(1);
        expect(operation.responses?.["401"], `${method} ${path}`).toBeDefined();
      }
    }
    expect(ids.size).toBe(19);
  });

  it("states the CSV import's caps as lib/imports enforces them", () => {
    expect(DOCUMENTED_IMPORT_CAPS).toEqual({ bytes: MAX_IMPORT_FILE_BYTES, rows: MAX_IMPORT_ROWS });
  });

  it("describes a request body by the schema its route validates with", () => {
    const events = doc.paths["/api/v1/customers/{identifier}/events"].post as { requestBody: { content: Record<string, { schema: unknown }> } };
    const expected: Record<string, unknown> = z.toJSONSchema(requestSchemas.eventBodySchema, { io: "input", unrepresentable: "any" });
    delete expected.$schema;
    expect(events.requestBody.content["application/json"].schema).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Agreement between the document and the route handlers: every documented path and method is a
// route handler file exporting that method, every method a route handler serves under the APIs is
// documented, each route validates with the very schemas its operation is documented from, and
// every example in the document parses with its schema.

type RouteFile = { file: string; source: string };

// The folders of the Track API (v1, v2) and of the App API.
const API_ROOTS = ["app/api/v1", "app/api/v2", "app/v1"];
// Routes that hand their body or query to a function validating it with a schema: a v2 item read as
// z.unknown(), the ESP list's limit and offset.
const DELEGATED_VALIDATION: Record<string, string> = { validateItem: "entityItemSchema", listEspSuppressionsForApi: "espApiPagingSchema" };
// Request schemas whose items a route validates one by one with another schema.
const ITEM_SCHEMAS = new Map<unknown, z.ZodType>([[requestSchemas.batchBodySchema, requestSchemas.entityItemSchema]]);
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function readRouteFiles(): RouteFile[] {
  return API_ROOTS.flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((name) => path.basename(name) === "route.ts")
      .map((name) => {
        const file = path.join(root, name);
        return { file, source: readFileSync(file, "utf8") };
      }),
  );
}

// app/api/v1/customers/[identifier]/route.ts → /api/v1/customers/{identifier}
function urlPathOf(file: string): string {
  return `/${path.dirname(file).replace(/^app\//, "").replace(/\[([^\]]+)\]/g, "{$1}")}`;
}

// Each method a route file exports with a handler (not the 405 answer of methodNotAllowed), and the
// source of that export (up to the next one).
function servedMethods(source: string): Map<string, string> {
  const notAllowed = new Set([...source.matchAll(/const (\w+) = methodNotAllowed\(/g)].map((match) => match[1]));
  const exports = [...source.matchAll(/^export (?:const|async function|function) (\w+)/gm)];
  const served = new Map<string, string>();
  exports.forEach((match, index) => {
    const method = match[1];
    if (!HTTP_METHODS.includes(method)) return;
    const body = source.slice(match.index, exports[index + 1]?.index ?? source.length);
    const initializer = /^export const \w+ = (\w+)\s*;/.exec(body)?.[1];
    if (initializer && notAllowed.has(initializer)) return;
    served.set(method, body);
  });
  return served;
}

// The schemas a handler validates its request with, by name: those passed to json(…) and parseWith(…).
function validatorsOf(handler: string): string[] {
  const names = [...handler.matchAll(/\b(?:json|parseWith)\(\s*([A-Za-z_$][\w$]*)\s*[,)]/g)].map((match) => match[1]);
  for (const [fn, schema] of Object.entries(DELEGATED_VALIDATION)) if (new RegExp(`\\b${fn}\\(`).test(handler)) names.push(schema);
  return [...new Set(names)].sort();
}

function examplesOf(operation: ApiOperation): { where: string; schema: z.ZodType; example: unknown }[] {
  const found: { where: string; schema: z.ZodType; example: unknown }[] = [];
  const { body } = operation;
  if (body && body.example !== undefined) {
    found.push({ where: "request body", schema: body.schema, example: body.example });
    const items = ITEM_SCHEMAS.get(body.schema);
    if (items) (body.example as { batch: unknown[] }).batch.forEach((item, i) => found.push({ where: `request item ${i}`, schema: items, example: item }));
  }
  for (const [status, response] of Object.entries(operation.responses)) {
    if (response.schema && response.example !== undefined) found.push({ where: `${status} response`, schema: response.schema, example: response.example });
  }
  return found;
}

// Every disagreement between the routes and the operations the document is generated from.
function agreementProblems(options: { routes: RouteFile[]; operations: ApiOperation[]; schemaNames: Map<unknown, string> }): string[] {
  const problems: string[] = [];
  const handlers = new Map<string, { file: string; handler: string }>();
  for (const { file, source } of options.routes) {
    for (const [method, handler] of servedMethods(source)) handlers.set(`${method} ${urlPathOf(file)}`, { file, handler });
  }
  const documented = new Set(options.operations.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`));
  for (const [key, { file }] of handlers) {
    if (!documented.has(key)) problems.push(`${key} (${file}) is not documented`);
  }
  for (const operation of options.operations) {
    const key = `${operation.method.toUpperCase()} ${operation.path}`;
    const route = handlers.get(key);
    if (!route) {
      problems.push(`${key} is documented but no route handler file exports it`);
      continue;
    }
    const documentedValidators = [operation.body?.schema, operation.query]
      .map((schema) => options.schemaNames.get(schema))
      .filter((name): name is string => name !== undefined)
      .sort();
    const validators = validatorsOf(route.handler);
    if (validators.join() !== documentedValidators.join()) {
      problems.push(`${key} validates with [${validators.join(", ")}] but is documented from [${documentedValidators.join(", ")}]`);
    }
    for (const { where, schema, example } of examplesOf(operation)) {
      const parsed = schema.safeParse(example);
      if (!parsed.success) problems.push(`${key}: the ${where} example does not validate: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
    }
  }
  return problems;
}

// The request schemas routes validate with, by their exported name.
const SCHEMA_NAMES = new Map<unknown, string>(
  [...Object.entries(requestSchemas), ...Object.entries(espSchemas)]
    .filter(([, value]) => value instanceof z.ZodType)
    .map(([name, value]) => [value, name]),
);

describe("[API] the OpenAPI document agrees with the route handlers", () => {
  const routes = readRouteFiles();

  it("documents every route of the Track and App APIs, each from the schemas it validates with, with examples that validate", () => {
    expect(routes.length).toBeGreaterThanOrEqual(17);
    expect(agreementProblems({ routes, operations: API_OPERATIONS, schemaNames: SCHEMA_NAMES })).toEqual([]);
  });

  it("has an example for every JSON request body", () => {
    for (const operation of API_OPERATIONS) if (operation.body) expect(operation.body.example, operation.operationId).toBeDefined();
  });

  // The check itself, on fixtures: a route table and an operation table one change away from the real ones.
  describe("fails when a route changes without its docs", () => {
    const eventsRoute = "app/api/v1/customers/[identifier]/events/route.ts";
    const events = API_OPERATIONS.find((operation) => operation.operationId === "trackEvent")!;
    const check = (fixture: { routes?: RouteFile[]; operations?: ApiOperation[]; schemaNames?: Map<unknown, string> }) =>
      agreementProblems({ routes, operations: API_OPERATIONS, schemaNames: SCHEMA_NAMES, ...fixture });

    it("a field the event schema now requires: the documented example no longer validates", () => {
      // As if schemas.ts gained a required field: the document follows the schema, the example doesn't.
      const changed = requestSchemas.eventBodySchema.extend({ channel: z.enum(["web", "app"]) });
      const operations = API_OPERATIONS.map((operation) => (operation === events ? { ...operation, body: { ...events.body!, schema: changed } } : operation));
      const schemaNames = new Map([...SCHEMA_NAMES, [changed, "eventBodySchema"]]);
      expect(check({ operations, schemaNames })).toEqual([
        expect.stringMatching(/^POST \/api\/v1\/customers\/\{identifier\}\/events: the request body example does not validate: channel /) as unknown,
      ]);
    });

    it("a route that validates with another schema than the one documented", () => {
      const fixtureRoutes = routes.map((route) =>
        route.file === path.normalize(eventsRoute) ? { ...route, source: route.source.replace("json(eventBodySchema)", "json(identifyBodySchema)") } : route,
      );
      expect(check({ routes: fixtureRoutes })).toEqual([
        "POST /api/v1/customers/{identifier}/events validates with [identifyBodySchema] but is documented from [eventBodySchema]",
      ]);
    });

    it("a new route handler without docs, and docs of a route that is gone", () => {
      const added = { file: "app/v1/segments/route.ts", source: 'export const GET = appRoute(async () => ({}));\nconst notAllowed = methodNotAllowed("GET");\nexport const POST = notAllowed;\n' };
      const fixtureRoutes = [...routes.filter((route) => !route.file.startsWith(path.normalize("app/api/v1/ping"))), added];
      expect(check({ routes: fixtureRoutes }).sort()).toEqual(["GET /api/v1/ping is documented but no route handler file exports it", "GET /v1/segments (app/v1/segments/route.ts) is not documented"]);
    });
  });
});

describe("[API] /api/openapi.json", () => {
  const saved = { url: process.env.BETTER_AUTH_URL, port: process.env.PORT };
  afterEach(() => {
    for (const [key, value] of [["BETTER_AUTH_URL", saved.url], ["PORT", saved.port]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  // As Next calls it, with the request (the route no longer looks at it).
  const get: (request: Request) => Promise<Response> = openApiRoute.GET;

  // A client that names another host: a cache keyed without these headers would serve its document to everyone.
  const spoofed = () =>
    new Request("http://10.0.0.5:3000/api/openapi.json", {
      headers: { host: "evil.test", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https" },
    });

  it("names the configured origin as its server, whatever Host and X-Forwarded-Host say, and is not publicly cacheable", async () => {
    process.env.BETTER_AUTH_URL = "https://people.example.com/";
    const response = await get(spoofed());
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { servers: { url: string }[] };
    expect(doc.servers).toEqual([{ url: "https://people.example.com" }]);
    expect(JSON.stringify(doc)).not.toContain("evil.test");
    const cacheControl = response.headers.get("cache-control") ?? "";
    expect(cacheControl).toMatch(/no-store|private/);
    expect(cacheControl).not.toMatch(/public/);
  });

  it("falls back to localhost on the configured port without BETTER_AUTH_URL", async () => {
    delete process.env.BETTER_AUTH_URL;
    process.env.PORT = "4123";
    const response = await get(spoofed());
    expect(((await response.json()) as { servers: { url: string }[] }).servers).toEqual([{ url: "http://localhost:4123" }]);
  });
});
