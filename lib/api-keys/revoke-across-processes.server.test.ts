// A key revoked in one app process is refused by every other process on the same database within a
// second: the second process here is a real one (npx tsx), with its own key cache.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "./api-keys";
import { CACHE_CHECK_MS } from "../sql/cache-versions";
import { createTestWorkspace } from "../test/factories";

const actor = { type: "system" } as const;

describe("[API KEYS] revocation across processes", () => {
  it("a second process refuses a key revoked here within a second", async () => {
    const workspace = await createTestWorkspace();
    const key = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "other process", actor });
    const child = spawn("npx", ["tsx", path.resolve("lib/api-keys/fixtures/verify-loop.ts")], {
      env: { ...process.env, SITE_ID: key.siteId!, SECRET: key.secret },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const next = async () => {
        const { value, done } = await lines.next();
        if (done) throw new Error("the second process stopped");
        const [outcome, at] = String(value).split(" ");
        return { outcome, at: Number(at) };
      };
      // The child has the key cached once it has accepted it a few times.
      for (let oks = 0; oks < 5; ) if ((await next()).outcome === "ok") oks++;
      await revokeApiKey({ workspaceId: workspace.id, id: key.apiKey.id, actor });
      // Counted from the commit: the second process may not refuse a key before it is revoked.
      const revokedAt = Date.now();
      let line = await next();
      while (line.outcome === "ok") line = await next();
      expect(line.outcome).toBe("refused");
      expect(line.at - revokedAt).toBeLessThan(1_000);
      expect(line.at - revokedAt).toBeLessThan(CACHE_CHECK_MS + 500);
    } finally {
      child.kill();
    }
  });
});
