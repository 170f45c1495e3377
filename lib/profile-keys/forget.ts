// Forgetting profiles and remembering deleted ones. Forgetting deletes a profile's key row: all its
// sealed activity is unreadable from the commit on, one row whatever the history (the row's
// deleted_identifier records go with it, by cascade). A plain delete keeps the key row (the history
// stays readable, attributed to the old cio_id), drops the attribute key (snapshots go with the
// attributes) and records the profile's identifiers as keyed hashes, so that suppressing one of them
// later, by any path, forgets the profile too.
import type { Workspace } from "../generated/prisma/client";
import type { Tx } from "../db";
import { hashIdentifier, type IdentifierKind } from "../identity/identifiers";

type KeyedIdentifier = { kind: IdentifierKind; hash: string };

// Forgets the profiles of these key rows (people being deleted with suppression).
export async function forgetProfiles(tx: Tx, workspaceId: string, keyIds: string[]): Promise<void> {
  if (!keyIds.length) return;
  await tx.$executeRaw`DELETE FROM profile_key WHERE workspace_id = ${workspaceId} AND id = ANY(${keyIds}::bigint[])`;
}

// Forgets every earlier deleted profile that held one of these identifiers; how many.
export async function forgetEarlierProfiles(tx: Tx, workspaceId: string, identifiers: KeyedIdentifier[]): Promise<number> {
  if (!identifiers.length) return 0;
  // One index probe per identifier (OFFSET 0 keeps each a subquery of its own): planned as a join,
  // a list of unknown length could be hashed against the whole table.
  return tx.$executeRaw`
    DELETE FROM profile_key WHERE id IN (
      SELECT d.key_id FROM jsonb_to_recordset(${JSON.stringify(identifiers)}::jsonb) AS w(kind text, hash text)
      CROSS JOIN LATERAL (
        SELECT key_id FROM deleted_identifier
        WHERE workspace_id = ${workspaceId} AND kind = w.kind::"IdentifierKind" AND value_hash = w.hash
        OFFSET 0
      ) d)`;
}

// Forgets the deleted profile cio_<cioId>; false when there is no such deleted profile.
export async function forgetDeletedProfile(tx: Tx, workspaceId: string, cioId: string): Promise<boolean> {
  const count = await tx.$executeRaw`
    DELETE FROM profile_key WHERE workspace_id = ${workspaceId} AND cio_id = ${cioId} AND deleted_at IS NOT NULL`;
  return count > 0;
}

// A plain delete of these people (their rows locked, deleted in this transaction): their key rows
// lose the attribute key and say when, and their id and email are recorded as keyed hashes. The
// email is recorded in either mode: in ID-only mode it is what a later switch to email-or-ID suppresses.
export async function recordDeletedProfiles(
  tx: Tx,
  options: {
    workspace: Pick<Workspace, "id" | "hashSecret">;
    people: { keyId: string | null; externalId: string | null; emailKey: string | null }[];
    receiptId: string;
  },
): Promise<void> {
  const { workspace, receiptId } = options;
  const people = options.people.filter((p): p is typeof p & { keyId: string } => p.keyId !== null);
  if (!people.length) return;
  await tx.$executeRaw`
    UPDATE profile_key SET attribute_key = NULL, deleted_at = now()
    WHERE workspace_id = ${workspace.id} AND id = ANY(${people.map((p) => p.keyId)}::bigint[])`;
  const records: { kind: IdentifierKind; hash: string; key_id: string }[] = [];
  for (const p of people) {
    if (p.externalId !== null) records.push({ kind: "id", hash: hashIdentifier(workspace, "id", p.externalId), key_id: p.keyId });
    if (p.emailKey !== null) records.push({ kind: "email", hash: hashIdentifier(workspace, "email", p.emailKey), key_id: p.keyId });
  }
  if (!records.length) return;
  await tx.$executeRaw`
    INSERT INTO deleted_identifier (workspace_id, kind, value_hash, key_id, receipt_id)
    SELECT ${workspace.id}, r.kind::"IdentifierKind", r.hash, r.key_id, ${receiptId}
    FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r(kind text, hash text, key_id bigint)
    ON CONFLICT DO NOTHING`;
}

// The identifiers suppressing these people takes: the id, and the email where it is an identifier.
export function suppressedIdentifiersOf(
  workspace: Pick<Workspace, "hashSecret" | "identificationMode">,
  people: { externalId: string | null; emailKey: string | null }[],
): KeyedIdentifier[] {
  const out: KeyedIdentifier[] = [];
  for (const p of people) {
    if (p.externalId !== null) out.push({ kind: "id", hash: hashIdentifier(workspace, "id", p.externalId) });
    if (workspace.identificationMode === "email_or_id" && p.emailKey !== null) out.push({ kind: "email", hash: hashIdentifier(workspace, "email", p.emailKey) });
  }
  return out;
}
