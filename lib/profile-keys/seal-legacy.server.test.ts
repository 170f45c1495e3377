// The data migration of activity written before sealing, on a database built by the migrations as
// they stood before it: plaintext rows become sealed rows that open to the same values, a deleted
// profile's history stays readable under its old cio_id without its attribute snapshots, nothing
// readable is left in the legacy columns, and a second run (or a run resumed after more legacy rows
// appear) changes only what is left.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, readMigrations } from "../database/migrations";
import { DEFAULT_TEST_SERVER_URL } from "../test/server-database";
import { withDatabase } from "../test/worker-database";
import { hashClientEventId, openSealed, unwrapKey } from "./sealing";
import { sealLegacyActivity } from "./seal-legacy";

const serverUrl = process.env.TEST_POSTGRES_URL ?? DEFAULT_TEST_SERVER_URL;
const created: string[] = [];

afterAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

// A database migrated up to (not including) the profile keys migration.
async function legacyDatabase(): Promise<{ client: pg.Client; url: string }> {
  const name = `test_legacy_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  created.push(name);
  const url = withDatabase(serverUrl, name);
  const before = readMigrations().filter((m) => m.name < "20261206215023");
  await migrateDatabase(url, before);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { client, url };
}

const WS = { id: "ws_legacy", hashSecret: "legacy-secret-0123456789abcdef0123456789" };

async function insertLegacy(client: pg.Client, living: string, deleted: string, tag: string) {
  await client.query(
    `INSERT INTO activity (workspace_id, cio_id, type, name, data, client_event_id, forgotten, timestamp) VALUES
      ($1, $2, 'profile_created', NULL, $3::jsonb, NULL, false, '2026-01-01'),
      ($1, $2, 'event', 'purchase', $4::jsonb, $5, false, '2026-01-02'),
      ($1, $6, 'profile_created', NULL, $7::jsonb, NULL, false, '2026-01-03'),
      ($1, $6, 'page', '/pricing', $8::jsonb, NULL, false, '2026-01-04'),
      ($1, $6, 'profile_deleted', NULL, NULL, NULL, false, '2026-01-05'),
      ($1, NULL, 'event', NULL, NULL, NULL, true, '2026-01-06')`,
    [
      WS.id,
      living,
      JSON.stringify({ attributes: { plan: `living-plan-${tag}` } }),
      JSON.stringify({ total: 12, tag }),
      `evt-${tag}`,
      deleted,
      JSON.stringify({ attributes: { plan: `deleted-plan-${tag}` } }),
      JSON.stringify({ ref: `deleted-ref-${tag}` }),
    ],
  );
}

type Sealed = { type: string; cio_id: string | null; deleted_at: Date | null; sealed: Buffer | null; key: Buffer | null; client_event_hash: string | null; forgotten: boolean };

async function sealedRows(client: pg.Client): Promise<Sealed[]> {
  const { rows } = await client.query<Sealed>(
    `SELECT a.type::text AS type, k.cio_id, k.deleted_at, a.sealed, a.client_event_hash, a.forgotten,
       CASE WHEN a.type IN ('profile_created', 'attribute_change') THEN k.attribute_key ELSE k.event_key END AS key
     FROM activity a LEFT JOIN profile_key k ON k.id = a.key_id ORDER BY a.timestamp, a.id`,
  );
  return rows;
}

function opened(row: Sealed) {
  const key = row.key && unwrapKey(WS, row.key);
  return key && row.sealed ? openSealed(key, row.sealed) : null;
}

describe("[DB] sealing activity written before profile keys (PostgreSQL)", () => {
  it("seals every legacy row under its profile's keys, keeps a deleted profile's events, drops its snapshots, and resumes", async () => {
    const { client, url } = await legacyDatabase();
    try {
      await client.query(`INSERT INTO workspace (id, name, hash_secret, updated_at) VALUES ($1, 'Legacy', $2, now())`, [WS.id, WS.hashSecret]);
      await client.query(`INSERT INTO person (cio_id, workspace_id, external_id, attributes) VALUES ('aaaaaaaaaaaaaaaaaaaa', $1, 'living-1', '{}')`, [WS.id]);
      await insertLegacy(client, "aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb", "one");

      await migrateDatabase(url);
      await sealLegacyActivity(async (text, values) => (await client.query(text, values)).rows);
      const rows = await sealedRows(client);
      expect(rows.map((r) => [r.type, r.cio_id])).toEqual([
        ["profile_created", "aaaaaaaaaaaaaaaaaaaa"],
        ["event", "aaaaaaaaaaaaaaaaaaaa"],
        ["profile_created", "bbbbbbbbbbbbbbbbbbbb"],
        ["page", "bbbbbbbbbbbbbbbbbbbb"],
        ["profile_deleted", "bbbbbbbbbbbbbbbbbbbb"],
        ["event", null],
      ]);
      expect(opened(rows[0])).toEqual({ name: null, data: { attributes: { plan: "living-plan-one" } }, clientEventId: null });
      expect(opened(rows[1])).toEqual({ name: "purchase", data: { total: 12, tag: "one" }, clientEventId: "evt-one" });
      expect(rows[1].client_event_hash).toBe(hashClientEventId(WS, "evt-one"));
      // The deleted profile: its events readable under its old cio_id, its attribute snapshot gone.
      expect(rows[2]).toMatchObject({ sealed: null, key: null });
      expect(rows[2].deleted_at).not.toBeNull();
      expect(opened(rows[3])).toEqual({ name: "/pricing", data: { ref: "deleted-ref-one" }, clientEventId: null });
      expect(rows[5]).toMatchObject({ forgotten: true, sealed: null, cio_id: null });
      const { rows: left } = await client.query(
        `SELECT count(*)::int AS n FROM activity WHERE legacy_cio_id IS NOT NULL OR legacy_name IS NOT NULL OR legacy_data IS NOT NULL OR legacy_client_event_id IS NOT NULL`,
      );
      expect(left[0].n).toBe(0);
      const { rows: person } = await client.query(`SELECT key_id FROM person`);
      expect(person[0].key_id).not.toBeNull();
      const { rows: marker } = await client.query(`SELECT 1 FROM cache_version WHERE name = 'activity_sealed'`);
      expect(marker).toHaveLength(1);

      // A run that stopped part-way (no marker) and finds more legacy rows seals only those.
      await client.query(`DELETE FROM cache_version WHERE name = 'activity_sealed'`);
      await client.query(`INSERT INTO person (cio_id, workspace_id, external_id, attributes) VALUES ('cccccccccccccccccccc', $1, 'living-2', '{}')`, [WS.id]);
      await client.query(
        `INSERT INTO activity (workspace_id, legacy_cio_id, type, legacy_name, legacy_data, timestamp) VALUES ($1, 'cccccccccccccccccccc', 'event', 'late', '{"n":1}', '2026-01-07')`,
        [WS.id],
      );
      const before = rows.map((r) => r.sealed?.toString("hex") ?? null);
      await sealLegacyActivity(async (text, values) => (await client.query(text, values)).rows);
      const after = await sealedRows(client);
      expect(after.slice(0, 6).map((r) => r.sealed?.toString("hex") ?? null)).toEqual(before);
      expect(opened(after[6])).toEqual({ name: "late", data: { n: 1 }, clientEventId: null });
      const { rows: keys } = await client.query(`SELECT count(*)::int AS n FROM profile_key`);
      expect(keys[0].n).toBe(3);
      // Nothing of the plaintext is left in any text or JSON column.
      const { rows: scan } = await client.query(`SELECT count(*)::int AS n FROM activity a WHERE strpos(a::text, 'living-plan') > 0 OR strpos(a::text, 'deleted-ref') > 0`);
      expect(scan[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
