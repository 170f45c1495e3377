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

// Bulk-creates people the way identify would leave them, tagged (attribute `tag`) so that a filter
// can select them: an id claim each and `activities` events each. Far faster than identify for the
// thousands of people a deletion job test needs.
export async function seedClaimedPeople(
  workspace: import("../generated/prisma/client").Workspace,
  count: number,
  options: { tag?: string; activities?: number } = {},
): Promise<{ cioIds: string[]; tag: string }> {
  const { db } = await import("../db");
  const { hashIdentifier, newCioId } = await import("../identity/identifiers");
  const tag = options.tag ?? uniqueToken("tag");
  const cioIds = Array.from({ length: count }, () => newCioId());
  const batch = uniqueToken("b");
  const ids = cioIds.map((_, i) => `${tag}-${batch}-${i}`);
  await db.$executeRaw`
    INSERT INTO person (cio_id, workspace_id, external_id, attributes)
    SELECT c, ${workspace.id}, i, jsonb_build_object('tag', ${tag}::text) FROM unnest(${cioIds}::text[], ${ids}::text[]) AS t(c, i)`;
  await db.$executeRaw`
    INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
    SELECT ${workspace.id}, 'id', h, c FROM unnest(${ids.map((id) => hashIdentifier(workspace, "id", id))}::text[], ${cioIds}::text[]) AS t(h, c)`;
  const { createProfileKeys, insertSealedActivities } = await import("../profile-keys/bulk");
  const keys = await createProfileKeys(db, workspace, cioIds);
  const activities = cioIds.flatMap((cioId) =>
    Array.from({ length: options.activities ?? 1 }, () => ({ key: keys.get(cioId)!, type: "event", name: "seeded", data: { a: 1 }, timestamp: new Date() })),
  );
  for (let i = 0; i < activities.length; i += 5_000) await insertSealedActivities(db, workspace, activities.slice(i, i + 5_000));
  return { cioIds, tag };
}

