// Test data with unique values, so that tests can share one database and run in parallel.
import { randomBytes } from "node:crypto";

// A short random token for ids, emails and names in tests.
export function uniqueToken(prefix = "t"): string {
  return `${prefix}${randomBytes(6).toString("hex")}`;
}

export function uniqueEmail(prefix = "person"): string {
  return `${uniqueToken(prefix)}@example.test`;
}
