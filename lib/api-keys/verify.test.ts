import { beforeAll, describe, expect, it, vi } from "vitest";
import * as crypto from "node:crypto";

// Wrapped so the test can see that every verification goes through the constant-time compare.
vi.mock("node:crypto", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:crypto")>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});
import { db } from "../db";
import { getWorkspace } from "../workspace/workspace";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { parseBasicAuth, verifyAppAuth, verifyTrackAuth } from "./verify";

const ACTOR = { type: "system" } as const;
const basic = (siteId: string, key: string) => `Basic ${Buffer.from(`${siteId}:${key}`).toString("base64")}`;

// Starting the database (and migrating it) is slow on a busy machine: do it under the hook timeout.
beforeAll(async () => {
  await getWorkspace();
});

describe("API key verification", () => {
  it("accepts a valid Track key and rejects wrong, revoked and malformed ones", async () => {
    const workspace = await getWorkspace();
    const { apiKey, siteId, secret } = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "Track test", actor: ACTOR });
    expect(siteId).toMatch(/^[0-9a-f]{20}$/);
    expect(apiKey.keyHint).toBe(secret.slice(-4));
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.keyHash).toBe(crypto.createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(secret);

    const verified = await verifyTrackAuth(basic(siteId!, secret));
    expect(verified?.apiKey.id).toBe(apiKey.id);
    expect(verified?.workspace.id).toBe(workspace.id);

    // The secret with its last character changed (appending a fixed "0" kept it whole 1 time in 16).
    const wrongSecret = `${secret.slice(0, -1)}${secret.endsWith("0") ? "1" : "0"}`;
    expect(await verifyTrackAuth(basic(siteId!, wrongSecret))).toBeNull();
    expect(await verifyTrackAuth(basic("nosuchsite", secret))).toBeNull();
    expect(await verifyTrackAuth(`Bearer ${secret}`)).toBeNull();
    for (const malformed of [null, "", "Basic", "Basic !!!", `Basic ${Buffer.from("no-colon").toString("base64")}`, `Basic ${Buffer.from(":key").toString("base64")}`, `Basic ${"A".repeat(5000)}`]) {
      expect(await verifyTrackAuth(malformed)).toBeNull();
    }

    await revokeApiKey({ workspaceId: workspace.id, id: apiKey.id, actor: ACTOR });
    expect(await verifyTrackAuth(basic(siteId!, secret))).toBeNull();
    const listed = (await listApiKeys({ workspaceId: workspace.id })).find((k) => k.id === apiKey.id);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
    const audit = await db.auditEntry.findMany({ where: { details: { path: ["apiKeyId"], equals: apiKey.id } }, select: { action: true } });
    expect(audit.map((a) => a.action).sort()).toEqual(["api_key.create", "api_key.revoke"]);
  });

  it("accepts a valid App key as Bearer only", async () => {
    const workspace = await getWorkspace();
    const { apiKey, siteId, secret } = await createApiKey({ workspaceId: workspace.id, kind: "app", name: "App test", actor: ACTOR });
    expect(siteId).toBeUndefined();
    expect((await verifyAppAuth(`Bearer ${secret}`))?.apiKey.id).toBe(apiKey.id);
    expect(await verifyAppAuth(`Bearer ${secret}x`)).toBeNull();
    expect(await verifyAppAuth(secret)).toBeNull();
    expect(await verifyAppAuth("Bearer")).toBeNull();
    // A Track key's secret is not an App key.
    const track = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "Not app", actor: ACTOR });
    expect(await verifyAppAuth(`Bearer ${track.secret}`)).toBeNull();
    await revokeApiKey({ workspaceId: workspace.id, id: apiKey.id, actor: ACTOR });
    expect(await verifyAppAuth(`Bearer ${secret}`)).toBeNull();
  });

  it("compares hashes in constant time, also when nothing matched", async () => {
    const compare = vi.mocked(crypto.timingSafeEqual);
    // Test files share a worker's module cache: load verify.ts anew so it sees the wrapped crypto.
    vi.resetModules();
    const { hashesMatch, verifyTrackAuth } = await import("./verify");
    expect(hashesMatch("00".repeat(32), "00".repeat(32))).toBe(true);
    expect(hashesMatch("00".repeat(32), "01".repeat(32))).toBe(false);
    expect(hashesMatch("00".repeat(32), "abc")).toBe(false);

    const workspace = await getWorkspace();
    const { siteId, secret } = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "Timing", actor: ACTOR });
    for (const header of [basic(siteId!, secret), basic(siteId!, "wrong-secret"), basic("unknown-site", secret)]) {
      compare.mockClear();
      await verifyTrackAuth(header);
      // Hit, wrong secret and unknown site alike: exactly one full-length constant-time comparison.
      expect(compare).toHaveBeenCalledTimes(1);
      const [a, b] = compare.mock.calls[0];
      expect([a.byteLength, b.byteLength]).toEqual([32, 32]);
    }
  });

  it("records last use at most once a minute", async () => {
    const workspace = await getWorkspace();
    const { apiKey, siteId, secret } = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "Touch", actor: ACTOR });
    const update = vi.spyOn(db.apiKey, "updateMany");
    for (let i = 0; i < 20; i++) expect(await verifyTrackAuth(basic(siteId!, secret))).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(update.mock.calls.filter(([args]) => args?.where?.id === apiKey.id)).toHaveLength(1);
    update.mockRestore();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toBeInstanceOf(Date);
  });

  it("parses Basic credentials whose key contains a colon", () => {
    expect(parseBasicAuth(basic("site", "a:b"))).toEqual({ siteId: "site", key: "a:b" });
  });

  it("turns TRACK_SITE_ID/TRACK_API_KEY and APP_API_KEY into keys (bootstrap)", async () => {
    vi.resetModules();
    process.env.TRACK_SITE_ID = "env-site-test";
    process.env.TRACK_API_KEY = "env-track-key-0123456789";
    process.env.APP_API_KEY = "env-app-key-0123456789";
    try {
      const fresh = await import("./verify");
      expect(await fresh.verifyTrackAuth(basic("env-site-test", "env-track-key-0123456789"))).not.toBeNull();
      expect(await fresh.verifyTrackAuth(basic("env-site-test", "wrong"))).toBeNull();
      expect(await fresh.verifyAppAuth("Bearer env-app-key-0123456789")).not.toBeNull();
    } finally {
      delete process.env.TRACK_SITE_ID;
      delete process.env.TRACK_API_KEY;
      delete process.env.APP_API_KEY;
    }
  });
});
