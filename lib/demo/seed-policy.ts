// When start-up seeds demo data, and where a generated demo password is kept. Plain functions of the
// environment with no database or Prisma import, so scripts/start.ts can use them before the Prisma
// client has even been generated.
import path from "node:path";

type Env = Record<string, string | undefined>;

// The embedded database's data folder when PGLITE_DIR is unset (as in lib/database/embedded.ts).
const DEFAULT_PGLITE_DIR = ".data/pglite";

// Demo data at start: the embedded database gets it unless SEED=0; a server database (DATABASE_URL)
// only when SEED=1, so a deployment never gets demo users it didn't ask for.
export function isDemoSeedWanted(env: Env): boolean {
  return env.DATABASE_URL ? env.SEED === "1" : env.SEED !== "0";
}

// Where the generated demo password is kept (owner-only): beside the embedded database's data folder,
// so each data folder has its own; in .data for a server database; nowhere for an in-memory one.
export function demoPasswordFile(env: Env): string | null {
  if (env.DATABASE_URL) return path.resolve(".data", "demo-password");
  const dataDir = env.PGLITE_DIR || DEFAULT_PGLITE_DIR;
  if (dataDir.startsWith("memory://")) return null;
  return `${path.resolve(dataDir)}.demo-password`;
}
