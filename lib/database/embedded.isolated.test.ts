import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "./embedded";
import { readMigrations } from "./migrations";

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("[DB] the embedded database", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pglite-test-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("keeps its data across restarts and applies migrations added later", async () => {
    const first = await startEmbeddedDatabase(dataDir);
    await query(first.url, `insert into workspace (id, name, hash_secret, updated_at) values ('persisted', 'Kept', 'x', now())`);
    await first.stop();

    const later = [...readMigrations(), { name: "29991231000000_added_later", sql: "CREATE TABLE added_later (id int);" }];
    const second = await startEmbeddedDatabase(dataDir, later);
    expect(await query(second.url, "select name from workspace where id = 'persisted'")).toEqual([{ name: "Kept" }]);
    expect(await query(second.url, "select count(*)::int as n from added_later")).toEqual([{ n: 0 }]);
    const applied = await query(second.url, "select migration_name from _prisma_migrations order by migration_name");
    expect(applied.map((row) => row.migration_name)).toEqual(later.map((m) => m.name));
    await second.stop();
  });
});

describe("[DB] the embedded database's single connection", () => {
  it("answers the query after a failed one (pg-pool replaces the connection on errors)", async () => {
    const embedded = await startEmbeddedDatabase("memory://");
    const pool = new pg.Pool({ connectionString: embedded.url, max: 1 });
    try {
      await pool.query("insert into workspace (id, name, hash_secret, updated_at) values ('dup', 'A', 'x', now())");
      await expect(
        pool.query("insert into workspace (id, name, hash_secret, updated_at) values ($1, 'B', 'x', now())", ["dup"]),
      ).rejects.toThrow(/duplicate key/);
      expect((await pool.query("select name from workspace where id = 'dup'")).rows).toEqual([{ name: "A" }]);
    } finally {
      await pool.end();
      await embedded.stop();
    }
  });
});
