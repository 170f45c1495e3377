// The embedded PostgreSQL (PGlite) used when no DATABASE_URL is set: persisted in a data folder and
// served over the wire protocol so the app talks to it through the same adapter as to a server.
// PGlite has one session, and its socket server can interleave concurrent connections' messages, so
// everything here is strictly one connection at a time (TOOLCHAIN.md).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { migrateDatabase, readMigrations } from "./migrations";
import type { MigrationDirectory } from "./schema-engine";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

export const DEFAULT_PGLITE_DIR = ".data/pglite";

// The app's pool holds one connection, but pg-pool throws a connection away after any failed query
// and opens the next one at once, while the old socket is still closing: the server must accept
// that second socket or the next query fails. The two are never active at the same time.
const MAX_SOCKETS = 2;

async function serve(pglite: PGlite) {
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: MAX_SOCKETS });
  await server.start();
  const address = (server as unknown as { server?: { address(): { port: number } } }).server?.address();
  const port = address?.port ?? (server as unknown as { port: number }).port;
  return { server, url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable` };
}

// Opens (creating if needed) the data folder, applies pending migrations, and serves it for one client.
export async function startEmbeddedDatabase(
  dataDir = process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR,
  migrations: MigrationDirectory[] = readMigrations(),
): Promise<EmbeddedDatabase> {
  const isMemory = dataDir.startsWith("memory://");
  if (!isMemory) mkdirSync(path.resolve(/* turbopackIgnore: true */ dataDir), { recursive: true });
  const pglite = await PGlite.create(isMemory ? dataDir : path.resolve(/* turbopackIgnore: true */ dataDir));

  // Migrations get their own short-lived server so that their connection is surely gone before the
  // app's single connection arrives.
  const migrationServer = await serve(pglite);
  try {
    await migrateDatabase(migrationServer.url, migrations);
  } finally {
    await migrationServer.server.stop();
  }

  const { server, url } = await serve(pglite);
  return {
    url,
    stop: async () => {
      await server.stop();
      await pglite.close();
    },
  };
}
