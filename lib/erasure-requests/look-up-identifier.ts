// "Did we delete this person?" for support, from keyed hashes only: the value typed is hashed as the
// suppression list hashes it and looked up in identifier_claim (suppressed, or held by someone now)
// and deleted_identifier (the record of plainly deleted profiles, the same one erase-later uses).
// Nothing typed is stored; the answer names dates, receipts and masked hints, never the value.
import "server-only";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";
import { hashIdentifier, isEmail, normalizeEmail, type IdentifierKind } from "../identity/identifiers";
import { isStorableText } from "../text";

export type IdentifierLookUp =
  | { state: "suppressed"; kind: IdentifierKind; since: Date; receiptId: string; remembered?: boolean }
  | { state: "deleted"; kind: IdentifierKind; deletions: { deletedAt: Date; receiptId: string }[] }
  | { state: "held"; kind: IdentifierKind; cioId: string }
  | { state: "not_found" };

// Where the value stands: suppressed (since, receipt) before deleted (each deletion's date and
// receipt) before held by a living person; else not found. An email is looked up as an email and as an id.
export async function lookUpIdentifier(options: { workspace: Workspace; value: string }): Promise<IdentifierLookUp> {
  const { workspace } = options;
  const value = options.value.trim();
  if (!value || !isStorableText(value)) return { state: "not_found" };
  const wanted: { kind: IdentifierKind; hash: string }[] = [{ kind: "id", hash: hashIdentifier(workspace, "id", value) }];
  if (isEmail(value)) wanted.unshift({ kind: "email", hash: hashIdentifier(workspace, "email", normalizeEmail(value)) });
  const kinds = wanted.map((w) => w.kind);
  const hashes = wanted.map((w) => w.hash);
  const claims = await db.$queryRaw<{ kind: IdentifierKind; cioId: string | null; since: Date | null; receiptId: string | null }[]>`
    SELECT c.kind::text AS kind, c.cio_id AS "cioId", s.created_at AS since, s.receipt_id AS "receiptId"
    FROM unnest(${kinds}::text[], ${hashes}::text[]) AS w(kind, hash)
    JOIN identifier_claim c ON c.workspace_id = ${workspace.id} AND c.kind = w.kind::"IdentifierKind" AND c.value_hash = w.hash
    LEFT JOIN suppression s ON s.id = c.suppression_id`;
  const suppressed = claims.find((c) => c.receiptId !== null);
  if (suppressed) return { state: "suppressed", kind: suppressed.kind, since: suppressed.since!, receiptId: suppressed.receiptId! };
  const emailHash = wanted.find((w) => w.kind === "email")?.hash;
  if (emailHash && workspace.identificationMode === "id") {
    const [remembered] = await db.$queryRaw<{ since: Date; receiptId: string }[]>`
      SELECT created_at AS since, receipt_id AS "receiptId" FROM suppression
      WHERE workspace_id = ${workspace.id} AND remembered_email_hash = ${emailHash} ORDER BY created_at LIMIT 1`;
    if (remembered) return { state: "suppressed", kind: "email", since: remembered.since, receiptId: remembered.receiptId, remembered: true };
  }
  const deleted = await db.$queryRaw<{ kind: IdentifierKind; deletedAt: Date; receiptId: string }[]>`
    SELECT d.kind::text AS kind, d.deleted_at AS "deletedAt", d.receipt_id AS "receiptId"
    FROM unnest(${kinds}::text[], ${hashes}::text[]) AS w(kind, hash)
    JOIN deleted_identifier d ON d.workspace_id = ${workspace.id} AND d.kind = w.kind::"IdentifierKind" AND d.value_hash = w.hash
    ORDER BY d.deleted_at DESC LIMIT 20`;
  if (deleted.length) return { state: "deleted", kind: deleted[0].kind, deletions: deleted.map(({ deletedAt, receiptId }) => ({ deletedAt, receiptId })) };
  const held = claims.find((c) => c.cioId !== null);
  if (held) return { state: "held", kind: held.kind, cioId: held.cioId! };
  return { state: "not_found" };
}
