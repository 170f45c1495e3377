// The demo people: inserted in batches of 10,000 by bulk SQL, each batch in one transaction, through
// the identifier claims (so a suppressed or taken id or email never comes back as a demo person), with
// a profile key and a few sealed activities each.
import type { Workspace } from "../generated/prisma/client";
import type { Tx } from "../db";
import { hashIdentifier, newCioId, type IdentifierKind } from "../identity/identifiers";
import { insertNewPeopleClaims } from "../identity/insert-claims";
import { lockWorkspaceShared } from "../identity/lock-workspace";
import { transactionWithRetry } from "../identity/retry-transaction";
import { createProfileKeys, insertSealedActivities } from "../profile-keys/bulk";
import { demoPerson, type DemoPerson } from "./demo-data";

export type Log = (message: string) => void;

const BATCH = 10_000;
const ACTIVITIES_PER_PERSON = 5;

// Inserts demo people number 1..target that don't exist yet and whose identifiers are free, with
// their identifier claims and ~5 activities each. Returns how many were added.
export async function seedPeople(workspace: Workspace, target: number, log: Log): Promise<number> {
  const started = performance.now();
  let added = 0;
  let refused = 0;
  for (let from = 1; from <= target; from += BATCH) {
    const to = Math.min(target, from + BATCH - 1);
    const batch = Array.from({ length: to - from + 1 }, (_, i) => demoPerson(from + i));
    const cioIds = batch.map(() => newCioId());
    const result = await transactionWithRetry((tx) => insertPeopleBatch(tx, workspace, batch, cioIds));
    added += result.added;
    refused += result.refused;
    if (target >= 100_000 && (added % 100_000 < BATCH || to === target)) {
      const seconds = (performance.now() - started) / 1000;
      log(`  ${added.toLocaleString("en-US")} people (${Math.round(added / seconds).toLocaleString("en-US")}/s)`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  log(
    added > 0
      ? `people: ${added.toLocaleString("en-US")} added with ${ACTIVITIES_PER_PERSON} activities each in ${seconds.toFixed(1)} s (${Math.round(added / seconds).toLocaleString("en-US")} people/s)`
      : `people: none added, demo people 1 to ${target.toLocaleString("en-US")} exist already`,
  );
  if (refused > 0) log(`people: ${refused.toLocaleString("en-US")} demo people left out, their id or email is suppressed or taken`);
  return added;
}

// One batch, in one transaction: the people rows, then their claims, which decide. A demo person
// whose id or email is already claimed (by a suppression or someone else) is removed again before
// the transaction commits, so nobody ever sees them.
async function insertPeopleBatch(
  tx: Tx,
  workspace: Workspace,
  batch: DemoPerson[],
  cioIds: string[],
): Promise<{ added: number; refused: number }> {
  const current = await lockWorkspaceShared(tx, workspace);
  const inserted = await tx.$queryRawUnsafe<{ cio_id: string }[]>(
    `INSERT INTO person (cio_id, workspace_id, external_id, email, email_key, attributes, unsubscribed, created_at, updated_at)
     SELECT c, $1, x, e, lower(e), a::jsonb, u, to_timestamp(t), to_timestamp(t2)
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::float8[], $8::float8[]) AS r(c, x, e, a, u, t, t2)
     ON CONFLICT (workspace_id, external_id) DO NOTHING
     RETURNING cio_id`,
    workspace.id,
    cioIds,
    batch.map((p) => p.id),
    batch.map((p) => p.email),
    batch.map((p) => JSON.stringify(p.attributes)),
    batch.map((p) => p.unsubscribed),
    batch.map((p) => p.createdAt),
    batch.map((p) => p.updatedAt),
  );
  if (inserted.length === 0) return { added: 0, refused: 0 };
  const isNew = new Set(inserted.map((row) => row.cio_id));

  const claims: { cioId: string; kind: IdentifierKind; hash: string }[] = [];
  batch.forEach((p, i) => {
    if (!isNew.has(cioIds[i])) return;
    claims.push({ cioId: cioIds[i], kind: "id", hash: hashIdentifier(current, "id", p.id) });
    if (current.identificationMode === "email_or_id") {
      claims.push({ cioId: cioIds[i], kind: "email", hash: hashIdentifier(current, "email", p.email.toLowerCase()) });
    }
  });
  const lost = await insertNewPeopleClaims(tx, workspace.id, claims);
  if (lost.length) {
    await tx.$executeRawUnsafe(`DELETE FROM person WHERE workspace_id = $1 AND cio_id = ANY($2::text[])`, workspace.id, lost);
    for (const cioId of lost) isNew.delete(cioId);
  }
  if (isNew.size === 0) return { added: 0, refused: lost.length };

  const newPeople = batch.flatMap((p, i) => (isNew.has(cioIds[i]) ? [{ cioId: cioIds[i], createdAt: new Date(p.createdAt * 1000) }] : []));
  const keys = await createProfileKeys(tx, current, newPeople.map((p) => p.cioId));
  await insertSealedActivities(tx, current, newPeople.flatMap((p) => demoActivities(p.cioId, p.createdAt).map((a) => ({ ...a, key: keys.get(p.cioId)! }))));
  return { added: isNew.size, refused: lost.length };
}

const DEMO_EVENT_NAMES = ["purchase", "login", "add_to_cart", "checkout"];

// A demo person's history: created, then an event or a page view every 3 days.
function demoActivities(cioId: string, createdAt: Date): { type: string; name: string | null; data: unknown; timestamp: Date }[] {
  return Array.from({ length: ACTIVITIES_PER_PERSON }, (_, i) => {
    const g = i + 1;
    const timestamp = new Date(createdAt.getTime() + i * 3 * 86_400_000);
    if (g === 1) return { type: "profile_created", name: null, data: null, timestamp };
    return {
      type: g % 2 === 0 ? "event" : "page",
      name: g % 2 === 0 ? DEMO_EVENT_NAMES[(g + cioId.length) % 4] : "/pricing",
      data: { amount: g * 10, currency: "EUR" },
      timestamp,
    };
  });
}
