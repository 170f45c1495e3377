// "lib" project: with DATABASE_URL, one fresh database on that server for this run; without it,
// nothing to do here (each worker starts its own in-memory PGlite).
import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./server-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  if (!process.env.DATABASE_URL) {
    project.provide("databaseUrl", null);
    return;
  }
  const database = await createTestDatabase(process.env.DATABASE_URL);
  project.provide("databaseUrl", database.url);
  return database.drop;
}
