// The committed migrations in prisma/migrations and the schema they build.
import { sealLegacyActivity } from "../profile-keys/seal-legacy";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { applyMigrations, type MigrationDirectory } from "./schema-engine";

export const PRISMA_DIR = path.resolve(/* turbopackIgnore: true */ process.env.PRISMA_DIR ?? path.join(process.cwd(), "prisma"));
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");

export function readSchema(): string {
  return readFileSync(SCHEMA_PATH, "utf8");
}

export function readMigrations(): MigrationDirectory[] {
  if (!existsSync(MIGRATIONS_DIR)) return [];
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(MIGRATIONS_DIR, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") }));
}

// Applies every committed migration the database lacks, then the data migrations they call for
// (resumable; a no-op once done); returns the names applied now.
export async function migrateDatabase(
  connectionString: string,
  migrations: MigrationDirectory[] = readMigrations(),
): Promise<string[]> {
  const applied = await applyMigrations(connectionString, { path: SCHEMA_PATH, content: readSchema() }, migrations);
  if (migrations.some((m) => m.name.endsWith("_profile_keys"))) await sealLegacyActivity(connectionString, (line) => console.log(line));
  return applied;
}
