// The test-data API's gate, through the real route handlers: off without a long token, and with one,
// only requests that carry it get through.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as postPeople } from "@/app/api/testing/people/route";
import { POST as postReset } from "@/app/api/testing/reset/route";
import { POST as postWorkspace } from "@/app/api/testing/workspace/route";
import { db } from "../db";
import { testDataApiStartupWarning, testDataApiState, warnAboutTestDataApi } from "./access";

const TOKEN = "e2e-test-token-".padEnd(40, "x");

function request(path: string, authorization?: string, body: unknown = { count: 0 }) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
}

describe("[SECURITY] test-data API gate", () => {
  const saved = { api: process.env.E2E_TEST_API, token: process.env.E2E_TEST_API_TOKEN };
  beforeEach(() => {
    process.env.E2E_TEST_API = "1";
    process.env.E2E_TEST_API_TOKEN = TOKEN;
  });
  afterEach(() => {
    if (saved.api === undefined) delete process.env.E2E_TEST_API;
    else process.env.E2E_TEST_API = saved.api;
    if (saved.token === undefined) delete process.env.E2E_TEST_API_TOKEN;
    else process.env.E2E_TEST_API_TOKEN = saved.token;
    vi.restoreAllMocks();
  });

  it("answers only requests with the right bearer token", async () => {
    // With the token, the body is validated ({ count: 0 } is refused): the request got through.
    expect((await postPeople(request("/api/testing/people", `Bearer ${TOKEN}`))).status).toBe(400);
    for (const authorization of [undefined, `Bearer ${TOKEN.slice(0, -1)}y`, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN, "Bearer "]) {
      const response = await postPeople(request("/api/testing/people", authorization));
      expect(response.status, String(authorization)).toBe(401);
      expect(await response.json()).toEqual({ errors: [expect.stringContaining("Bearer")] });
    }
  });

  it("a wrong token erases nothing and switches no mode", async () => {
    const auditBefore = await db.auditEntry.count();
    expect((await postReset(request("/api/testing/reset", "Bearer wrong", {}))).status).toBe(401);
    expect((await postWorkspace(request("/api/testing/workspace", undefined, { identificationMode: "id" }))).status).toBe(401);
    expect(await db.auditEntry.count()).toBe(auditBefore);
  });

  it("stays off (404) without E2E_TEST_API=1, without a token, or with one shorter than 32 characters", async () => {
    const cases: [string | undefined, string | undefined][] = [
      [undefined, TOKEN],
      ["1", undefined],
      ["1", ""],
      ["1", "x".repeat(31)],
    ];
    for (const [api, token] of cases) {
      if (api === undefined) delete process.env.E2E_TEST_API;
      else process.env.E2E_TEST_API = api;
      if (token === undefined) delete process.env.E2E_TEST_API_TOKEN;
      else process.env.E2E_TEST_API_TOKEN = token;
      // Even a request that carries the configured (short) token is refused.
      const sent = `Bearer ${token ?? TOKEN}`;
      expect((await postPeople(request("/api/testing/people", sent))).status, `${api}/${token?.length}`).toBe(404);
      expect((await postReset(request("/api/testing/reset", sent, {}))).status).toBe(404);
      expect((await postWorkspace(request("/api/testing/workspace", sent, { identificationMode: "id" }))).status).toBe(404);
    }
    process.env.E2E_TEST_API_TOKEN = "x".repeat(32);
    expect(testDataApiState().enabled).toBe(true);
  });

  it("warns loudly at start when on, and says why when E2E_TEST_API=1 is not enough", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    warnAboutTestDataApi();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/test-data API .* is ENABLED/));
    expect(testDataApiStartupWarning({ enabled: false, reason: "short_token" })).toMatch(/shorter than 32 characters.*stays disabled/);
    expect(testDataApiStartupWarning({ enabled: false, reason: "no_token" })).toMatch(/E2E_TEST_API_TOKEN is not set.*stays disabled/);
    expect(testDataApiStartupWarning({ enabled: false, reason: "off" })).toBeNull();
  });
});
