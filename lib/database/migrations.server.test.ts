import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, DEFAULT_TEST_SERVER_URL } from "../test/server-database";
import { diffSchemas } from "./schema-engine";
import { migrateDatabase, readSchema } from "./migrations";

const serverUrl = process.env.TEST_POSTGRES_URL ?? DEFAULT_TEST_SERVER_URL;

// Everything about a schema that a migration could get wrong, in a comparable form.
async function describeCatalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const queries = {
      columns: `select table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length
                from information_schema.columns where table_schema = 'public' order by 1, 2`,
      indexes: `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`,
      constraints: `select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def
                    from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`,
      enums: `select t.typname, e.enumlabel, e.enumsortorder from pg_type t join pg_enum e on e.enumtypid = t.oid order by 1, 3`,
    };
    const catalog: Record<string, unknown[]> = {};
    for (const [key, sql] of Object.entries(queries)) catalog[key] = (await client.query(sql)).rows;
    // Prisma's bookkeeping table exists only on the migrated side.
    catalog.columns = catalog.columns.filter((row) => (row as { table_name: string }).table_name !== "_prisma_migrations");
    catalog.indexes = catalog.indexes.filter((row) => (row as { tablename: string }).tablename !== "_prisma_migrations");
    catalog.constraints = catalog.constraints.filter((row) => (row as { tbl: string }).tbl !== "_prisma_migrations");
    return catalog;
  } finally {
    await client.end();
  }
}

// What the schema can't state, written by hand in migrations: partial and expression indexes (and the
// function deletion_kind that three of them are built on). They must exist after migrating; the rest
// of the catalog must be exactly schema.prisma's.
const HAND_WRITTEN_INDEXES = [
  "activity_workspace_id_type_timestamp_not_event_idx",
  "audit_entry_deletions_by_actor_idx",
  "audit_entry_deletions_by_kind_idx",
  "audit_entry_deletions_idx",
];

describe("[DB] migrations on the PostgreSQL server", () => {
  const dropAfter: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of dropAfter) await drop();
  });

  it("apply from empty, are recorded, and a second run applies nothing", async () => {
    const database = await createTestDatabase(serverUrl); // applies the migrations
    dropAfter.push(database.drop);
    expect(await migrateDatabase(database.url)).toEqual([]);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query("select migration_name, finished_at from _prisma_migrations");
    await client.end();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it("build exactly the schema in schema.prisma (no drift)", async () => {
    const migrated = await createTestDatabase(serverUrl);
    dropAfter.push(migrated.drop);

    // The other side: an empty database given the engine's SQL for schema.prisma as it is now.
    const fresh = await createTestDatabase(serverUrl);
    dropAfter.push(fresh.drop);
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    await client.query(await diffSchemas(fresh.url, null, readSchema()));
    await client.end();

    const catalog = await describeCatalog(migrated.url);
    const isHandWritten = (row: unknown) => HAND_WRITTEN_INDEXES.includes((row as { indexname: string }).indexname);
    expect(catalog.indexes.filter(isHandWritten).map((row) => (row as { indexname: string }).indexname)).toEqual(HAND_WRITTEN_INDEXES);
    catalog.indexes = catalog.indexes.filter((row) => !isHandWritten(row));
    expect(catalog).toEqual(await describeCatalog(fresh.url));
  });
});
