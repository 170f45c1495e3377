// Runs in each worker before any test file imports lib/db: point it at this run's database.
import { inject } from "vitest";

const databaseUrl = inject("databaseUrl");
if (databaseUrl) {
  process.env.DATABASE_URL = databaseUrl;
  delete process.env.PGLITE_DIR;
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
}
