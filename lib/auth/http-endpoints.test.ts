// Better Auth over HTTP, through the real route handler: only sign-in, sign-out and get-session are
// reachable; the admin plugin's endpoints are 404 even for a signed-in admin, and nothing changes.
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...all]/route";
import { db } from "../db";
import { uniqueEmail } from "../test/factories";
import { auth } from "./auth";
import { CLIENT_IP_HEADER } from "../client-ip";
import { ALLOWED_AUTH_ENDPOINTS } from "./http-endpoints";
import { createUser } from "./users";

const PASSWORD = "http-endpoints-password";
const ORIGIN = String(auth.options.baseURL);

function call(method: "GET" | "POST", path: string, options: { cookie?: string; body?: unknown } = {}) {
  const request = new Request(`${ORIGIN}/api/auth${path}`, {
    method,
    headers: {
      origin: ORIGIN,
      [CLIENT_IP_HEADER]: "10.11.12.13",
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  return method === "GET" ? GET(request) : POST(request);
}

function sessionCookieFrom(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => /better-auth\.session_token=/.test(c));
  if (!cookie) throw new Error("no session cookie");
  return cookie.split(";")[0];
}

async function signedInAdmin() {
  const admin = await createUser({ email: uniqueEmail("http-admin"), name: "Admin", password: PASSWORD, role: "admin" });
  const signIn = await call("POST", "/sign-in/email", { body: { email: admin.email, password: PASSWORD } });
  expect(signIn.status).toBe(200);
  return { admin, cookie: sessionCookieFrom(signIn) };
}

describe("[SECURITY] Better Auth HTTP endpoints", () => {
  it("answers 404 for every Better Auth endpoint but the allowed three, whatever the method", async () => {
    const paths = new Set(Object.values(auth.api).map((endpoint) => (endpoint as { path?: string }).path).filter((p): p is string => Boolean(p)));
    // The admin plugin and sign-up are among them: this is what the allow-list shuts.
    expect([...paths]).toEqual(expect.arrayContaining(["/admin/impersonate-user", "/admin/set-role", "/admin/remove-user", "/admin/set-user-password", "/admin/ban-user", "/sign-up/email"]));
    for (const path of paths) {
      const concrete = path.replace(/:[A-Za-z]+/g, "x");
      for (const method of ["GET", "POST"] as const) {
        if (ALLOWED_AUTH_ENDPOINTS.has(`${method} ${path}`)) continue;
        const response = await call(method, concrete, method === "POST" ? { body: {} } : {});
        expect(response.status, `${method} ${path}`).toBe(404);
      }
    }
    // Spelling variants of an allowed path are not on the list either.
    expect((await call("POST", "/sign-in/email/", { body: {} })).status).toBe(404);
    expect((await call("POST", "/admin%2Fset-role", { body: {} })).status).toBe(404);
  });

  it("a signed-in admin can't impersonate, change roles, set passwords, ban or remove users over HTTP", async () => {
    const { cookie } = await signedInAdmin();
    const target = await createUser({ email: uniqueEmail("http-target"), name: "Target", password: PASSWORD, role: "support" });
    const attempts: [string, unknown][] = [
      ["/admin/impersonate-user", { userId: target.id }],
      ["/admin/set-role", { userId: target.id, role: "admin" }],
      ["/admin/set-user-password", { userId: target.id, newPassword: "taken-over-password" }],
      ["/admin/ban-user", { userId: target.id }],
      ["/admin/remove-user", { userId: target.id }],
      ["/admin/create-user", { email: uniqueEmail("http-new"), password: PASSWORD, name: "New", role: "admin" }],
      ["/sign-up/email", { email: uniqueEmail("http-signup"), password: PASSWORD, name: "Signup" }],
    ];
    for (const [path, body] of attempts) expect((await call("POST", path, { cookie, body })).status, path).toBe(404);
    expect((await call("GET", "/admin/list-users", { cookie })).status).toBe(404);

    const after = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(after).toMatchObject({ role: "support", banned: false });
    expect(await db.session.count({ where: { impersonatedBy: { not: null } } })).toBe(0);
    // The old password still works (and the one the request tried to set does not).
    expect((await call("POST", "/sign-in/email", { body: { email: target.email, password: PASSWORD } })).status).toBe(200);
  });

  it("sign-in, get-session and sign-out still work over HTTP", async () => {
    const { admin, cookie } = await signedInAdmin();
    const session = await call("GET", "/get-session", { cookie });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ user: { email: admin.email, role: "admin" } });
    expect((await call("POST", "/sign-out", { cookie, body: {} })).status).toBe(200);
    expect(await (await call("GET", "/get-session", { cookie })).json()).toBeNull();
  });
});
