// Secure cookies whenever the request came over https, directly or through a trusted proxy; the
// protocol comes from the stamp at the HTTP server, never from what a client claims.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseSetCookieHeader, toCookieOptions } from "better-auth/cookies";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { uniqueEmail } from "../test/factories";

const { auth } = await import("./auth");
const { POST } = await import("@/app/api/auth/[...all]/route");
const { CLIENT_IP_HEADER, REQUEST_PROTOCOL_HEADER, installClientIpStamp, resolveRequestProtocol } = await import("../client-ip");
const { createUser } = await import("./users");

const PASSWORD = "secure-cookie-password";
const ORIGIN = String(auth.options.baseURL);

function stamped(protocol: "https" | "http") {
  return { [CLIENT_IP_HEADER]: "10.20.30.40", [REQUEST_PROTOCOL_HEADER]: protocol };
}

describe("[SECURITY] request protocol", () => {
  const saved = process.env.TRUST_PROXY;
  afterEach(() => {
    if (saved === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = saved;
  });

  it("is https over TLS, or from X-Forwarded-Proto only behind a trusted proxy", () => {
    expect(resolveRequestProtocol(true, undefined, 0)).toBe("https");
    expect(resolveRequestProtocol(false, "https", 0)).toBe("http");
    expect(resolveRequestProtocol(false, "https", 1)).toBe("https");
    expect(resolveRequestProtocol(false, "HTTPS", 1)).toBe("https");
    expect(resolveRequestProtocol(false, "http", 1)).toBe("http");
    // A proxy that appends: the client's own claim sits left of what our proxy wrote.
    expect(resolveRequestProtocol(false, "https, http", 1)).toBe("http");
    expect(resolveRequestProtocol(false, "https, http", 2)).toBe("https");
    expect(resolveRequestProtocol(false, undefined, 1)).toBe("http");
  });

  describe("stamped at the HTTP server", () => {
    let server: http.Server;
    let port: number;
    beforeAll(async () => {
      installClientIpStamp();
      server = http.createServer((req, res) => res.end(JSON.stringify({ proto: req.headers[REQUEST_PROTOCOL_HEADER] ?? null })));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const seen = async (headers: Record<string, string>) => ((await (await fetch(`http://127.0.0.1:${port}/`, { headers })).json()) as { proto: string }).proto;

    it("replaces a client-sent stamp and ignores X-Forwarded-Proto unless TRUST_PROXY is set", async () => {
      delete process.env.TRUST_PROXY;
      expect(await seen({})).toBe("http");
      expect(await seen({ [REQUEST_PROTOCOL_HEADER]: "https", "x-forwarded-proto": "https" })).toBe("http");
      process.env.TRUST_PROXY = "1";
      expect(await seen({ "x-forwarded-proto": "https" })).toBe("https");
      expect(await seen({ [REQUEST_PROTOCOL_HEADER]: "https", "x-forwarded-proto": "http" })).toBe("http");
    });
  });
});

describe("[SECURITY] Better Auth cookies", () => {
  let email: string;
  beforeAll(async () => {
    email = uniqueEmail("secure-cookie");
    await createUser({ email, name: "Cookie", password: PASSWORD, role: "support" });
  });

  async function httpSignIn(protocol: "https" | "http") {
    const response = await POST(
      new Request(`${ORIGIN}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN, ...stamped(protocol) },
        body: JSON.stringify({ email, password: PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    return response.headers.getSetCookie();
  }

  it("are Secure when the HTTP sign-in came over https, and not over http", async () => {
    const overHttps = await httpSignIn("https");
    expect(overHttps.length).toBeGreaterThan(0);
    for (const cookie of overHttps) expect(cookie).toMatch(/;\s*Secure(;|$)/i);
    const overHttp = await httpSignIn("http");
    expect(overHttp.length).toBeGreaterThan(0);
    for (const cookie of overHttp) expect(cookie).not.toMatch(/;\s*Secure(;|$)/i);
  });

  it("are Secure when a Server Action signs in over https (what nextCookies copies into Next's store)", async () => {
    // nextCookies (which can't run outside a Next request) parses exactly these headers with these
    // helpers, after this app's hook: its order in the plugin list is what makes that so.
    const ids = (auth.options.plugins ?? []).map((plugin) => plugin.id);
    expect(ids.indexOf("secure-cookies-over-https")).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf("secure-cookies-over-https")).toBeLessThan(ids.indexOf("next-cookies"));
    const asNextCookies = async (protocol: "https" | "http") => {
      const { headers } = await auth.api.signInEmail({ body: { email, password: PASSWORD }, headers: new Headers(stamped(protocol)), returnHeaders: true });
      const parsed = parseSetCookieHeader(headers.get("set-cookie") ?? "");
      const session = [...parsed.entries()].find(([name]) => name.includes("session_token"));
      expect(session).toBeDefined();
      return toCookieOptions(session![1]);
    };
    expect(await asNextCookies("https")).toMatchObject({ secure: true, httpOnly: true });
    expect((await asNextCookies("http")).secure).toBeFalsy();
  });
});
