// TRACK_RATE_LIMIT over a real Track route: past the limit, 429 with Retry-After and nothing stored;
// other workspaces and the App API are not counted; unset means no limit.
import { afterEach, describe, expect, it } from "vitest";
import { createApiKey } from "../api-keys/api-keys";
import { db } from "../db";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import * as customerRoute from "../../app/api/v1/customers/[identifier]/route";

const SYSTEM = { type: "system" } as const;

async function trackAuthFor() {
  const workspace = await createTestWorkspace();
  const key = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "rate", actor: SYSTEM });
  return { workspace, auth: `Basic ${Buffer.from(`${key.siteId}:${key.secret}`).toString("base64")}` };
}

const identify = (auth: string, id: string) =>
  customerRoute.PUT(new Request("http://localhost/api", { method: "PUT", headers: { authorization: auth, "content-type": "application/json" }, body: "{}" }), {
    params: Promise.resolve({ identifier: id }),
  });

// Waits for the start of a second (database and process clocks agree here), so a burst fits in one window.
async function atSecondStart() {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
}

afterEach(() => {
  delete process.env.TRACK_RATE_LIMIT;
});

describe("[TRACK API] TRACK_RATE_LIMIT", () => {
  it("answers 429 with Retry-After past the limit per workspace and second, storing nothing for those", async () => {
    process.env.TRACK_RATE_LIMIT = "3";
    const limited = await trackAuthFor();
    const other = await trackAuthFor();
    // Warm the key caches (in an earlier second), so that the burst below fits in one second.
    await identify(limited.auth, uniqueToken("warm"));
    await identify(other.auth, uniqueToken("warm"));
    await atSecondStart();
    const ids = Array.from({ length: 6 }, () => uniqueToken("rl"));
    const answers = [];
    for (const id of ids) answers.push(await identify(limited.auth, id));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429, 429]);
    expect(answers[3].headers.get("retry-after")).toBe("1");
    expect(await answers[3].json()).toEqual({ meta: { errors: [expect.stringMatching(/rate limit/)] } });
    expect(await db.person.count({ where: { workspaceId: limited.workspace.id, externalId: { in: ids } } })).toBe(3);
    // Another workspace has its own budget.
    expect((await identify(other.auth, uniqueToken("rl"))).status).toBe(200);
    // The next second has room again.
    await atSecondStart();
    expect((await identify(limited.auth, uniqueToken("rl"))).status).toBe(200);
  });

  it("is off when unset", async () => {
    const { auth } = await trackAuthFor();
    await atSecondStart();
    for (let i = 0; i < 8; i++) expect((await identify(auth, uniqueToken("rl"))).status).toBe(200);
  });
});
