// The committed migrations in prisma/migrations and the schema they build.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { applyMigrations, type MigrationDirectory } from "./schema-engine";

const PRISMA_DIR = path.resolve(/* turbopackIgnore: true */ process.env.PRISMA_DIR ?? path.join(process.cwd(), "prisma"));
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");

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

// Applies every committed migration the database lacks; returns the names applied now. (The data
// migration a new database never needs, sealing activity written before profile keys, runs after:
// lib/profile-keys/seal-legacy.ts, at each server's start and in `npm run db:migrate`.)
export async function migrateDatabase(
  connectionString: string,
  migrations: MigrationDirectory[] = readMigrations(),
): Promise<string[]> {
  return applyMigrations(connectionString, { path: SCHEMA_PATH, content: readSchema() }, migrations);
}
