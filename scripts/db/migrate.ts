// Applies pending migrations, then seals activity written before profile keys (resumable; a no-op
// once done): to DATABASE_URL, or to the embedded database's data folder.
import pg from "pg";
import { migrateDatabase } from "../../lib/database/migrations";
import { startEmbeddedDatabase } from "../../lib/database/embedded";
import { sealLegacyActivity } from "../../lib/profile-keys/seal-legacy";

async function seal(connectionString: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await sealLegacyActivity(async <R,>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as R[], (line) => console.log(line));
  } finally {
    await client.end();
  }
}

if (process.env.DATABASE_URL) {
  const applied = await migrateDatabase(process.env.DATABASE_URL);
  await seal(process.env.DATABASE_URL);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} else {
  // Starting the embedded database applies the migrations.
  const embedded = await startEmbeddedDatabase();
  try {
    await seal(embedded.url);
  } finally {
    await embedded.stop();
  }
  console.log(`embedded database in ${process.env.PGLITE_DIR ?? ".data/pglite"} is up to date`);
}
process.exit(0);
