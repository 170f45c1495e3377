// "server" project: always a fresh database on the PostgreSQL server.
import type { TestProject } from "vitest/node";
import { createTestDatabase, DEFAULT_TEST_SERVER_URL } from "./server-database";

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_POSTGRES_URL ?? process.env.DATABASE_URL ?? DEFAULT_TEST_SERVER_URL;
  const database = await createTestDatabase(serverUrl);
  project.provide("databaseUrl", database.url);
  return database.drop;
}
