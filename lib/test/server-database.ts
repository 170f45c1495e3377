// A throw-away database on a PostgreSQL server for one test run, so that runs can't collide.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateDatabase } from "../database/migrations";
import { withDatabase } from "./worker-database";

export const DEFAULT_TEST_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

// Creates and migrates a new database beside the one in serverUrl; returns its URL and a dropper.
export async function createTestDatabase(serverUrl: string) {
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `These tests need a PostgreSQL server at ${serverUrl} (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): ${(error as Error).message}`,
    );
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  await migrateDatabase(url);
  return {
    url,
    // Drops it and every worker's copy of it.
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [name, `${name}\\_w%`]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await client.end();
    },
  };
}
