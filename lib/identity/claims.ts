// Identifier claims: the one table whose unique key (workspace, kind, value_hash) decides who owns an
// identifier value, a living person (cio_id) or a suppression (suppression_id). Every write to it is
// here; identify, delete/suppress, events, the demo seed and the mode switch call these.
import { Prisma } from "../generated/prisma/client";
import type { Workspace } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import { databaseErrorCode } from "../errors";
import type { IdentifierKind } from "./identifiers";

export type ClaimRow = { kind: IdentifierKind; valueHash: string; cioId: string | null; suppressionId: string | null };

// Someone else took an identifier between our read and our write: undo this attempt and try again.
export class RetryTransaction extends Error {
  constructor(reason = "identifier claim conflict") {
    super(reason);
    this.name = "RetryTransaction";
  }
}

export const MAX_ATTEMPTS = 25;

// Conflicts that a fresh attempt resolves: our own retry signal, deadlocks, serialization failures,
// and unique violations from a concurrent insert of the same value.
export function isRetryable(error: unknown): boolean {
  if (error instanceof RetryTransaction) return true;
  const code = databaseErrorCode(error);
  if (code === "40P01" || code === "40001" || code === "23505") return true;
  return (error as { code?: string })?.code === "P2002" || (error as { code?: string })?.code === "P2034";
}

// Runs fn in its own transaction, again from the start while it hits a retryable conflict.
export async function transactionWithRetry<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(fn);
    } catch (error) {
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
}

// Locks the workspace row against a concurrent identification-mode switch and returns it as stored
// now, so that the mode used for claims is the one that commits.
export async function lockWorkspaceShared<W extends Workspace>(tx: Tx, workspace: W): Promise<W> {
  const rows = await tx.$queryRaw<{ mode: Workspace["identificationMode"] }[]>`
    SELECT identification_mode::text AS mode FROM workspace WHERE id = ${workspace.id} FOR SHARE`;
  if (!rows.length) throw new Error(`workspace ${workspace.id} does not exist`);
  return rows[0].mode === workspace.identificationMode ? workspace : { ...workspace, identificationMode: rows[0].mode };
}

// The claims (if any) on the given identifier hashes.
export async function findClaims(
  tx: Tx,
  workspaceId: string,
  wanted: { kind: IdentifierKind; hash: string }[],
): Promise<ClaimRow[]> {
  if (!wanted.length) return [];
  const pairs = Prisma.join(wanted.map((w) => Prisma.sql`(${w.kind}::"IdentifierKind", ${w.hash})`));
  return tx.$queryRaw<ClaimRow[]>`
    SELECT kind::text AS "kind", value_hash AS "valueHash", cio_id AS "cioId", suppression_id AS "suppressionId"
    FROM identifier_claim
    WHERE workspace_id = ${workspaceId} AND (kind, value_hash) IN (${pairs})`;
}

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

// Hands the claims of people about to be deleted to their suppressions (pairwise: cioIds[i] →
// suppressionIds[i]): the values stay taken, now by the suppression. Returns the claims handed over.
export async function handClaimsToSuppressions(
  tx: Tx,
  cioIds: string[],
  suppressionIds: string[],
): Promise<{ cioId: string; kind: IdentifierKind }[]> {
  if (!cioIds.length) return [];
  return tx.$queryRaw<{ cioId: string; kind: IdentifierKind }[]>`
    UPDATE identifier_claim c SET cio_id = NULL, suppression_id = s.sid
    FROM unnest(${cioIds}::text[], ${suppressionIds}::text[]) AS s(cio, sid)
    WHERE c.cio_id = s.cio
    RETURNING s.cio AS "cioId", c.kind::text AS kind`;
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

// Test-only (back to ID-only mode): living people's email claims go; suppressions keep theirs.
export async function dropLivingEmailClaims(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM identifier_claim WHERE workspace_id = ${workspaceId} AND kind = 'email' AND cio_id IS NOT NULL`;
}

// Row locks don't queue fairly: a steady stream of events, each holding FOR KEY SHARE on its person,
// can starve a suppress waiting for FOR UPDATE (measured: ~60 s under 20 event loops). Advisory locks
// do queue, so events and deletions first meet on one of 256 buckets of cio_ids: deletions take
// their buckets exclusively (in ascending order, so deletions never deadlock), an event its bucket
// shared. A deletion therefore waits only for the events already running.
const PERSON_LOCK_SPACE = 0x5045; // "PE"

function personBucket(cioId: string): number {
  return parseInt(cioId.slice(0, 2), 16) || 0;
}

export async function lockPeopleForDeletion(tx: Tx, cioIds: string[]): Promise<void> {
  const buckets = [...new Set(cioIds.map(personBucket))].sort((a, b) => a - b);
  if (!buckets.length) return;
  await tx.$queryRaw`
    SELECT pg_advisory_xact_lock(${PERSON_LOCK_SPACE}::int, b)::text AS locked
    FROM (SELECT b FROM unnest(${buckets}::int[]) AS b ORDER BY b) AS sorted`;
}

// Batches touch thousands of people among many: with = ANY(...) the planner picks a sequential scan
// of person (and of activity), which makes every batch cost the whole table. Index probes only, for
// the rest of this transaction. JIT off too: the costs that disabling sequential scans inflates
// (1e10) would otherwise make every batch statement compile itself (measured: ~0.7 s of JIT on a
// 10,000-person batch's activity update). Returns a function that restores both settings.
export async function preferIndexScans(tx: Tx): Promise<() => Promise<void>> {
  const [{ seqscan, jit }] = await tx.$queryRaw<{ seqscan: string; jit: string }[]>`
    SELECT current_setting('enable_seqscan') AS seqscan, current_setting('jit') AS jit,
      set_config('enable_seqscan', 'off', true) AS s, set_config('jit', 'off', true) AS j`;
  return async () => {
    await tx.$queryRaw`SELECT set_config('enable_seqscan', ${seqscan}, true) AS s, set_config('jit', ${jit}, true) AS j`;
  };
}

// An event's shared lock on its person as an expression over a cio_id column, for statements that find
// the person and lock it in one round trip: takes the shared bucket lock (the bucket is the cio_id's first hex
// byte, as personBucket computes it) and yields TRUE, so it can sit in a WHERE clause before the row lock.
export function personEventLockSql(cioIdColumn: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(pg_advisory_xact_lock_shared(${PERSON_LOCK_SPACE}::int, ('x' || substr(${cioIdColumn}, 1, 2))::bit(8)::int)::text = '')`;
}

// Releases some of a person's claims (an id or email they no longer hold), as a CTE named `name`.
export function deletePersonClaimsCte(options: {
  name: string;
  workspaceId: string;
  cioId: string;
  claims: { kind: IdentifierKind; hash: string }[];
}): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(options.name)} AS (
    DELETE FROM identifier_claim
    WHERE workspace_id = ${options.workspaceId} AND cio_id = ${options.cioId}
      AND (kind::text, value_hash) IN (SELECT * FROM unnest(${options.claims.map((c) => c.kind)}::text[], ${options.claims.map((c) => c.hash)}::text[]))
  )`;
}
