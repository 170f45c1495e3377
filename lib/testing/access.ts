// Who may reach the test-data API (/api/testing/*). A stray E2E_TEST_API=1 in an .env file must not
// be enough to let anyone erase suppressions: the API also needs a long bearer token, and without one
// it stays switched off (404), with a warning at start that says why.
import { createHash, timingSafeEqual } from "node:crypto";

const MIN_TEST_API_TOKEN_LENGTH = 32;

export type TestDataApiState =
  | { enabled: true; token: string }
  | { enabled: false; reason: "off" | "no_token" | "short_token" };

// Reads E2E_TEST_API and E2E_TEST_API_TOKEN on every call, so a test (or a restart) can change them.
export function testDataApiState(env: NodeJS.ProcessEnv = process.env): TestDataApiState {
  if (env.E2E_TEST_API !== "1") return { enabled: false, reason: "off" };
  const token = env.E2E_TEST_API_TOKEN ?? "";
  if (!token) return { enabled: false, reason: "no_token" };
  if (token.length < MIN_TEST_API_TOKEN_LENGTH) return { enabled: false, reason: "short_token" };
  return { enabled: true, token };
}

// Whether the test-data API answers at all in this process (else its routes are 404).
export function isTestDataApiEnabled(): boolean {
  return testDataApiState().enabled;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

// Whether the request carries `Authorization: Bearer <E2E_TEST_API_TOKEN>`. Both sides are hashed
// first so the comparison takes the same time whatever the length or the first wrong character.
export function hasTestDataApiToken(request: Request): boolean {
  const state = testDataApiState();
  if (!state.enabled) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  const given = match ? match[1] : "";
  return timingSafeEqual(digest(given), digest(state.token));
}

// The start-up line for the log: loud when the API is on, and an explanation when E2E_TEST_API=1 was
// set but the token is missing or too short. Null when the API is simply off.
export function testDataApiStartupWarning(state: TestDataApiState = testDataApiState()): string | null {
  if (state.enabled) {
    return [
      "!!! WARNING: the test-data API (/api/testing/*) is ENABLED (E2E_TEST_API=1).",
      "!!! Anyone holding E2E_TEST_API_TOKEN can erase every person and suppression of this workspace.",
      "!!! Never set E2E_TEST_API on a server that holds real data.",
    ].join("\n");
  }
  if (state.reason === "off") return null;
  const why = state.reason === "no_token" ? "E2E_TEST_API_TOKEN is not set" : `E2E_TEST_API_TOKEN is shorter than ${MIN_TEST_API_TOKEN_LENGTH} characters`;
  return `WARNING: E2E_TEST_API=1 but ${why}: the test-data API stays disabled (its routes answer 404).`;
}

// Logs the start-up warning, if any (called once from instrumentation.ts).
export function warnAboutTestDataApi(): void {
  const warning = testDataApiStartupWarning();
  if (warning) console.warn(warning);
}
