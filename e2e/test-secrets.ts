// Secrets of the e2e run only: the server that playwright.config.ts starts gets them in its
// environment, and the specs (in other processes) read the same values from here. They protect a
// throw-away test database and are never defaults of the app itself.
export const E2E_DEMO_PASSWORD = process.env.DEMO_PASSWORD || "e2e-demo-password-for-tests-only";
export const E2E_TEST_API_TOKEN = process.env.E2E_TEST_API_TOKEN || "e2e-test-api-token-0123456789abcdef0123";
