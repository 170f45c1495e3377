// Identify: create or update people from an API call or a form (identifyMany: v2 batches and CSV
// imports). Identifiers are taken through identifier_claim (unique per workspace, kind and hash): a
// claim taken meanwhile by someone else makes a write come up short and the call is tried again, so a
// suppressed identifier can never be taken by a person, however the calls interleave.
//
// One call (identify, the Track API's hot path) runs without an interactive transaction, in one or
// two statements on the pool: a read (the mode, the segment list's version, the claims on every
// identifier named, the people concerned with their row versions), which for the common case of a
// new person whose identifiers nobody holds also creates them; and otherwise a compare-and-swap
// write whose preconditions are what the plan was made from (the person rows as read, by xmin; the
// mode under FOR KEY SHARE; the segment version; claims still free). A precondition that fails
// aborts the whole statement (stale_read(), SQLSTATE 40S01) and the call reads again. Calls that
// release claims (an id or email changed via cio_) or need several segment levels run in a
// transaction, as a batch of one (./identify-batch.ts).
import { Prisma, type Workspace } from "../generated/prisma/client";
import { createCoalescer } from "../database/coalescer";
import { db, poolQuery } from "../db";
import type { Actor } from "../audit/record-audit";
import { databaseErrorCode } from "../errors";
import { isRetryable, MAX_ATTEMPTS, RetryTransaction, transactionWithRetry } from "../identity/retry-transaction";
import { parseIdentifier } from "../identity/identifiers";
import { parseAttributes, type ParsedAttributes } from "./attributes";
import { dataDrivenLevelsAt, segmentsCacheName, type DataDrivenSegment } from "../segments/membership";
import { identifyBatch } from "./identify-batch";
import { BatchState } from "./identify-batch-state";
import { planRow } from "./plan-identify-row";
import { memoHasher, namedIdentifiers, snapshotColumns, snapshotCtes, toSnapshot, type SnapshotRow } from "./read-identify-snapshot";
import { NEW_KEYS_COLUMN, writeCtes, type Taken } from "./write-identify-batch";

type IdentifyResult = { cioId: string | null; created: boolean };

// Creates or updates the person named by identifier (cio_<id>, id or email) with the attributes of an
// identify body. Throws ValidationError on bad input and SuppressedIdentifierError when the path or
// the body names a suppressed identifier; in both cases nothing is written.
export async function identify(options: {
  workspace: Workspace;
  identifier: string;
  attributes: unknown;
  actor?: Actor;
}): Promise<IdentifyResult> {
  parseIdentifier(options.workspace, options.identifier); // fail fast on bad input, before any statement
  const input = parseAttributes(options.attributes);
  return coalescedIdentify(options.workspace.id, { workspace: options.workspace, raw: options.identifier, input });
}

type IdentifyCall = { workspace: Workspace; raw: string; input: ParsedAttributes };

// Identifies of one workspace in this process: up to IDENTIFY_LANES at once each on its own (one
// statement for a new person); past that, the waiting ones go together through identifyBatch, in
// arrival order, as identifyMany would apply them (one transaction: a read and a write for all).
// bench:api (50 clients) measured identify at 0.58 of the ceiling with this, 0.49–0.55 without.
const IDENTIFY_LANES = 4;
const coalescedIdentify = createCoalescer<IdentifyCall, IdentifyResult>({
  one: ({ workspace, raw, input }) => identifyAlone(workspace, raw, input),
  many: async (calls) => {
    const outcomes = await transactionWithRetry((tx) => identifyBatch(tx, calls[0].workspace, calls.map(({ raw, input }) => ({ raw, input }))));
    return outcomes.map((outcome) => ("error" in outcome ? { ok: false, error: outcome.error } : { ok: true, value: outcome }));
  },
  lanes: IDENTIFY_LANES,
  maxBatch: 100,
});

// One identify through identifyOne, retried on stale reads and conflicts.
async function identifyAlone(cachedWorkspace: Workspace, raw: string, input: ParsedAttributes): Promise<IdentifyResult> {
  let workspace = cachedWorkspace;
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await identifyOne(workspace, raw, input);
      if ("mode" in outcome) workspace = { ...workspace, identificationMode: outcome.mode };
      else if (!("retry" in outcome)) return outcome;
    } catch (error) {
      if (!(isStaleRead(error) || isRetryable(error)) || attempt >= MAX_ATTEMPTS) throw error;
    }
    if (attempt >= MAX_ATTEMPTS) throw new RetryTransaction();
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
  }
}

// SQLSTATE raised by stale_read() (migration 20261202084255_stale_read): a compare-and-swap write
// found its preconditions changed, and the whole statement was undone.
const STALE_READ = "40S01";

function isStaleRead(error: unknown): boolean {
  return databaseErrorCode(error) === STALE_READ;
}

// The segment list version each workspace was last read at: lets the first statement of an identify
// write a new person with the cached segment list, guarded by that version. On globalThis so that
// every bundle of the app in this process shares one copy.
const knownSegmentsVersions = ((globalThis as { __peopleAdminIdentifySegments?: Map<string, bigint> }).__peopleAdminIdentifySegments ??= new Map<string, bigint>());

// The guard of a compare-and-swap write: one row while the workspace is in the mode the call was
// planned in (held FOR KEY SHARE: a mode switch takes the row FOR UPDATE, so it waits for this write
// or this write waits for it and then finds the new mode), its segment list is at the version planned
// with, and, when creating from a read in the same statement, nobody holds any identifier named.
function guardCte(workspace: Workspace, segmentsVersion: bigint, noClaims: boolean): Prisma.Sql {
  return Prisma.sql`guard AS (
      SELECT 1 AS go FROM workspace
      WHERE id = ${workspace.id} AND identification_mode::text = ${workspace.identificationMode}
        AND COALESCE((SELECT version FROM cache_version WHERE name = ${segmentsCacheName(workspace.id)}), 0) = ${segmentsVersion.toString()}::bigint
        ${noClaims ? Prisma.sql`AND NOT EXISTS (SELECT 1 FROM claims)` : Prisma.empty}
      FOR KEY SHARE
    )`;
}

// Columns that check a guarded write: whether it went, and, when it went but came up short (a claim
// taken or a person changed since the read), stale_read() aborts the whole statement.
function checkColumns(state: BatchState, taken: Taken[]): Prisma.Sql {
  return Prisma.sql`(SELECT count(*) FROM guard)::int AS went, ${NEW_KEYS_COLUMN},
      CASE WHEN EXISTS (SELECT 1 FROM guard) AND ((SELECT count(*) FROM inserted) <> ${state.created.size}
        OR (SELECT count(*) FROM updated) <> ${state.updated.size} OR (SELECT count(*) FROM claimed) <> ${taken.length})
      THEN stale_read('identify') END AS stale`;
}

type OneOutcome = IdentifyResult | { mode: Workspace["identificationMode"] } | { retry: true };

// One attempt of identify: the read (which also creates a new person when nobody holds its
// identifiers), then, when the plan changes something the read did not write, one compare-and-swap
// write. Answers { mode } when the workspace's mode differs from the cached one, { retry } when the
// write's guard found the mode or the segment list changed; throws stale reads and rule errors.
async function identifyOne(workspace: Workspace, raw: string, input: ParsedAttributes): Promise<OneOutcome> {
  const target = parseIdentifier(workspace, raw);
  const hash = memoHasher(workspace);
  const named = namedIdentifiers(workspace, hash, target, input);
  const cioIds = target.kind === "cio_id" ? [target.cioId] : [];

  // Planned as if nobody held the identifiers: written by the read when that is so.
  let create: { state: BatchState; taken: Taken[]; level?: DataDrivenSegment[]; outcome: IdentifyResult; version: bigint } | null = null;
  const known = knownSegmentsVersions.get(workspace.id);
  if (known !== undefined && target.kind !== "cio_id" && !input.update) {
    const levels = await dataDrivenLevelsAt(db, workspace.id, known);
    if (levels.length <= 1) {
      const state = new BatchState(workspace, { mode: workspace.identificationMode, segmentsVersion: known, claims: [], people: [] }, hash);
      try {
        const outcome = planRow(state, target, input);
        if (outcome.created) create = { state, taken: state.claimChanges().taken, level: levels[0], outcome, version: known };
      } catch {
        // Planned again from what the read finds.
      }
    }
  }
  const [row] = await poolQuery<SnapshotRow & { went?: number; newKeys?: { cio_id: string; id: string }[] | null }>(Prisma.sql`
    WITH ${snapshotCtes(workspace.id, named, cioIds, false)}
    ${create ? Prisma.sql`, ${guardCte(workspace, create.version, true)}, ${writeCtes(create.state, create.taken, create.level, true)}` : Prisma.empty}
    SELECT ${snapshotColumns(workspace.id, Prisma.sql`(SELECT identification_mode::text FROM workspace WHERE id = ${workspace.id})`)}
      ${create ? Prisma.sql`, ${checkColumns(create.state, create.taken)}` : Prisma.empty}`);
  if (create && row.went) {
    create.state.primeEventKeys(row.newKeys ?? null);
    return create.outcome;
  }
  const snapshot = toSnapshot(workspace.id, row);
  if (knownSegmentsVersions.size > 1_000) knownSegmentsVersions.clear();
  knownSegmentsVersions.set(workspace.id, snapshot.segmentsVersion);
  if (snapshot.mode !== workspace.identificationMode) return { mode: snapshot.mode };

  const state = new BatchState(workspace, snapshot, hash);
  const outcome = planRow(state, target, input);
  if (!state.created.size && !state.updated.size) return outcome;
  const levels = await dataDrivenLevelsAt(db, workspace.id, snapshot.segmentsVersion);
  const { released, taken } = state.claimChanges();
  if (released.length || levels.length > 1) {
    // Several statements are unavoidable (claims released before others are taken; segments that
    // depend on segments): in a transaction, people locked.
    const [locked] = await transactionWithRetry((tx) => identifyBatch(tx, workspace, [{ raw, input }]));
    if ("error" in locked) throw locked.error;
    return locked;
  }
  const [written] = await poolQuery<{ went: number; newKeys: { cio_id: string; id: string }[] | null }>(Prisma.sql`
    WITH ${guardCte(workspace, snapshot.segmentsVersion, false)}, ${writeCtes(state, taken, levels[0], true)}
    SELECT ${checkColumns(state, taken)}`);
  if (written.went) state.primeEventKeys(written.newKeys);
  return written.went ? outcome : { retry: true };
}
