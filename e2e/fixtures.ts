// Shared fixtures: pages signed in per role, and a Track API client with the bootstrap credential
// that playwright.config.ts gives the server.
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_DEMO_PASSWORD, E2E_TEST_API_TOKEN } from "./test-secrets";

export const DEMO_PASSWORD = E2E_DEMO_PASSWORD;
export const ADMIN_EMAIL = "admin@example.com";
export const SUPPORT_EMAIL = "support@example.com";
export const TRACK_SITE_ID = "e2e-site";
export const TRACK_API_KEY = "e2e-track-key-0123456789";
export const APP_API_KEY = "e2e-app-key-0123456789";
// The test-data API (/api/testing/*) answers only with the run's bearer token.
export const TEST_API_HEADERS = { authorization: `Bearer ${E2E_TEST_API_TOKEN}` };

// Signs in through the login form, as a person would.
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

export type TrackApi = {
  put(identifier: string, attributes: Record<string, unknown>): Promise<{ status: number; body: unknown }>;
  post(path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  del(identifier: string): Promise<{ status: number; body: unknown }>;
};

function trackApi(request: APIRequestContext): TrackApi {
  const headers = {
    authorization: `Basic ${Buffer.from(`${TRACK_SITE_ID}:${TRACK_API_KEY}`).toString("base64")}`,
    "content-type": "application/json",
  };
  const parse = async (response: Awaited<ReturnType<APIRequestContext["get"]>>) => ({
    status: response.status(),
    body: await response.json().catch(() => null),
  });
  const path = (identifier: string) => `/api/v1/customers/${encodeURIComponent(identifier)}`;
  return {
    put: async (identifier, attributes) => parse(await request.put(path(identifier), { headers, data: attributes })),
    post: async (suffix, body) => parse(await request.post(`/api/v1/customers/${suffix}`, { headers, data: body ?? {} })),
    del: async (identifier) => parse(await request.delete(path(identifier), { headers })),
  };
}

type Fixtures = { adminPage: Page; supportPage: Page; track: TrackApi };

export const test = base.extend<Fixtures>({
  adminPage: async ({ browser }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, ADMIN_EMAIL);
    await use(page);
    await context.close();
  },
  supportPage: async ({ browser }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, SUPPORT_EMAIL);
    await use(page);
    await context.close();
  },
  track: async ({ request }, use) => {
    await use(trackApi(request));
  },
});

export { expect };
