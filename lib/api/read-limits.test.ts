// READ_RATE_LIMIT: App API calls per key, and the public reads (the erasure key set, the verify page's
// check) per client IP, share one limit counted in the database: past it 429 with Retry-After (the
// verify page says so in words), another key or address keeps its own budget.
import { afterEach, describe, expect, it, vi } from "vitest";
import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
// The receipts actions load the action pipeline: with next/cache mocked, as every file that loads it
// mocks it (test files share a worker's module cache).
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// Modules another file loaded without these mocks (the workers share them) are loaded anew here.
vi.resetModules();

const { createApiKey } = await import("../api-keys/api-keys");
const { CLIENT_IP_HEADER } = await import("../client-ip");
const { createTestWorkspace, uniqueToken } = await import("../test/factories");
const { readRateLimit, readStatementTimeoutMs } = await import("./rate-limit");
const { verifyCertificateAction } = await import("../actions/receipts");
const searchRoute = await import("../../app/v1/customers/route");
const keysRoute = await import("../../app/.well-known/erasure-keys.json/route");

const saved = { limit: process.env.READ_RATE_LIMIT, timeout: process.env.READ_STATEMENT_TIMEOUT_MS };
afterEach(() => {
  for (const [name, value] of [["READ_RATE_LIMIT", saved.limit], ["READ_STATEMENT_TIMEOUT_MS", saved.timeout]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function appKey() {
  const workspace = await createTestWorkspace();
  return (await createApiKey({ workspaceId: workspace.id, kind: "app", name: uniqueToken("reads"), actor: { type: "system" } })).secret;
}

const search = (key: string) =>
  searchRoute.POST(
    new Request("http://localhost/v1/customers", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: `{"filter":{"and":[]}}` }),
    { params: Promise.resolve({}) },
  );
const keys = (ip: string) => keysRoute.GET(new Request("http://localhost/.well-known/erasure-keys.json", { headers: { [CLIENT_IP_HEADER]: ip } }));

// Waits for the start of a second (database and process clocks agree here), so a burst fits in one window.
const atSecondStart = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));

describe("[API] READ_RATE_LIMIT", () => {
  it("has defaults (20 a second, 5 s a statement) and 0 turns it off", () => {
    delete process.env.READ_RATE_LIMIT;
    delete process.env.READ_STATEMENT_TIMEOUT_MS;
    expect(readRateLimit()).toBe(20);
    expect(readStatementTimeoutMs()).toBe(5000);
    process.env.READ_RATE_LIMIT = "0";
    process.env.READ_STATEMENT_TIMEOUT_MS = "0";
    expect(readRateLimit()).toBeNull();
    expect(readStatementTimeoutMs()).toBeNull();
    process.env.READ_RATE_LIMIT = "fast";
    expect(() => readRateLimit()).toThrow(/READ_RATE_LIMIT must be a positive integer/);
  });

  it("limits App API calls per key: 429 with Retry-After past it, another key unaffected", async () => {
    process.env.READ_RATE_LIMIT = "3";
    const [limited, other] = [await appKey(), await appKey()];
    // Warm the key caches in an earlier second.
    await search(limited);
    await search(other);
    await atSecondStart();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await search(limited)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await search(limited);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toEqual({ meta: { errors: [expect.stringMatching(/at most 3 reads per second/)] } });
    expect((await search(other)).status).toBe(200);
  });

  it("limits the key set and the verify check per client IP, sharing one budget", async () => {
    process.env.READ_RATE_LIMIT = "3";
    const ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    requestHeaders.current = new Headers({ [CLIENT_IP_HEADER]: ip });
    const form = new FormData();
    form.set("certificate", "{}");
    await atSecondStart();
    expect((await keys(ip)).status).toBe(200);
    expect((await keys(ip)).status).toBe(200);
    expect(JSON.stringify(await verifyCertificateAction({ status: "idle" }, form))).not.toMatch(/Too many/);
    const refused = await keys(ip);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ meta: { errors: [expect.stringMatching(/reads per second/)] } });
    expect(await verifyCertificateAction({ status: "idle" }, form)).toEqual({ status: "invalid", message: expect.stringMatching(/^Too many checks from your address/) });
    // Another address has its own budget.
    expect((await keys("10.78.0.1")).status).toBe(200);
  });
});
