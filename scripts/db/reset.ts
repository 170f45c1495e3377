// Empties the database and rebuilds it from the migrations (then `npm run db:seed` for demo data).
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrateDatabase } from "../../lib/database/migrations";
import { DEFAULT_PGLITE_DIR, startEmbeddedDatabase } from "../../lib/database/embedded";

if (process.env.DATABASE_URL) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  await client.end();
  await migrateDatabase(process.env.DATABASE_URL);
  console.log("database reset");
} else {
  const dir = path.resolve(process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR);
  rmSync(dir, { recursive: true, force: true });
  const embedded = await startEmbeddedDatabase();
  await embedded.stop();
  console.log(`embedded database in ${dir} reset`);
}
process.exit(0);
