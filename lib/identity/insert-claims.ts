// Identifier claims: the one table whose unique key (workspace, kind, value_hash) decides who owns an
// identifier value, a living person (cio_id) or a suppression (suppression_id).
// Every insert into it is here: the demo seed's new people, suppressions, and the switch to email-or-ID mode.
import type { Tx } from "../db";
import type { IdentifierKind } from "./identifiers";

// Claims the identifiers of many people created together (demo seeding), set-based, all or nothing
// per person: returns the cio_ids that did not get every claim asked for, because a suppression or
// another person holds the value. The caller must not keep those people (deleting them takes their
// other claims with them).
export async function insertNewPeopleClaims(
  tx: Tx,
  workspaceId: string,
  claims: { cioId: string; kind: IdentifierKind; hash: string }[],
): Promise<string[]> {
  if (!claims.length) return [];
  const kinds = claims.map((c) => c.kind);
  const hashes = claims.map((c) => c.hash);
  const cioIds = claims.map((c) => c.cioId);
  // Ids before emails, then by hash, so that concurrent claimers meet the values in one order.
  const inserted = await tx.$executeRaw`
    INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
    SELECT ${workspaceId}, c.kind::"IdentifierKind", c.hash, c.cio_id
    FROM unnest(${kinds}::text[], ${hashes}::text[], ${cioIds}::text[]) AS c(kind, hash, cio_id)
    ORDER BY c.kind = 'email', c.hash
    ON CONFLICT DO NOTHING`;
  if (inserted === claims.length) return [];
  const lost = await tx.$queryRaw<{ cioId: string }[]>`
    SELECT DISTINCT c.cio_id AS "cioId"
    FROM unnest(${kinds}::text[], ${hashes}::text[], ${cioIds}::text[]) AS c(kind, hash, cio_id)
    WHERE NOT EXISTS (
      SELECT 1 FROM identifier_claim ic
      WHERE ic.workspace_id = ${workspaceId} AND ic.kind = c.kind::"IdentifierKind" AND ic.value_hash = c.hash AND ic.cio_id = c.cio_id)`;
  return lost.map((row) => row.cioId);
}

// Claims values for suppressions; a value someone already holds is left alone (ON CONFLICT DO
// NOTHING). Returns how many were inserted, so a caller that must own the value can tell.
export async function insertSuppressionClaims(
  tx: Tx,
  workspaceId: string,
  claims: { kind: IdentifierKind; hash: string; suppressionId: string }[],
): Promise<number> {
  if (!claims.length) return 0;
  return tx.$executeRaw`
    INSERT INTO identifier_claim (workspace_id, kind, value_hash, suppression_id)
    SELECT ${workspaceId}, c.kind::"IdentifierKind", c.hash, c.owner
    FROM unnest(${claims.map((c) => c.kind)}::text[], ${claims.map((c) => c.hash)}::text[], ${claims.map((c) => c.suppressionId)}::text[])
      AS c(kind, hash, owner)
    ON CONFLICT DO NOTHING`;
}

// The switch to email-or-ID mode: living people claim their emails (returns how many were inserted;
// the caller has checked for conflicts first) ...
export async function insertEmailClaims(tx: Tx, workspaceId: string, claims: { cioId: string; hash: string }[]): Promise<number> {
  if (!claims.length) return 0;
  return tx.$executeRaw`
    INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
    SELECT ${workspaceId}, 'email', h, c
    FROM unnest(${claims.map((c) => c.hash)}::text[], ${claims.map((c) => c.cioId)}::text[]) AS t(h, c)
    ON CONFLICT DO NOTHING`;
}

// ... and the emails suppressions remembered in ID-only mode become their claims. Two suppressed
// profiles may remember the same email: the oldest suppression takes it. Returns how many.
export async function activateRememberedEmailClaims(tx: Tx, workspaceId: string): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO identifier_claim (workspace_id, kind, value_hash, suppression_id)
    SELECT DISTINCT ON (remembered_email_hash) workspace_id, 'email', remembered_email_hash, id
    FROM suppression WHERE workspace_id = ${workspaceId} AND remembered_email_hash IS NOT NULL
    ORDER BY remembered_email_hash, created_at
    ON CONFLICT DO NOTHING`;
}
