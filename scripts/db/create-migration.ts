// Creates prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the schema
// as it stood at the last migration (kept beside the migrations) and prisma/schema.prisma now.
// The engine can't describe a live database here (TOOLCHAIN.md), so both sides are datamodels; an
// in-memory PGlite only satisfies the engine's need for a connection.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { diffSchemas } from "../../lib/database/schema-engine";
import { MIGRATIONS_DIR, readSchema } from "../../lib/database/migrations";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}

// The schema the committed migrations build, refreshed with each new migration.
const SNAPSHOT_PATH = path.join(MIGRATIONS_DIR, "schema.snapshot.prisma");
const before = existsSync(SNAPSHOT_PATH) ? readFileSync(SNAPSHOT_PATH, "utf8") : null;
const after = readSchema();

const pglite = await PGlite.create("memory://");
const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 1 });
await server.start();
const port = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
try {
  const sql = await diffSchemas(`postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`, before, after);
  if (!sql.trim() || /^-- This is an empty migration\.\s*$/.test(sql.trim())) {
    console.log("schema.prisma matches the migrations: nothing to do");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    writeFileSync(SNAPSHOT_PATH, after);
    writeFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), 'provider = "postgresql"\n');
    console.log(`created ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  await server.stop();
  await pglite.close();
}
process.exit(0);
