// Deleting people, with or without suppression, as set-based SQL in one transaction: the dialog's
// inline deletions, each batch of a deletion job, the API's delete and suppress-by-identifier.
import { Prisma, type Workspace } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import { newReceiptId, recordAudit, type Actor } from "../audit/record-audit";
import { findClaims } from "../identity/find-claims";
import { lockWorkspaceShared } from "../identity/lock-workspace";
import { preferIndexScans } from "../identity/prefer-index-scans";
import { hashIdentifier, parseIdentifier } from "../identity/identifiers";
import { findKeptEspEntries } from "./kept-esp-entries";
import { forgetEarlierProfiles, forgetProfiles, recordDeletedProfiles, suppressedIdentifiersOf } from "../profile-keys/forget";
import { suppressPeopleInTransaction } from "../suppression/suppress";
import { emitPeopleDeleted } from "../outbox/emit";

// Deletes the given people of the workspace (unknown cio_ids are skipped) and writes one audit entry.
// With suppress, their identifiers are suppressed and their activity forgotten in the same
// transaction (with every earlier deleted profile that held one of those identifiers); without,
// their activity stays readable under their old cio_id, and their identifiers are recorded (keyed
// hashes) for a later suppress.
export async function deletePeople(options: {
  workspace: Workspace;
  cioIds: string[];
  suppress: boolean;
  actor: Actor;
  tx?: Tx;
  // An erasure request's receipt and what its audit entry adds (counts per outcome, its own work's).
  receiptId?: string;
  details?: Prisma.InputJsonObject;
}): Promise<{ deleted: number; earlierForgotten: number; receiptId: string }> {
  const receiptId = options.receiptId ?? newReceiptId();
  const run = async (tx: Tx) => {
    const { deleted, emailKeys, ...rest } = await deletePeopleInTransaction({ ...options, tx, receiptId });
    const extra = options.details ?? {};
    const earlierForgotten = rest.earlierForgotten + (typeof extra.earlierForgotten === "number" ? extra.earlierForgotten : 0);
    // Their emails' entries on the email suppression list stay (so nobody emails them): the
    // certificate of erasure names them.
    const emailSuppressionList = await findKeptEspEntries(tx, { workspaceId: options.workspace.id, emailKeys });
    await recordAudit({
      tx,
      workspaceId: options.workspace.id,
      actor: options.actor,
      action: options.suppress ? "people.delete_and_suppress" : "people.delete",
      count: deleted,
      details: { ...extra, requested: new Set(options.cioIds).size, ...(earlierForgotten ? { earlierForgotten } : {}), emailSuppressionList },
      receiptId,
    });
    return { deleted, earlierForgotten, receiptId };
  };
  return options.tx ? run(options.tx) : db.$transaction(run);
}

// The person an identifier (cio_<id>, id or email) names right now, or null.
export async function findPersonCioId(options: { workspace: Workspace; identifier: string; tx?: Tx }): Promise<string | null> {
  const client = options.tx ?? db;
  const target = parseIdentifier(options.workspace, options.identifier);
  if (target.kind === "cio_id") {
    const person = await client.person.findFirst({ where: { cioId: target.cioId, workspaceId: options.workspace.id }, select: { cioId: true } });
    return person?.cioId ?? null;
  }
  const hash = hashIdentifier(options.workspace, target.kind, target.kind === "email" ? target.key : target.value);
  const [claim] = await findClaims(client, options.workspace.id, [{ kind: target.kind, hash }]);
  return claim?.cioId ?? null;
}

// DELETE /api/v1/customers/:identifier: deletes (without suppressing) the person the identifier
// names; nobody matching is fine too (idempotent, deleted: 0).
export async function deletePersonByIdentifier(options: {
  workspace: Workspace;
  identifier: string;
  actor: Actor;
}): Promise<{ deleted: number; earlierForgotten: number; receiptId: string }> {
  return db.$transaction(async (tx) => {
    const cioId = await findPersonCioId({ ...options, tx });
    return deletePeople({ workspace: options.workspace, cioIds: cioId ? [cioId] : [], suppress: false, actor: options.actor, tx });
  });
}

// How a deletion takes its people's row locks. wait: the rows in cio_id order (so two deletions
// never deadlock), waiting for whoever holds them (an identify of that person). skip_locked: only the
// rows nobody holds right now, without waiting; the people it passed over are reported as leftover
// for a "wait" pass (a job batch of 10,000 people must not queue behind one busy person).
export type DeletionLocking = "wait" | "skip_locked";

// The delete itself, without an audit entry (jobs write theirs once per job). A constant number of
// statements whatever the number of people, and none that reads or writes their activity: forgetting
// deletes key rows (lib/profile-keys/forget.ts). Event inserts take no lock on their person (see
// lib/activity/track-event.ts): one that read the person before we committed stores its row as if it
// had come just before the deletion. leftover: people of the set who still exist because skip_locked passed
// them over. earlierForgotten: earlier deleted profiles forgotten because they held an identifier
// suppressed here. emailKeys: the deleted people's normalized emails.
export async function deletePeopleInTransaction(options: {
  workspace: Workspace;
  cioIds: string[];
  suppress: boolean;
  actor: Actor;
  receiptId: string;
  tx: Tx;
  locking?: DeletionLocking;
}): Promise<{ deleted: number; leftover: number; earlierForgotten: number; emailKeys: string[] }> {
  const { tx, suppress } = options;
  const skipLocked = options.locking === "skip_locked";
  if (!options.cioIds.length) return { deleted: 0, leftover: 0, earlierForgotten: 0, emailKeys: [] };
  const workspace = await lockWorkspaceShared(tx, options.workspace);
  const wanted = [...new Set(options.cioIds)];
  const restoreScans = await preferIndexScans(tx);
  const people = await tx.$queryRaw<{ cioId: string; externalId: string | null; email: string | null; emailKey: string | null; keyId: string | null }[]>`
    SELECT cio_id AS "cioId", external_id AS "externalId", email, email_key AS "emailKey", key_id::text AS "keyId" FROM person
    WHERE workspace_id = ${workspace.id} AND cio_id = ANY(${wanted}::text[])
    ORDER BY cio_id
    ${skipLocked ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.sql`FOR UPDATE`}`;
  let earlierForgotten = 0;
  if (people.length) {
    const cioIds = people.map((p) => p.cioId);
    const keyIds = people.flatMap((p) => (p.keyId === null ? [] : [p.keyId]));
    if (suppress) {
      // Suppressions take over the people's claims before the people (and so their claims) go.
      await suppressPeopleInTransaction(tx, { workspace, people, actor: options.actor, receiptId: options.receiptId });
      await forgetProfiles(tx, workspace.id, keyIds);
      earlierForgotten = await forgetEarlierProfiles(tx, workspace.id, suppressedIdentifiersOf(workspace, people));
      await tx.$executeRaw`
        INSERT INTO activity (workspace_id, type, forgotten)
        SELECT ${workspace.id}, 'profile_suppressed', true FROM generate_series(1, ${cioIds.length}::int)`;
    } else {
      await recordDeletedProfiles(tx, { workspace, people, receiptId: options.receiptId });
      await tx.$executeRaw`
        INSERT INTO activity (workspace_id, key_id, type)
        SELECT ${workspace.id}, k, 'profile_deleted' FROM unnest(${keyIds}::bigint[]) AS k`;
    }
    // Passed on to the webhook endpoints from the outbox, committed (or rolled back) with the deletion.
    await emitPeopleDeleted(tx, { workspace, people, suppressed: suppress, actor: options.actor, receiptId: options.receiptId });
    // Memberships cascade; claims cascade unless they were just handed to a suppression.
    await tx.$executeRaw`DELETE FROM person WHERE workspace_id = ${workspace.id} AND cio_id = ANY(${cioIds}::text[])`;
  }
  let leftover = 0;
  if (skipLocked && people.length < wanted.length) {
    // Who of the rest still exists (the others were deleted before us): held by someone just now.
    const [row] = await tx.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM person WHERE workspace_id = ${workspace.id} AND cio_id = ANY(${wanted}::text[])`;
    leftover = row.count;
  }
  // (Not in a finally: after a failed statement the transaction is aborted and rolls back anyway.)
  await restoreScans();
  return { deleted: people.length, leftover, earlierForgotten, emailKeys: people.flatMap((p) => (p.emailKey ? [p.emailKey] : [])) };
}
