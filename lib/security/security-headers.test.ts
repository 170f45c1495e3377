// Security headers: the per-request page CSP that proxy.ts sets (on /login too, without redirecting
// it), and the static headers next.config.js gives every response. e2e/security.spec.ts checks them
// on the running app.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- next.config.js is plain JavaScript and tsconfig doesn't check JS; typed where used.
import nextConfigModule from "@/next.config.js";
import { config as proxyConfig, proxy } from "@/proxy";
import { REQUEST_PROTOCOL_HEADER } from "../client-ip";
import { pageContentSecurityPolicy } from "./content-security-policy";

const nextConfig = nextConfigModule as { headers: () => Promise<HeaderRule[]> };

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe("[SECURITY] page Content-Security-Policy", () => {
  it("allows scripts only by nonce, never eval in production, and no framing", () => {
    const csp = directives(pageContentSecurityPolicy({ nonce: "abc123==" }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(directives(pageContentSecurityPolicy({ nonce: "n", isDevelopment: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("proxy.ts gives every page request a fresh nonce, in the response and to Next's renderer", () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = proxy(new NextRequest("http://localhost:3000/login?next=%2Fpeople"));
      // /login is public: passed on, not redirected.
      expect(response.headers.get("x-middleware-next")).toBe("1");
      const csp = response.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      nonces.add(nonce!);
      expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
      expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    }
    expect(nonces.size).toBe(3);
  });

  it("proxy.ts still sends signed-out visitors of app pages to /login, with the CSP", () => {
    const response = proxy(new NextRequest("http://localhost:3000/people?q=x"));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("http://localhost:3000/login?next=%2Fpeople%3Fq%3Dx");
    expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  });

  it("proxy.ts runs on /login and every page, not on the APIs or Next's assets", () => {
    const [matcher] = proxyMatchers();
    for (const path of ["/", "/login", "/people", "/people/abc", "/settings/users", "/receipts/verify", "/receipts/rcpt_x"]) expect(matcher.test(path), path).toBe(true);
    for (const path of ["/api/health", "/api/v1/customers/x", "/v1/customers", "/_next/static/chunks/a.js", "/icon.svg", "/.well-known/erasure-keys.json"]) {
      expect(matcher.test(path), path).toBe(false);
    }
  });

  it("proxy.ts lets signed-out visitors verify a certificate, but not read one", () => {
    expect(proxy(new NextRequest("http://localhost:3000/receipts/verify")).headers.get("x-middleware-next")).toBe("1");
    expect(proxy(new NextRequest("http://localhost:3000/receipts/rcpt_aaaaaaaaaaaaaaaaaaaa")).status).toBe(307);
  });
});

// The proxy's matcher as a RegExp (Next anchors it at the start and end of the path).
function proxyMatchers(): RegExp[] {
  return proxyConfig.matcher.map((source) => new RegExp(`^${source}$`));
}

type HeaderRule = { source: string; has?: { type: string; key: string; value?: string }[]; headers: { key: string; value: string }[] };

// The headers next.config.js gives a path, given the request's headers (only `has` on headers is used).
async function configHeadersFor(path: string, requestHeaders: Record<string, string> = {}): Promise<Map<string, string>> {
  const rules = await nextConfig.headers();
  const result = new Map<string, string>();
  for (const rule of rules) {
    const prefix = rule.source.replace(/\/:path\*$/, "");
    if (!(path === prefix || path.startsWith(`${prefix}/`) || prefix === "")) continue;
    if (rule.has?.some((h) => h.type !== "header" || requestHeaders[h.key] !== h.value)) continue;
    for (const { key, value } of rule.headers) result.set(key.toLowerCase(), value);
  }
  return result;
}

describe("[SECURITY] static headers (next.config.js)", () => {
  it("every page and route: no framing, no sniffing, same-origin referrers", async () => {
    for (const path of ["/", "/login", "/people", "/api/health", "/api/v1/customers/x", "/v1/customers"]) {
      const headers = await configHeadersFor(path);
      expect(headers.get("x-frame-options"), path).toBe("DENY");
      expect(headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(headers.get("referrer-policy"), path).toBe("same-origin");
    }
  });

  it("the APIs get a CSP that allows nothing; pages get theirs from proxy.ts only (two CSPs would both apply)", async () => {
    for (const path of ["/api/health", "/api/v1/customers/x", "/v1/customers"]) {
      const csp = directives((await configHeadersFor(path)).get("content-security-policy") ?? "");
      expect(csp.get("default-src"), path).toEqual(["'none'"]);
      expect(csp.get("frame-ancestors"), path).toEqual(["'none'"]);
    }
    expect((await configHeadersFor("/people")).has("content-security-policy")).toBe(false);
    expect((await configHeadersFor("/login")).has("content-security-policy")).toBe(false);
  });

  it("HSTS only when the request was stamped https at the HTTP server", async () => {
    expect((await configHeadersFor("/people")).has("strict-transport-security")).toBe(false);
    expect((await configHeadersFor("/people", { [REQUEST_PROTOCOL_HEADER]: "http" })).has("strict-transport-security")).toBe(false);
    for (const path of ["/people", "/login", "/api/health", "/v1/customers"]) {
      expect((await configHeadersFor(path, { [REQUEST_PROTOCOL_HEADER]: "https" })).get("strict-transport-security"), path).toMatch(/^max-age=\d{8,}/);
    }
  });
});
