import { db } from "../db";

// One trivial round trip to the database, for the health check: throws when it does not answer.
export async function pingDatabase(): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
