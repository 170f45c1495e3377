import { defineConfig, devices } from "@playwright/test";
import { E2E_DEMO_PASSWORD, E2E_TEST_API_TOKEN } from "./e2e/test-secrets";

// The e2e suite drives the built app (`next build` first: `npm run test:e2e` does it) on a fresh
// embedded database seeded with a small demo set, with the test-data API switched on.
const PORT = Number(process.env.E2E_PORT ?? 3200);
const PGLITE_DIR = process.env.E2E_PGLITE_DIR ?? `.data/e2e-${PORT}`;
const baseURL = `http://localhost:${PORT}`;

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium unless Playwright's own browser is installed (it can't be downloaded here).
      executablePath: process.env.PLAYWRIGHT_OWN_BROWSER ? undefined : chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // A fresh database per run. Removed by the server's command, not here: Playwright loads this
    // file in every worker process too, and a worker must not delete the running server's data.
    command: `rm -rf ${PGLITE_DIR} && npx tsx scripts/start.ts`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: Boolean(process.env.E2E_REUSE_SERVER),
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      PGLITE_DIR,
      DATABASE_URL: "",
      SEED_PEOPLE: "300",
      E2E_TEST_API: "1",
      BETTER_AUTH_URL: baseURL,
      DEMO_PASSWORD: E2E_DEMO_PASSWORD,
      E2E_TEST_API_TOKEN,
      TRACK_SITE_ID: "e2e-site",
      TRACK_API_KEY: "e2e-track-key-0123456789",
      APP_API_KEY: "e2e-app-key-0123456789",
      // Webhook endpoints on loopback: the webhooks spec's receiver runs in the test process.
      WEBHOOK_ALLOW_LOOPBACK: "1",
    },
  },
});
