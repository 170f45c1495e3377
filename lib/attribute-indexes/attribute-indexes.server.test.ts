// Indexed attributes where only a server shows it: CREATE INDEX CONCURRENTLY cut short leaves an
// invalid index, which the next build replaces; and one builder at a time across processes (another
// session holding the attribute's lock), during which the attribute can't be removed either.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestWorkspace, seedClaimedPeople, uniqueToken } from "../test/factories";
import { addIndexedAttribute, attributeBuildLockKey, attributeIndexName, buildAttributeIndex, listIndexedAttributes, removeIndexedAttribute } from "./attribute-indexes";
import { attributeIndexIsValid, removeAllIndexedAttributes } from "./testing";

const actor = { type: "system" } as const;

afterEach(removeAllIndexedAttributes);

describe("[INDEXED ATTRIBUTES] on PostgreSQL", () => {
  it("replaces the invalid index a build cut short left behind", async () => {
    const workspace = await createTestWorkspace();
    await seedClaimedPeople(workspace, 3);
    const name = uniqueToken("cut_short_");
    await addIndexedAttribute({ workspaceId: workspace.id, name, actor });
    // A concurrent build that fails half-way leaves its index in the catalog, marked invalid: here a
    // unique index over duplicates, under the attribute's index name.
    await expect(db.$executeRawUnsafe(`CREATE UNIQUE INDEX CONCURRENTLY ${attributeIndexName(name)} ON person (workspace_id)`)).rejects.toThrow();
    expect(await attributeIndexIsValid(name)).toBe(false);

    expect(await buildAttributeIndex(name)).toBe("ready");
    expect(await attributeIndexIsValid(name)).toBe(true);
    const [definition] = await db.$queryRaw<{ def: string }[]>`SELECT pg_get_indexdef(to_regclass(${attributeIndexName(name)})) AS def`;
    expect(definition.def).toContain("created_at DESC, cio_id, ((attributes ->");
  });

  it("builds in one session at a time; the others leave it building, and it can't be removed meanwhile", async () => {
    const workspace = await createTestWorkspace();
    const name = uniqueToken("contended_");
    await addIndexedAttribute({ workspaceId: workspace.id, name, actor });
    // Another process's builder: a session holding the attribute's advisory lock.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      const key = attributeBuildLockKey(name);
      await other.query("SELECT pg_advisory_lock($1::bigint)", [key]);
      expect(await buildAttributeIndex(name)).toBeNull();
      expect(await removeIndexedAttribute({ workspaceId: workspace.id, name, actor })).toBe("building");
      expect(await listIndexedAttributes()).toMatchObject([{ name, status: "building" }]);
      expect(await attributeIndexIsValid(name)).toBeNull();
      await other.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
    } finally {
      await other.end();
    }
    expect(await buildAttributeIndex(name)).toBe("ready");
  });
});
