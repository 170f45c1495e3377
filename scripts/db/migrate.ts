// Applies pending migrations: to DATABASE_URL, or to the embedded database's data folder.
import { migrateDatabase } from "../../lib/database/migrations";
import { startEmbeddedDatabase } from "../../lib/database/embedded";

if (process.env.DATABASE_URL) {
  const applied = await migrateDatabase(process.env.DATABASE_URL);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} else {
  // Starting the embedded database applies the migrations.
  const embedded = await startEmbeddedDatabase();
  await embedded.stop();
  console.log(`embedded database in ${process.env.PGLITE_DIR ?? ".data/pglite"} is up to date`);
}
process.exit(0);
