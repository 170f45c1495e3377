// Runs in each worker before any test file imports lib/db: point it at this run's database. On a
// server, each worker process gets its own copy of the run's migrated database (made once, on its
// first file), so files running at the same time in different workers never share one.
import { inject } from "vitest";
import { cloneTestDatabase } from "./worker-database";

const databaseUrl = inject("databaseUrl");
if (databaseUrl) {
  const copies = ((globalThis as { __workerDatabases?: Map<string, Promise<string>> }).__workerDatabases ??= new Map<string, Promise<string>>());
  if (!copies.has(databaseUrl)) copies.set(databaseUrl, cloneTestDatabase(databaseUrl));
  process.env.DATABASE_URL = await copies.get(databaseUrl);
  delete process.env.PGLITE_DIR;
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
}
