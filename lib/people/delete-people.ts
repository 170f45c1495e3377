// Deleting people, with or without suppression, as set-based SQL in one transaction. Used by the
// dialog (inline), the deletion job worker (per batch) and suppress-by-identifier.
import { randomBytes } from "node:crypto";
import type { Workspace } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import { newReceiptId, recordAudit, type Actor } from "../audit/record-audit";
import { findClaims, lockPeopleForDeletion, lockWorkspaceShared, preferIndexScans } from "../identity/claims";
import { hashIdentifier, maskEmail, maskId, parseIdentifier } from "../identity/identifiers";

export function newSuppressionId(): string {
  return `sup_${randomBytes(10).toString("hex")}`;
}

// Deletes the given people of the workspace (unknown cio_ids are skipped) and writes one audit entry.
// With suppress, their identifiers are suppressed and their activity redacted in the same
// transaction; without, their activity stays under their old cio_id.
export async function deletePeople(options: {
  workspace: Workspace;
  cioIds: string[];
  suppress: boolean;
  actor: Actor;
  tx?: Tx;
}): Promise<{ deleted: number; receiptId: string }> {
  const receiptId = newReceiptId();
  const run = async (tx: Tx) => {
    const { deleted } = await deletePeopleInTransaction({ ...options, tx, receiptId });
    await recordAudit({
      tx,
      workspaceId: options.workspace.id,
      actor: options.actor,
      action: options.suppress ? "people.delete_and_suppress" : "people.delete",
      count: deleted,
      details: { requested: new Set(options.cioIds).size },
      receiptId,
    });
    return { deleted, receiptId };
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
  const [claim] = await findClaims(client as Tx, options.workspace.id, [{ kind: target.kind, hash }]);
  return claim?.cioId ?? null;
}

// DELETE /api/v1/customers/:identifier: deletes (without suppressing) the person the identifier
// names; nobody matching is fine too (idempotent, deleted: 0).
export async function deletePersonByIdentifier(options: {
  workspace: Workspace;
  identifier: string;
  actor: Actor;
}): Promise<{ deleted: number; receiptId: string }> {
  return db.$transaction(async (tx) => {
    const cioId = await findPersonCioId({ ...options, tx });
    return deletePeople({ workspace: options.workspace, cioIds: cioId ? [cioId] : [], suppress: false, actor: options.actor, tx });
  });
}

// The delete itself, without an audit entry (jobs write theirs once per job). Locks the people first,
// so that a concurrent event insert (which holds FOR KEY SHARE on its person) either commits before
// the redaction reads activity or waits and then finds its person gone.
export async function deletePeopleInTransaction(options: {
  workspace: Workspace;
  cioIds: string[];
  suppress: boolean;
  actor: Actor;
  receiptId: string;
  tx: Tx;
}): Promise<{ deleted: number; deletedCioIds: string[] }> {
  const { tx } = options;
  if (!options.cioIds.length) return { deleted: 0, deletedCioIds: [] };
  const workspace = await lockWorkspaceShared(tx, options.workspace);
  await lockPeopleForDeletion(tx, options.cioIds);
  const restoreScans = await preferIndexScans(tx);
  // (Not in a finally: after a failed statement the transaction is aborted and rolls back anyway.)
  const result = await deleteLockedPeople(tx, workspace, options);
  await restoreScans();
  return result;
}

async function deleteLockedPeople(
  tx: Tx,
  workspace: Workspace,
  options: { cioIds: string[]; suppress: boolean; actor: Actor; receiptId: string },
): Promise<{ deleted: number; deletedCioIds: string[] }> {
  const { suppress } = options;
  const people = await tx.$queryRaw<{ cio_id: string; external_id: string | null; email: string | null; email_key: string | null }[]>`
    SELECT cio_id, external_id, email, email_key FROM person
    WHERE workspace_id = ${workspace.id} AND cio_id = ANY(${[...new Set(options.cioIds)]}::text[])
    ORDER BY cio_id
    FOR UPDATE`;
  if (!people.length) return { deleted: 0, deletedCioIds: [] };
  const cioIds = people.map((p) => p.cio_id);

  if (suppress) {
    const emailIsIdentifier = workspace.identificationMode === "email_or_id";
    const suppressionIds = people.map(() => newSuppressionId());
    await tx.$executeRaw`
      INSERT INTO suppression (id, workspace_id, id_hint, email_hint, remembered_email_hash, actor_type, actor_id, receipt_id)
      SELECT s.id, ${workspace.id}, s.id_hint, s.email_hint, s.remembered, ${options.actor.type}::"ActorType", ${options.actor.id ?? null}, ${options.receiptId}
      FROM unnest(${suppressionIds}::text[], ${people.map((p) => (p.external_id === null ? null : maskId(p.external_id)))}::text[],
        ${people.map((p) => (p.email === null ? null : maskEmail(p.email)))}::text[],
        ${people.map((p) => (!emailIsIdentifier && p.email_key ? hashIdentifier(workspace, "email", p.email_key) : null))}::text[]
      ) AS s(id, id_hint, email_hint, remembered)`;
    // The person's claims become the suppression's: the values stay taken, now by the suppression.
    const converted = await tx.$queryRaw<{ cio_id: string; kind: "id" | "email" }[]>`
      UPDATE identifier_claim c SET cio_id = NULL, suppression_id = s.sid
      FROM unnest(${cioIds}::text[], ${suppressionIds}::text[]) AS s(cio, sid)
      WHERE c.cio_id = s.cio
      RETURNING s.cio AS cio_id, c.kind::text AS kind`;
    // Identifiers a person held without a claim (data loaded around identify) are suppressed too;
    // normally every identifier has its claim and there is nothing to add.
    const claimed = new Set(converted.map((c) => `${c.kind}:${c.cio_id}`));
    const kinds: string[] = [];
    const hashes: string[] = [];
    const owners: string[] = [];
    people.forEach((p, i) => {
      if (p.external_id !== null && !claimed.has(`id:${p.cio_id}`)) {
        kinds.push("id");
        hashes.push(hashIdentifier(workspace, "id", p.external_id));
        owners.push(suppressionIds[i]);
      }
      if (emailIsIdentifier && p.email_key && !claimed.has(`email:${p.cio_id}`)) {
        kinds.push("email");
        hashes.push(hashIdentifier(workspace, "email", p.email_key));
        owners.push(suppressionIds[i]);
      }
    });
    if (kinds.length) {
      await tx.$executeRaw`
        INSERT INTO identifier_claim (workspace_id, kind, value_hash, suppression_id)
        SELECT ${workspace.id}, c.kind::"IdentifierKind", c.hash, c.owner
        FROM unnest(${kinds}::text[], ${hashes}::text[], ${owners}::text[]) AS c(kind, hash, owner)
        ON CONFLICT DO NOTHING`;
    }
    await tx.$executeRaw`
      UPDATE activity SET cio_id = NULL, name = NULL, data = NULL, client_event_id = NULL, forgotten = true
      WHERE cio_id = ANY(${cioIds}::text[]) AND workspace_id = ${workspace.id}`;
    await tx.$executeRaw`
      INSERT INTO activity (workspace_id, type, forgotten)
      SELECT ${workspace.id}, 'profile_suppressed', true FROM generate_series(1, ${cioIds.length}::int)`;
  } else {
    await tx.$executeRaw`
      INSERT INTO activity (workspace_id, cio_id, type)
      SELECT ${workspace.id}, c, 'profile_deleted' FROM unnest(${cioIds}::text[]) AS c`;
  }
  // Memberships cascade; claims cascade unless they were just handed to a suppression.
  await tx.$executeRaw`DELETE FROM person WHERE workspace_id = ${workspace.id} AND cio_id = ANY(${cioIds}::text[])`;
  return { deleted: cioIds.length, deletedCioIds: cioIds };
}
