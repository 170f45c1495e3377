import { afterEach, describe, expect, it } from "vitest";
import * as openApiRoute from "../../app/api/openapi.json/route";
import { openApiDocument } from "./openapi";

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
        if (method === "parameters") continue;
        expect(operation.operationId, `${method} ${path}`).toBeTruthy();
        expect(ids.has(operation.operationId!)).toBe(false);
        ids.add(operation.operationId!);
        expect(operation.security?.length, `${method} ${path}`).toBe(1);
        expect(operation.responses?.["401"], `${method} ${path}`).toBeDefined();
      }
    }
    expect(ids.size).toBe(15);
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
