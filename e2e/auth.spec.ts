// Sign-in, roles and throttling, through the real login form and the built app.
import type { Browser, Page } from "@playwright/test";
import { ADMIN_EMAIL, DEMO_PASSWORD, expect, signIn, SUPPORT_EMAIL, test } from "./fixtures";

const SETTINGS_PAGES = [
  "/settings/users",
  "/settings/api-keys",
  "/settings/audit-log",
  "/settings/email/suppression-list",
  "/settings/suppressed-identifiers",
  "/settings/workspace",
  "/settings/api",
];

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

// The form's own alert (Next's route announcer is an alert too).
function loginError(page: Page) {
  return page.getByRole("alert").and(page.locator("#login-error"));
}

async function submitLogin(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("[AUTH] admin signs in and reaches the admin settings", async ({ adminPage: page }) => {
  await expect(page).toHaveURL(/\/people/);
  await expect(page.getByLabel("Signed in as")).toContainText(ADMIN_EMAIL);
  for (const [path, heading] of [
    ["/settings/users", "Users"],
    ["/settings/api-keys", "API keys"],
    ["/settings/audit-log", "Audit log"],
  ]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }
});

test("[AUTH] support signs in and sees People", async ({ supportPage: page }) => {
  const response = await page.goto("/people");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  await expect(page.getByLabel("Signed in as")).toContainText(SUPPORT_EMAIL);
  // Settings links are not offered to support staff (and refused on the server, below).
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
});

test("[AUTH] support gets 403 on settings pages", async ({ supportPage: page }) => {
  for (const path of SETTINGS_PAGES) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "403 — Not allowed" })).toBeVisible();
  }
});

test("[AUTH] signed-out visitors are sent to the login page and back", async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto("/settings/audit-log?page=1");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Faudit-log/);
  await submitLogin(page, ADMIN_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/settings\/audit-log\?page=1$/);
  await page.context().close();
});

test("[AUTH] support gets 403 on a direct POST to an admin Server Action", async ({ adminPage, supportPage, playwright, baseURL }) => {
  test.setTimeout(120_000);
  // Capture a real "create API key" Server Action request as the admin makes it...
  const keyName = `e2e admin key ${Date.now()}`;
  await adminPage.goto("/settings/api-keys");
  await adminPage.getByLabel("Key name").fill(keyName);
  const [request] = await Promise.all([
    adminPage.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
    adminPage.getByRole("button", { name: "Create key" }).click(),
  ]);
  await expect(adminPage.getByRole("dialog", { name: "Copy your new key" })).toBeVisible();
  const headers = request.headers();
  const replay = {
    headers: {
      "next-action": headers["next-action"],
      "content-type": headers["content-type"],
      accept: "text/x-component",
      origin: baseURL!,
    },
    data: request.postDataBuffer() ?? Buffer.alloc(0),
    maxRedirects: 0,
  };

  // ...then replay it with the support user's session, and with none.
  const asSupport = await supportPage.request.post("/settings/api-keys", replay);
  expect(asSupport.status()).toBe(403);
  const anonymous = await playwright.request.newContext({ baseURL });
  const asNobody = await anonymous.post("/settings/api-keys", replay);
  expect([401, 403]).toContain(asNobody.status());
  await anonymous.dispose();

  // Only the admin's own key was created.
  await adminPage.reload();
  await expect(adminPage.getByRole("row", { name: new RegExp(keyName) })).toHaveCount(1);
});

test("[AUTH] sign-out ends the session", async ({ browser }) => {
  const page = await freshPage(browser);
  await signIn(page, SUPPORT_EMAIL);
  const cookies = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/people");
  await expect(page).toHaveURL(/\/login/);
  // The old session cookie is dead on the server too, not just deleted in this browser.
  await page.context().addCookies(cookies);
  await page.goto("/people");
  await expect(page).toHaveURL(/\/login/);
  await page.context().close();
});

test("[AUTH] wrong password shows an inline error", async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto("/login");
  await submitLogin(page, SUPPORT_EMAIL, "not-the-password");
  await expect(loginError(page)).toHaveText("Invalid email or password");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email")).toHaveValue(SUPPORT_EMAIL);
  await page.context().close();
});

test("[AUTH] throttling kicks in after repeated failures", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  // Browser and HTTP client must reach the server from one address: "localhost" may be ::1 for one
  // and 127.0.0.1 for the other, and the per-IP count would then differ between them.
  const origin = `http://127.0.0.1:${new URL(baseURL!).port}`;
  const page = await freshPage(browser);
  await page.goto(`${origin}/login`);
  const alert = loginError(page);
  // The limit counts failures in a one-minute window that opens at the first failure, and an
  // earlier spec's failed sign-in may have opened it already: if the window rolls over mid-check,
  // the next round runs inside a fresh one.
  await expect(async () => {
    let attempts = 0;
    while (attempts < 7) {
      attempts++;
      // Wait for this attempt's answer, not the previous one's message.
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && Boolean(r.request().headers()["next-action"])),
        submitLogin(page, SUPPORT_EMAIL, `wrong-${attempts}`),
      ]);
      await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
      await expect(alert).toHaveText(/Invalid email or password|Too many attempts/);
      if (/Too many attempts/.test((await alert.textContent()) ?? "")) break;
    }
    expect(attempts).toBeLessThanOrEqual(6);
    // Now even the right password is refused…
    await submitLogin(page, SUPPORT_EMAIL, DEMO_PASSWORD);
    await expect(alert).toHaveText(/Too many attempts/);
    await expect(page).toHaveURL(/\/login/);

    // …over HTTP too, whatever X-Forwarded-For the client claims.
    const http = await page.request.post(`${origin}/api/auth/sign-in/email`, {
      headers: { "x-forwarded-for": "203.0.113.77", origin },
      data: { email: SUPPORT_EMAIL, password: DEMO_PASSWORD },
    });
    expect(http.status()).toBe(429);
  }).toPass({ timeout: 100_000 });

  // Leave no lock behind for the specs that follow: wait out the one-minute window.
  await expect(async () => {
    await page.context().clearCookies();
    await page.goto("/login");
    await submitLogin(page, SUPPORT_EMAIL, DEMO_PASSWORD);
    await expect(page).not.toHaveURL(/\/login/, { timeout: 5_000 });
  }).toPass({ intervals: [5_000], timeout: 100_000 });
  await page.context().close();
});
