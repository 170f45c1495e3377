// Test data with unique values, so that tests can share one database and run in parallel.
import { randomBytes } from "node:crypto";

// A short random token for ids, emails and names in tests.
export function uniqueToken(prefix = "t"): string {
  return `${prefix}${randomBytes(6).toString("hex")}`;
}

export function uniqueEmail(prefix = "person"): string {
  return `${uniqueToken(prefix)}@example.test`;
}

// A workspace of the test's own, for tests that count workspace-wide or switch its mode.
export async function createTestWorkspace(
  identificationMode: "id" | "email_or_id" = "email_or_id",
): Promise<import("../generated/prisma/client").Workspace> {
  const { db } = await import("../db");
  return db.workspace.create({
    data: { id: uniqueToken("ws_"), name: "Test workspace", identificationMode, hashSecret: randomBytes(32).toString("hex") },
  });
}
