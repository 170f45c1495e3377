import { describe, expect, it } from "vitest";
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
    expect(ids.size).toBe(10);
  });
});
