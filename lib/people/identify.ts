// Identify: create or update people from an API call, a form, a v2 batch or a CSV import.
// Identifiers are taken through identifier_claim (unique per workspace, kind and hash): a claim taken
// meanwhile by someone else makes a write come up short and the call is tried again, so a suppressed
// identifier can never be taken by a person, however the calls interleave.
//
// One call (identify, the Track API's hot path) runs without an interactive transaction, in one or
// two statements on the pool: a read (the mode, the segment list's version, the claims on every
// identifier named, the people concerned with their row versions), which for the common case of a
// new person whose identifiers nobody holds also creates them; and otherwise a compare-and-swap
// write whose preconditions are what the plan was made from (the person rows as read, by xmin; the
// mode under FOR KEY SHARE; the segment version; claims still free). A precondition that fails
// aborts the whole statement (stale_read(), SQLSTATE 40S01) and the call reads again. Calls that
// release claims (an id or email changed via cio_) or need several segment levels, and batches
// (identifyMany: one read and one write statement per IDENTIFY_BATCH_SIZE rows, people locked), run
// in a transaction.
import { Prisma, type Workspace } from "../generated/prisma/client";
import { createCoalescer } from "../database/coalescer";
import { db, poolQuery, type Tx } from "../db";
import type { Actor } from "../audit/record-audit";
import { databaseErrorCode, SuppressedIdentifierError, ValidationError } from "../errors";
import { type ClaimRow } from "../identity/find-claims";
import { deletePersonClaimsCte } from "../identity/release-claims";
import { isRetryable, MAX_ATTEMPTS, RetryTransaction, transactionWithRetry } from "../identity/retry-transaction";
import {
  hashIdentifier,
  maskEmail,
  maskId,
  newCioId,
  normalizeEmail,
  parseIdentifier,
  type IdentifierKind,
  type ParsedIdentifier,
} from "../identity/identifiers";
import { cioHintName, identifierHintName, rememberEventKey } from "../profile-keys/event-key-hints";
import { newProfileKeys, seal, unwrapKey, type ProfileKeys } from "../profile-keys/sealing";
import { MAX_ATTRIBUTES, parseAttributes, type AttributeValue, type ParsedAttributes } from "./attributes";
import { dataDrivenLevelsAt, membershipRefreshCtes, refreshMemberships, segmentsCacheName, type DataDrivenSegment } from "../segments/membership";

export type IdentifyResult = { cioId: string | null; created: boolean };
export type IdentifyManyRow = { identifier?: string; attributes: Record<string, unknown> };
export type IdentifyManyResult = { ok: true; cioId: string | null; created: boolean } | { ok: false; reason: string };

// Rows per transaction in identifyMany: one read and one write statement each.
const IDENTIFY_BATCH_SIZE = 1000;

type PersonRow = {
  cioId: string;
  externalId: string | null;
  email: string | null;
  emailKey: string | null;
  attributes: Record<string, AttributeValue>;
  unsubscribed: boolean;
  createdAt: Date;
  // xmin of the row as read without locks: a compare-and-swap write updates it only if unchanged.
  rowVersion?: string;
  // The profile's key row and its attribute key (wrapped, base64) as read; a new person has neither yet.
  keyId?: string | null;
  attributeKey?: string | null;
};

type Change = { from: unknown; to: unknown };
type Named = { kind: IdentifierKind; hash: string };

// A row once parsed: its target and attributes, or why it was refused before any database work.
type Parsed = { raw: string; input: ParsedAttributes } | { error: unknown };

// Activity keeps identifiers only as masked hints: an earlier person's history (kept after a plain
// delete) must not reveal an id or email that is suppressed later.
function maskOrNull(value: string | null, mask: (value: string) => string): string | null {
  return value === null ? null : mask(value);
}

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

// Identifies many rows (a CSV import, a v2 batch) set-based, IDENTIFY_BATCH_SIZE rows per transaction;
// rows apply in order and each succeeds or is refused on its own (a suppressed identifier refuses
// only its row, which writes nothing). Reasons carry no personal data.
export async function identifyMany(options: {
  workspace: Workspace;
  rows: IdentifyManyRow[];
  actor?: Actor;
}): Promise<IdentifyManyResult[]> {
  const parsed: Parsed[] = options.rows.map((row) => {
    try {
      const input = parseAttributes(row.attributes);
      const raw = row.identifier ?? input.id ?? (typeof input.email === "string" ? input.email : undefined);
      if (raw === undefined || raw === "") throw new ValidationError("row has no id or email");
      parseIdentifier(options.workspace, raw);
      return { raw, input };
    } catch (error) {
      return { error };
    }
  });
  const results: IdentifyManyResult[] = [];
  for (let start = 0; start < parsed.length; start += IDENTIFY_BATCH_SIZE) {
    const batch = parsed.slice(start, start + IDENTIFY_BATCH_SIZE);
    const outcomes = await transactionWithRetry((tx) => identifyBatch(tx, options.workspace, batch));
    for (const outcome of outcomes) {
      if (!("error" in outcome)) results.push({ ok: true, cioId: outcome.cioId, created: outcome.created });
      else if (outcome.error instanceof SuppressedIdentifierError) results.push({ ok: false, reason: "identifier is suppressed" });
      else if (outcome.error instanceof ValidationError) results.push({ ok: false, reason: outcome.error.errors.join("; ") });
      else throw outcome.error;
    }
  }
  return results;
}

function claimKey(kind: IdentifierKind, hash: string) {
  return `${kind}:${hash}`;
}

// hashIdentifier under one workspace's secret, remembering what it computed: planning a row hashes
// the same values several times (what it names, what it takes), and an identify may plan twice.
type Hasher = (kind: IdentifierKind, normalizedValue: string) => string;

function memoHasher(workspace: Workspace): Hasher {
  const hashes = new Map<string, string>();
  return (kind, value) => {
    const key = `${kind}:${value}`;
    let hash = hashes.get(key);
    if (hash === undefined) hashes.set(key, (hash = hashIdentifier(workspace, kind, value)));
    return hash;
  };
}

// Every identifier a row names, path and body, the target first: all are checked against the claims.
function namedIdentifiers(workspace: Workspace, hash: Hasher, target: ParsedIdentifier, input: ParsedAttributes): Named[] {
  const named: Named[] = [];
  if (target.kind === "id") named.push({ kind: "id", hash: hash("id", target.value) });
  if (target.kind === "email") named.push({ kind: "email", hash: hash("email", target.key) });
  if (input.id !== undefined) named.push({ kind: "id", hash: hash("id", input.id) });
  if (workspace.identificationMode === "email_or_id" && typeof input.email === "string") {
    named.push({ kind: "email", hash: hash("email", normalizeEmail(input.email)) });
  }
  return named;
}

type Snapshot = { mode: Workspace["identificationMode"]; segmentsVersion: bigint; claims: ClaimRow[]; people: PersonRow[] };
type SnapshotRow = {
  mode: Workspace["identificationMode"] | null;
  segmentsVersion: string | null;
  claims: ClaimRow[];
  people: (Omit<PersonRow, "createdAt"> & { createdAtMs: number })[];
};

// The claims on every identifier named and every person a target or a claim names, as CTEs "claims"
// and "people"; locked (people FOR UPDATE, in cio_id order) inside a transaction, or with each row's
// version (xmin) for a compare-and-swap write after it. Written as one index probe per value (on the
// claims' key, on person's): planned as a join, a table without statistics yet (a new database, a
// bulk load) was read whole by every call.
// Lists are bound as jsonb (jsonb_to_recordset, jsonb_array_elements_text), never unnest(text[]): the
// planner sizes unnest of a bound array by its length and of a parameter as 10 rows, so the custom
// plans of identify's prepared statements always looked cheaper than the generic one and PostgreSQL
// planned the whole statement again on every call (~0.5 ms of its CPU, on the cores the app shares).
// The jsonb functions are sized 100 rows either way, so after five calls the generic plan is kept.
function snapshotCtes(workspaceId: string, named: Named[], cioIds: string[], lock: boolean): Prisma.Sql {
  // OFFSET 0 keeps each probe a subquery of its own (not flattened into a join the planner would
  // cost without statistics); a locking subquery stays one anyway.
  return Prisma.sql`claims AS (
      SELECT ic.* FROM jsonb_to_recordset(${JSON.stringify(named.map((n) => ({ kind: n.kind, hash: n.hash })))}::jsonb) AS w(kind text, hash text)
      CROSS JOIN LATERAL (
        SELECT c.kind::text AS "kind", c.value_hash AS "valueHash", c.cio_id AS "cioId", c.suppression_id AS "suppressionId"
        FROM identifier_claim c
        WHERE c.workspace_id = ${workspaceId} AND c.kind = w.kind::"IdentifierKind" AND c.value_hash = w.hash
        OFFSET 0
      ) ic
    ),
    people AS (
      SELECT p.* FROM (SELECT jsonb_array_elements_text(${JSON.stringify(cioIds)}::jsonb) AS cio_id UNION SELECT "cioId" FROM claims WHERE "cioId" IS NOT NULL ORDER BY 1) AS wanted
      CROSS JOIN LATERAL (
        SELECT cio_id AS "cioId", external_id AS "externalId", email, email_key AS "emailKey", attributes, unsubscribed,
          floor(extract(epoch FROM created_at) * 1000)::float8 AS "createdAtMs"${lock ? Prisma.empty : Prisma.sql`, xmin::text AS "rowVersion"`},
          key_id::text AS "keyId", (SELECT encode(k.attribute_key, 'base64') FROM profile_key k WHERE k.id = person.key_id) AS "attributeKey"
        FROM person
        WHERE cio_id = wanted.cio_id AND workspace_id = ${workspaceId}
        ${lock ? Prisma.sql`FOR UPDATE` : Prisma.sql`OFFSET 0`}
      ) p
    )`;
}

// The snapshot's columns, given the identification mode as `mode` (a CTE's or a subquery's).
function snapshotColumns(workspaceId: string, mode: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${mode} AS mode,
      (SELECT version::text FROM cache_version WHERE name = ${segmentsCacheName(workspaceId)}) AS "segmentsVersion",
      COALESCE((SELECT json_agg(c) FROM (SELECT DISTINCT * FROM claims) c), '[]'::json) AS claims,
      COALESCE((SELECT json_agg(p) FROM people p), '[]'::json) AS people`;
}

function toSnapshot(workspaceId: string, row: SnapshotRow): Snapshot {
  if (!row.mode) throw new Error(`workspace ${workspaceId} does not exist`);
  return {
    mode: row.mode,
    segmentsVersion: BigInt(row.segmentsVersion ?? 0),
    claims: row.claims,
    people: row.people.map(({ createdAtMs, ...person }) => ({ ...person, createdAt: new Date(createdAtMs) })),
  };
}

// What a batch reads inside its transaction, in one statement: the workspace's identification mode
// (locked FOR SHARE against a concurrent mode switch), the version of its segment list, the claims on
// every identifier named, and every person a target or a claim names (locked FOR UPDATE).
async function readSnapshot(tx: Tx, workspaceId: string, named: Named[], cioIds: string[]): Promise<Snapshot> {
  const [row] = await tx.$queryRaw<SnapshotRow[]>`
    WITH ws AS (SELECT identification_mode::text AS mode FROM workspace WHERE id = ${workspaceId} FOR SHARE),
    ${snapshotCtes(workspaceId, named, cioIds, true)}
    SELECT ${snapshotColumns(workspaceId, Prisma.sql`(SELECT mode FROM ws)`)}`;
  return toSnapshot(workspaceId, row);
}

// The batch as it stands while its rows are planned: claims and people as read, changed row by row.
class BatchState {
  readonly claims = new Map<string, ClaimRow>();
  readonly people = new Map<string, PersonRow>();
  private readonly originalClaims = new Map<string, string | null>();
  readonly created = new Set<string>();
  readonly updated = new Set<string>();
  readonly activities: { cioId: string; type: "profile_created" | "attribute_change"; data: unknown }[] = [];
  // The keys of the people this batch creates, made when the write is planned.
  private readonly newKeys = new Map<string, ProfileKeys>();

  constructor(
    readonly workspace: Workspace,
    snapshot: Snapshot,
    readonly hash: Hasher = memoHasher(workspace),
  ) {
    for (const claim of snapshot.claims) {
      this.claims.set(claimKey(claim.kind, claim.valueHash), claim);
      this.originalClaims.set(claimKey(claim.kind, claim.valueHash), claim.cioId);
    }
    for (const person of snapshot.people) this.people.set(person.cioId, person);
  }

  take(kind: IdentifierKind, hash: string, cioId: string) {
    const key = claimKey(kind, hash);
    if (!this.originalClaims.has(key)) this.originalClaims.set(key, null); // checked free: it was read
    this.claims.set(key, { kind, valueHash: hash, cioId, suppressionId: null });
  }

  // A claim the person holds (not necessarily read: a cio_ call doesn't name the old values).
  release(kind: IdentifierKind, hash: string, holder: string) {
    const key = claimKey(kind, hash);
    if (!this.originalClaims.has(key)) this.originalClaims.set(key, holder);
    this.claims.delete(key);
  }

  newKeysOf(cioId: string): ProfileKeys {
    let keys = this.newKeys.get(cioId);
    if (!keys) this.newKeys.set(cioId, (keys = newProfileKeys(this.workspace)));
    return keys;
  }

  // The key a person's attribute snapshots are sealed under: a new person's own, or the one read.
  attributeKeyOf(cioId: string): Buffer {
    if (this.created.has(cioId)) return this.newKeysOf(cioId).attributeKey;
    const wrapped = this.people.get(cioId)?.attributeKey;
    const key = wrapped ? unwrapKey(this.workspace, Buffer.from(wrapped, "base64")) : null;
    if (!key) throw new Error("person has no readable attribute key");
    return key;
  }

  // After a write that created people: their event keys become this process's hints, so their first
  // events seal and insert in one statement.
  primeEventKeys(newKeys: { cio_id: string; id: string }[] | null) {
    if (!newKeys?.length) return;
    const { taken } = this.claimChanges();
    for (const { cio_id: cioId, id } of newKeys) {
      const keys = this.newKeys.get(cioId);
      if (!keys) continue;
      const hint = { keyId: id, key: keys.eventKey };
      rememberEventKey(cioHintName(this.workspace.id, cioId), hint);
      for (const claim of taken) if (claim.cioId === cioId) rememberEventKey(identifierHintName(this.workspace.id, claim.kind, claim.hash), hint);
    }
  }

  // The claims to release and to take: the difference between the claims as read and as planned.
  claimChanges(): { released: (Named & { cioId: string })[]; taken: (Named & { cioId: string })[] } {
    const released: (Named & { cioId: string })[] = [];
    const taken: (Named & { cioId: string })[] = [];
    for (const [key, before] of this.originalClaims) {
      const after = this.claims.get(key)?.cioId ?? null;
      if (before === after) continue;
      const [kind, hash] = key.split(":") as [IdentifierKind, string];
      if (before !== null) released.push({ kind, hash, cioId: before });
      if (after !== null) taken.push({ kind, hash, cioId: after });
    }
    return { released, taken };
  }
}

// One batch inside the caller's transaction (retried from the start on RetryTransaction): read,
// plan every row in order, write. A row refused by a rule gets its error and changes nothing.
async function identifyBatch(
  tx: Tx,
  cachedWorkspace: Workspace,
  rows: Parsed[],
): Promise<({ cioId: string | null; created: boolean } | { error: unknown })[]> {
  let workspace = cachedWorkspace;
  const hash = memoHasher(workspace); // the secret is the same in either mode
  let snapshot: Snapshot;
  let targets: (ParsedIdentifier | { error: unknown })[];
  for (;;) {
    const named: Named[] = [];
    const cioIds: string[] = [];
    targets = rows.map((row) => {
      if ("error" in row) return row;
      try {
        const target = parseIdentifier(workspace, row.raw);
        named.push(...namedIdentifiers(workspace, hash, target, row.input));
        if (target.kind === "cio_id") cioIds.push(target.cioId);
        return target;
      } catch (error) {
        return { error };
      }
    });
    snapshot = await readSnapshot(tx, workspace.id, named, cioIds);
    if (snapshot.mode === workspace.identificationMode) break;
    // The mode switched since the workspace was cached: read again under the mode that commits.
    workspace = { ...workspace, identificationMode: snapshot.mode };
  }
  const state = new BatchState(workspace, snapshot, hash);
  const outcomes = rows.map((row, i) => {
    const target = targets[i];
    if ("error" in row) return row;
    if ("error" in target) return target;
    try {
      return planRow(state, target, row.input);
    } catch (error) {
      if (error instanceof RetryTransaction) throw error;
      return { error };
    }
  });
  if (state.created.size || state.updated.size) {
    await writeBatch(tx, state, await dataDrivenLevelsAt(tx, workspace.id, snapshot.segmentsVersion));
  }
  return outcomes;
}

// The rules of identify for one row, against the batch's state; throws before changing the state.
function planRow(state: BatchState, target: ParsedIdentifier, input: ParsedAttributes): { cioId: string | null; created: boolean } {
  const { workspace } = state;
  const emailIsIdentifier = workspace.identificationMode === "email_or_id";
  const idHash = (value: string) => state.hash("id", value);
  const emailHash = (value: string) => state.hash("email", normalizeEmail(value));
  const named = namedIdentifiers(workspace, state.hash, target, input);
  const claimOf = (n: Named) => state.claims.get(claimKey(n.kind, n.hash));
  if (named.some((n) => claimOf(n)?.suppressionId)) throw new SuppressedIdentifierError();

  let person: PersonRow | null = null;
  if (target.kind === "cio_id") {
    person = state.people.get(target.cioId) ?? null;
    if (!person) throw new ValidationError("unknown cio_ identifier");
  } else {
    const holder = claimOf(named[0])?.cioId;
    if (holder) {
      person = state.people.get(holder) ?? null;
      // Deleted or suppressed since we read the claim: look again.
      if (!person) throw new RetryTransaction("person vanished");
    }
  }

  // The identifiers the person should end with.
  const bodyEmail = input.email;
  if (target.kind === "id" && input.id !== undefined && input.id !== target.value && (!person || person.externalId !== null)) {
    throw new ValidationError("to change a person's id, address them as cio_<cio_id>");
  }
  if (target.kind === "email" && bodyEmail !== undefined && (bodyEmail === null || normalizeEmail(bodyEmail) !== target.key)) {
    throw new ValidationError("to change a person's email, address them as cio_<cio_id>");
  }
  const nextId = input.id ?? (target.kind === "id" ? target.value : (person?.externalId ?? null));
  const nextEmail = bodyEmail !== undefined ? bodyEmail : target.kind === "email" ? (person?.email ?? target.value) : (person?.email ?? null);
  const nextEmailKey = nextEmail === null ? null : normalizeEmail(nextEmail);

  // Identifiers held by someone else can't be taken.
  const ownedByOther = (kind: IdentifierKind, hash: string) => {
    const claim = state.claims.get(claimKey(kind, hash));
    return claim?.cioId != null && claim.cioId !== person?.cioId;
  };
  if (nextId !== null && (!person || nextId !== person.externalId) && ownedByOther("id", idHash(nextId))) {
    throw new ValidationError("that id belongs to another person");
  }
  if (emailIsIdentifier && nextEmailKey !== null && (!person || nextEmailKey !== person.emailKey) && ownedByOther("email", emailHash(nextEmailKey))) {
    throw new ValidationError("that email belongs to another person");
  }
  if (nextId === null && (!emailIsIdentifier || nextEmailKey === null)) {
    throw new ValidationError("a person needs an id" + (emailIsIdentifier ? " or an email" : ""));
  }

  if (!person) {
    if (input.update) return { cioId: null, created: false };
    const attributes: Record<string, AttributeValue> = {};
    for (const [key, value] of Object.entries(input.attributes)) if (value !== null) attributes[key] = value;
    const cioId = newCioId();
    const initial: Record<string, unknown> = { ...attributes };
    if (nextId !== null) initial.id = maskId(nextId);
    if (nextEmail !== null) initial.email = maskEmail(nextEmail);
    if (input.unsubscribed !== undefined) initial.unsubscribed = input.unsubscribed;
    state.people.set(cioId, {
      cioId,
      externalId: nextId,
      email: nextEmail,
      emailKey: nextEmailKey,
      attributes,
      unsubscribed: input.unsubscribed ?? false,
      createdAt: input.createdAt ?? new Date(),
    });
    if (nextId !== null) state.take("id", idHash(nextId), cioId);
    if (emailIsIdentifier && nextEmailKey !== null) state.take("email", emailHash(nextEmailKey), cioId);
    state.created.add(cioId);
    state.activities.push({ cioId, type: "profile_created", data: { attributes: initial } });
    return { cioId, created: true };
  }

  const isCio = target.kind === "cio_id";
  const changes: Record<string, Change> = {};
  if (nextId !== person.externalId) {
    if (person.externalId !== null && !isCio) throw new ValidationError("to change a person's id, address them as cio_<cio_id>");
    changes.id = { from: maskOrNull(person.externalId, maskId), to: maskOrNull(nextId, maskId) };
  }
  if (nextEmailKey !== person.emailKey && emailIsIdentifier && person.emailKey !== null && !isCio) {
    throw new ValidationError("to change a person's email, address them as cio_<cio_id>");
  }
  if (nextEmail !== person.email) changes.email = { from: maskOrNull(person.email, maskEmail), to: maskOrNull(nextEmail, maskEmail) };
  const attributes: Record<string, AttributeValue> = { ...person.attributes };
  for (const [key, value] of Object.entries(input.attributes)) {
    const before = attributes[key] ?? null;
    if (value === null) delete attributes[key];
    else attributes[key] = value;
    if (before !== value) changes[key] = { from: before, to: value };
  }
  if (Object.keys(attributes).length > MAX_ATTRIBUTES) throw new ValidationError(`at most ${MAX_ATTRIBUTES} attributes`);
  if (input.unsubscribed !== undefined && input.unsubscribed !== person.unsubscribed) {
    changes.unsubscribed = { from: person.unsubscribed, to: input.unsubscribed };
  }
  if (input.createdAt && input.createdAt.getTime() !== person.createdAt.getTime()) {
    changes.created_at = { from: Math.floor(person.createdAt.getTime() / 1000), to: Math.floor(input.createdAt.getTime() / 1000) };
  }
  if (!Object.keys(changes).length) return { cioId: person.cioId, created: false };

  if (nextId !== person.externalId) {
    if (person.externalId !== null) state.release("id", idHash(person.externalId), person.cioId);
    if (nextId !== null) state.take("id", idHash(nextId), person.cioId);
  }
  if (emailIsIdentifier && nextEmailKey !== person.emailKey) {
    if (person.emailKey !== null) state.release("email", emailHash(person.emailKey), person.cioId);
    if (nextEmailKey !== null) state.take("email", emailHash(nextEmailKey), person.cioId);
  }
  state.people.set(person.cioId, {
    ...person,
    externalId: nextId,
    email: nextEmail,
    emailKey: nextEmailKey,
    attributes,
    unsubscribed: input.unsubscribed ?? person.unsubscribed,
    createdAt: input.createdAt ?? person.createdAt,
  });
  if (!state.created.has(person.cioId)) state.updated.add(person.cioId);
  state.activities.push({ cioId: person.cioId, type: "attribute_change", data: { changes } });
  return { cioId: person.cioId, created: false };
}

const PERSON_COLUMNS = Prisma.sql`cio_id text, external_id text, email text, email_key text, attributes jsonb, unsubscribed boolean, created_at timestamp(3), row_version text`;

function personRecord(person: PersonRow) {
  return {
    cio_id: person.cioId,
    external_id: person.externalId,
    email: person.email,
    email_key: person.emailKey,
    attributes: person.attributes,
    unsubscribed: person.unsubscribed,
    created_at: person.createdAt.toISOString(),
    row_version: person.rowVersion ?? null,
  };
}

type Taken = Named & { cioId: string };

// The UPDATE of the people a plan changes (only while each row is the version read, when one was).
// By cio_id only, so that person is probed by its key (a filter on workspace_id lets a plan made
// without statistics scan the workspace instead); these rows were read in this workspace, locked or
// pinned to the version read. One person (a single identify, whose prepared statement may run on a
// generic plan) with plain parameters: joined to a record set, a generic plan may scan person.
function updateSql(updated: ReturnType<typeof personRecord>[], guarded: boolean): Prisma.Sql {
  const go = guarded ? Prisma.sql`AND EXISTS (SELECT 1 FROM guard)` : Prisma.empty;
  if (updated.length === 0) return Prisma.sql`SELECT * FROM person WHERE false`;
  if (updated.length === 1) {
    const [r] = updated;
    return Prisma.sql`
      UPDATE person p SET external_id = ${r.external_id}, email = ${r.email}, email_key = ${r.email_key},
        attributes = ${JSON.stringify(r.attributes)}::jsonb, unsubscribed = ${r.unsubscribed}, created_at = ${r.created_at}::timestamp(3),
        updated_at = now()
      WHERE p.cio_id = ${r.cio_id} AND (${r.row_version}::text IS NULL OR p.xmin::text = ${r.row_version}) ${go}
      RETURNING p.*`;
  }
  return Prisma.sql`
      UPDATE person p SET external_id = r.external_id, email = r.email, email_key = r.email_key, attributes = r.attributes,
        unsubscribed = r.unsubscribed, created_at = r.created_at, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(updated)}::jsonb) AS r(${PERSON_COLUMNS})
      WHERE p.cio_id = ANY(${updated.map((u) => u.cio_id)}::text[]) AND p.cio_id = r.cio_id
        AND (r.row_version IS NULL OR p.xmin::text = r.row_version) ${go}
      RETURNING p.*`;
}

// A planned batch's write as CTEs: people inserted and updated (an update only while the row is the
// version read, when one was), claims taken, activity in row order, and the first level of
// data-driven segments refreshed from the written rows. With a guard (a CTE named "guard" that has a
// row when the write may go), every part draws from it, so an empty guard writes nothing. Lists as
// jsonb, for the reason given at snapshotCtes.
function writeCtes(state: BatchState, taken: Taken[], level: DataDrivenSegment[] | undefined, guarded: boolean): Prisma.Sql {
  const workspaceId = state.workspace.id;
  const guard = guarded ? Prisma.sql`guard,` : Prisma.empty;
  const created = [...state.created].map((cioId) => personRecord(state.people.get(cioId)!));
  const updated = [...state.updated].map((cioId) => personRecord(state.people.get(cioId)!));
  // Ids before emails, then by hash, so that concurrent batches meet the values in one order.
  const sortedTaken = [...taken].sort((a, b) => (a.kind === b.kind ? (a.hash < b.hash ? -1 : 1) : a.kind === "id" ? -1 : 1));
  // Attribute snapshots sealed under each person's attribute key; a new person's key row is written
  // here too, and their activity finds its key_id through it.
  const newKeys = [...state.created].map((cioId) => {
    const keys = state.newKeysOf(cioId);
    return { cio_id: cioId, event_key: keys.wrappedEventKey.toString("base64"), attribute_key: keys.wrappedAttributeKey.toString("base64") };
  });
  const activities = state.activities.map((a, n) => ({
    cio_id: a.cioId,
    key_id: state.created.has(a.cioId) ? null : (state.people.get(a.cioId)?.keyId ?? null),
    type: a.type,
    sealed: seal(state.attributeKeyOf(a.cioId), { name: null, data: a.data, clientEventId: null }).toString("base64"),
    n,
  }));
  const refresh = level
    ? Prisma.sql`, ${membershipRefreshCtes({ workspaceId, level, people: Prisma.sql`(SELECT * FROM inserted UNION ALL SELECT * FROM updated)`, name: "segments" })}`
    : Prisma.empty;
  const keys = created.length
    ? Prisma.sql`
      INSERT INTO profile_key (workspace_id, cio_id, event_key, attribute_key)
      SELECT ${workspaceId}, k.cio_id, decode(k.event_key, 'base64'), decode(k.attribute_key, 'base64')
      FROM ${guard} jsonb_to_recordset(${JSON.stringify(newKeys)}::jsonb) AS k(cio_id text, event_key text, attribute_key text)
      RETURNING id, cio_id`
    : Prisma.sql`SELECT NULL::bigint AS id, NULL::text AS cio_id WHERE false`;
  const insert = created.length
    ? Prisma.sql`
      INSERT INTO person (cio_id, workspace_id, external_id, email, email_key, attributes, unsubscribed, created_at, updated_at, key_id)
      SELECT r.cio_id, ${workspaceId}, r.external_id, r.email, r.email_key, r.attributes, r.unsubscribed, r.created_at, now(),
        (SELECT keys.id FROM keys WHERE keys.cio_id = r.cio_id)
      FROM ${guard} jsonb_to_recordset(${JSON.stringify(created)}::jsonb) AS r(${PERSON_COLUMNS})
      ON CONFLICT DO NOTHING
      RETURNING *`
    : Prisma.sql`SELECT * FROM person WHERE false`;
  return Prisma.sql`keys AS (${keys}),
    inserted AS (${insert}),
    updated AS (${updateSql(updated, guarded)}),
    claimed AS (
      INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
      SELECT ${workspaceId}, c.kind::"IdentifierKind", c.hash, c.cio_id
      FROM ${guard} jsonb_to_recordset(${JSON.stringify(sortedTaken.map((c, n) => ({ kind: c.kind, hash: c.hash, cio_id: c.cioId, n })))}::jsonb)
        AS c(kind text, hash text, cio_id text, n int)
      -- A new person's claims only when the person was inserted (else they are missing from the count).
      WHERE c.cio_id NOT IN (SELECT jsonb_array_elements_text(${JSON.stringify([...state.created])}::jsonb)) OR c.cio_id IN (SELECT cio_id FROM inserted)
      ORDER BY c.n
      ON CONFLICT DO NOTHING
      RETURNING 1
    ),
    logged AS (
      INSERT INTO activity (workspace_id, key_id, type, sealed)
      SELECT ${workspaceId}, COALESCE(a.key_id, (SELECT keys.id FROM keys WHERE keys.cio_id = a.cio_id)), a.type::"ActivityType", decode(a.sealed, 'base64')
      FROM ${guard} jsonb_to_recordset(${JSON.stringify(activities)}::jsonb) AS a(cio_id text, key_id bigint, type text, sealed text, n int)
      ORDER BY a.n
    )${refresh}`;
}

// Inside a transaction (people locked as read): writes a planned batch in one statement (two when
// claims are released: they must be gone before they are taken again). Comes up short → retry.
async function writeBatch(tx: Tx, state: BatchState, levels: DataDrivenSegment[][]): Promise<void> {
  const workspaceId = state.workspace.id;
  const { released, taken } = state.claimChanges();
  for (const [i, cioId] of [...new Set(released.map((c) => c.cioId))].entries()) {
    await tx.$queryRaw`WITH ${deletePersonClaimsCte({ name: `released_${i}`, workspaceId, cioId, claims: released.filter((c) => c.cioId === cioId) })} SELECT 1`;
  }
  const [written] = await tx.$queryRaw<{ people: number; claims: number; newKeys: { cio_id: string; id: string }[] | null }[]>`
    WITH ${writeCtes(state, taken, levels[0], false)}
    SELECT (SELECT count(*) FROM inserted)::int AS people, (SELECT count(*) FROM claimed)::int AS claims, ${NEW_KEYS_COLUMN}`;
  // A concurrent identify created one of these ids, or took one of these claims: read and plan again.
  if (written.people !== state.created.size || written.claims !== taken.length) throw new RetryTransaction();
  // (Hints only: a rollback of the caller's transaction leaves hints the next insert finds stale.)
  state.primeEventKeys(written.newKeys);
  if (levels.length > 1) {
    await refreshMemberships({ tx, workspaceId, cioIds: [...state.created, ...state.updated], levels: levels.slice(1) });
  }
}

// --- One call without a transaction (identify) ---

// The key rows a write created, by cio_id.
const NEW_KEYS_COLUMN = Prisma.sql`(SELECT json_agg(json_build_object('cio_id', k.cio_id, 'id', k.id::text)) FROM keys k) AS "newKeys"`;

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
