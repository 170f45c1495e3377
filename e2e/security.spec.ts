// Security headers, the CSP under real use, framing, and the HTTP surface of Better Auth, on the built
// app. (https itself — HSTS, Secure cookies — is covered in Vitest: the e2e server speaks plain http
// without TRUST_PROXY; here we check a client can't claim https.)
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { APIResponse, Page } from "@playwright/test";
import { ADMIN_EMAIL, DEMO_PASSWORD, expect, TEST_API_HEADERS, test, TRACK_API_KEY, TRACK_SITE_ID } from "./fixtures";
import { PersonPage } from "./pages/person-page";

const ADMIN_PAGES = [
  "/people",
  "/activity",
  "/segments",
  "/settings/users",
  "/settings/api-keys",
  "/settings/audit-log",
  "/settings/email/suppression-list",
  "/settings/suppressed-identifiers",
  "/settings/workspace",
  "/settings/api",
];

function expectStaticHeaders(response: APIResponse, label: string) {
  const headers = response.headers();
  expect(headers["x-frame-options"], label).toBe("DENY");
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["referrer-policy"], label).toBe("same-origin");
  // Plain http: no HSTS.
  expect(headers["strict-transport-security"], label).toBeUndefined();
}

function pageCsp(response: APIResponse, label: string): { nonce: string; csp: string } {
  const csp = response.headers()["content-security-policy"] ?? "";
  expect(csp, label).toMatch(/frame-ancestors 'none'/);
  expect(csp, label).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp, label).not.toContain("unsafe-eval");
  return { nonce: /'nonce-([^']+)'/.exec(csp)![1], csp };
}

// Records every CSP violation the page reports, as events and as console errors.
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const consoleViolations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) consoleViolations.push(message.text());
  });
  await page.context().addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...consoleViolations, ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []))];
}

test("[SECURITY] pages and APIs carry the security headers", async ({ request, adminPage }) => {
  const login = await request.get("/login");
  expect(login.status()).toBe(200);
  expectStaticHeaders(login, "/login");
  const { nonce } = pageCsp(login, "/login");
  // Next put this request's nonce on every script of the page.
  const scripts = (await login.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  // A fresh nonce per request.
  expect(pageCsp(await request.get("/login"), "/login again").nonce).not.toBe(nonce);

  const signedOut = await request.get("/people", { maxRedirects: 0 });
  expect(signedOut.status()).toBe(307);
  expectStaticHeaders(signedOut, "/people signed out");

  const people = await adminPage.request.get("/people");
  expect(people.status()).toBe(200);
  expectStaticHeaders(people, "/people");
  pageCsp(people, "/people");

  const basic = `Basic ${Buffer.from(`${TRACK_SITE_ID}:${TRACK_API_KEY}`).toString("base64")}`;
  const apis: [string, APIResponse][] = [
    ["/api/health", await request.get("/api/health")],
    ["/api/openapi.json", await request.get("/api/openapi.json")],
    ["/v1/customers (no key)", await request.get("/v1/customers?email=x@example.test")],
    ["/api/v1/customers (no credential)", await request.put("/api/v1/customers/sec-1", { data: {} })],
    ["/api/v1/customers", await request.put(`/api/v1/customers/sec-${randomBytes(3).toString("hex")}`, { headers: { authorization: basic }, data: { plan: "x" } })],
  ];
  for (const [label, response] of apis) {
    expect(response.status(), label).toBeLessThan(500);
    expectStaticHeaders(response, label);
    const csp = response.headers()["content-security-policy"] ?? "";
    expect(csp, label).toMatch(/default-src 'none'/);
    expect(csp, label).toMatch(/frame-ancestors 'none'/);
  }
});

test("[SECURITY] every page works under the CSP without a single violation", async ({ browser, request }) => {
  // A dozen server-rendered pages and a deletion: more than a minute on a loaded 2-core box.
  test.setTimeout(240_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = await watchCsp(page);

  // Signing in through the form (a Server Action) on the CSP'd login page.
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/people/, { timeout: 30_000 });

  for (const path of ADMIN_PAGES) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // The 404 page too (Next would prerender it at build time, without a nonce, unless told otherwise).
  expect((await page.goto("/no-such-page"))?.status()).toBe(404);
  await page.goto("/");
  await expect(page).toHaveURL(/\/people$/);

  // Client-side work: a dialog, a deletion and its toast (sonner injects its styles at run time).
  const prefix = `sec-${randomBytes(4).toString("hex")}`;
  const created = await request.post("/api/testing/people", { headers: TEST_API_HEADERS, data: { count: 1, prefix } });
  expect(created.status()).toBe(201);
  const [{ cioId }] = ((await created.json()) as { people: { cioId: string }[] }).people;
  const person = new PersonPage(page);
  await person.goto(cioId);
  await person.deleteForever();
  await expect(page.getByText(/deleted/i).first()).toBeVisible();

  expect(await violations()).toEqual([]);
  await context.close();
});

test("[SECURITY] the app can't be framed", async ({ page, baseURL }) => {
  // Another origin (about:blank here) tries to frame the sign-in page. setContent waits for the
  // document's load event, which waits for the iframe, whether it was allowed to render or not.
  await page.setContent(`<iframe id="victim" src="${baseURL}/login" width="800" height="600"></iframe>`);
  await expect(page.frameLocator("#victim").getByRole("button", { name: "Sign in" })).toHaveCount(0);
});

test("[SECURITY] a client can't claim https: no HSTS and no Secure cookies over plain http", async ({ request }) => {
  const claims = { "x-forwarded-proto": "https", "x-people-admin-proto": "https" };
  const login = await request.get("/login", { headers: claims });
  expect(login.headers()["strict-transport-security"]).toBeUndefined();
  const origin = new URL(login.url()).origin;
  const signIn = await request.post("/api/auth/sign-in/email", {
    headers: { ...claims, origin },
    data: { email: ADMIN_EMAIL, password: DEMO_PASSWORD },
  });
  expect(signIn.status()).toBe(200);
  const cookies = signIn.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie");
  expect(cookies.length).toBeGreaterThan(0);
  for (const cookie of cookies) expect(cookie.value).not.toMatch(/;\s*secure/i);
});

test("[SECURITY] Better Auth's admin and sign-up endpoints are not reachable over HTTP", async ({ adminPage }) => {
  const origin = new URL(adminPage.url()).origin;
  const headers = { origin };
  // The endpoint the app does use still answers; it gives the admin's own id to aim at.
  const session = await adminPage.request.get("/api/auth/get-session");
  expect(session.status()).toBe(200);
  const { user } = (await session.json()) as { user: { id: string; email: string } };
  expect(user.email).toBe(ADMIN_EMAIL);

  // Harmless even where they would be served (own role kept, a password too short to be set).
  const attempts: [string, unknown][] = [
    ["/api/auth/admin/impersonate-user", { userId: user.id }],
    ["/api/auth/admin/set-role", { userId: user.id, role: "admin" }],
    ["/api/auth/admin/ban-user", { userId: user.id }],
    ["/api/auth/admin/set-user-password", { userId: user.id, newPassword: "x" }],
    ["/api/auth/admin/create-user", { email: `sec-${randomBytes(3).toString("hex")}@example.test`, password: "x", name: "x" }],
    ["/api/auth/sign-up/email", { email: `sec-${randomBytes(3).toString("hex")}@example.test`, password: "x", name: "x" }],
  ];
  for (const [path, data] of attempts) {
    const response = await adminPage.request.post(path, { headers, data });
    expect(response.status(), path).toBe(404);
    // The route's own 404, not Better Auth's "user not found".
    expect(await response.json(), path).toEqual({ message: "Not Found" });
  }
  expect((await adminPage.request.get("/api/auth/admin/list-users", { headers })).status()).toBe(404);
});

test("[SECURITY] a plain `next start` of the build with a short secret refuses to serve, saying why", () => {
  // (instrumentation.ts; `npm start` refuses earlier, before building: lib/auth/secret.test.ts.)
  const env = { ...process.env, BETTER_AUTH_SECRET: "too-short-secret", DATABASE_URL: "", PGLITE_DIR: mkdtempSync(path.join(tmpdir(), "short-secret-")), NODE_ENV: "production" as const };
  const started = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", "3297", "-H", "127.0.0.1"], { env, encoding: "utf8", timeout: 60_000 });
  expect(started.stderr).toMatch(/startup: BETTER_AUTH_SECRET is 16 characters long; it must be at least 32/);
  expect(started.status).toBe(1);
});
