// Identify: create or update a person from an API call, a form or a CSV row. Identifiers are taken
// through identifier_claim (unique per workspace, kind and hash), so a suppressed identifier can never
// be taken by a person, however the calls interleave.
import { Prisma, type Workspace } from "../generated/prisma/client";
import type { Tx } from "../db";
import type { Actor } from "../audit/record-audit";
import { SuppressedIdentifierError, ValidationError } from "../errors";
import { deletePersonClaimsCte, inSavepoint, insertPersonClaimsCte, RetryTransaction, transactionWithRetry, type ClaimRow } from "../identity/claims";
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
import { MAX_ATTRIBUTES, parseAttributes, type AttributeValue, type ParsedAttributes } from "./attributes";
import { dataDrivenLevelsAt, membershipRefreshCtes, refreshMemberships, segmentsCacheName, type DataDrivenSegment } from "../segments/membership";

export type IdentifyResult = { cioId: string | null; created: boolean };
export type IdentifyManyRow = { identifier?: string; attributes: Record<string, unknown> };
export type IdentifyManyResult = { ok: true; cioId: string | null; created: boolean } | { ok: false; reason: string };

// Rows per transaction in identifyMany: small enough that the embedded database isn't held long.
const IMPORT_BATCH_SIZE = 200;

type PersonRow = {
  cioId: string;
  externalId: string | null;
  email: string | null;
  emailKey: string | null;
  attributes: Record<string, AttributeValue>;
  unsubscribed: boolean;
  createdAt: Date;
};

type Change = { from: unknown; to: unknown };

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
  attributes: Record<string, unknown> | unknown;
  actor?: Actor;
}): Promise<IdentifyResult> {
  parseIdentifier(options.workspace, options.identifier); // fail fast on bad input, before a transaction
  const attributes = parseAttributes(options.attributes);
  return transactionWithRetry(async (tx) => {
    const result = await identifyInTransaction(tx, options.workspace, options.identifier, attributes);
    return { cioId: result.cioId, created: result.created };
  });
}

// Identifies many rows (a CSV import) in batches, one transaction per batch; each row succeeds or is
// rejected on its own (a suppressed identifier rejects only its row). Reasons carry no personal data.
export async function identifyMany(options: {
  workspace: Workspace;
  rows: IdentifyManyRow[];
  actor?: Actor;
}): Promise<IdentifyManyResult[]> {
  const results: IdentifyManyResult[] = new Array(options.rows.length);
  for (let start = 0; start < options.rows.length; start += IMPORT_BATCH_SIZE) {
    const batch = options.rows.slice(start, start + IMPORT_BATCH_SIZE);
    const batchResults = await transactionWithRetry(async (tx) => {
      const out: IdentifyManyResult[] = [];
      for (const row of batch) {
        try {
          const attributes = parseAttributes(row.attributes);
          const raw = row.identifier ?? attributes.id ?? (typeof attributes.email === "string" ? attributes.email : undefined);
          if (raw === undefined || raw === "") throw new ValidationError("row has no id or email");
          parseIdentifier(options.workspace, raw);
          const result = await inSavepoint(tx, () => identifyInTransaction(tx, options.workspace, raw, attributes));
          out.push({ ok: true, cioId: result.cioId, created: result.created });
        } catch (error) {
          if (error instanceof SuppressedIdentifierError) out.push({ ok: false, reason: "identifier is suppressed" });
          else if (error instanceof ValidationError) out.push({ ok: false, reason: error.errors.join("; ") });
          else throw error;
        }
      }
      return out;
    });
    batchResults.forEach((result, i) => (results[start + i] = result));
  }
  return results;
}

function claimKey(kind: IdentifierKind, hash: string) {
  return `${kind}:${hash}`;
}

type Named = { kind: IdentifierKind; hash: string };

// Every identifier the call names, path and body, the target first: all are checked against the claims.
function namedIdentifiers(workspace: Workspace, target: ParsedIdentifier, input: ParsedAttributes): Named[] {
  const named: Named[] = [];
  if (target.kind === "id") named.push({ kind: "id", hash: hashIdentifier(workspace, "id", target.value) });
  if (target.kind === "email") named.push({ kind: "email", hash: hashIdentifier(workspace, "email", target.key) });
  if (input.id !== undefined) named.push({ kind: "id", hash: hashIdentifier(workspace, "id", input.id) });
  if (workspace.identificationMode === "email_or_id" && typeof input.email === "string") {
    named.push({ kind: "email", hash: hashIdentifier(workspace, "email", normalizeEmail(input.email)) });
  }
  return named;
}

// What identify reads, in one statement: the workspace's identification mode (locked FOR SHARE
// against a concurrent mode switch), the claims on every identifier the call names, and the person
// the target names (locked FOR UPDATE), and the version of the workspace's segment list.
async function readForIdentify(
  tx: Tx,
  workspaceId: string,
  named: Named[],
  target: ParsedIdentifier,
): Promise<{ mode: Workspace["identificationMode"]; claims: ClaimRow[]; person: PersonRow | null; segmentsVersion: bigint }> {
  const pairs = named.length
    ? Prisma.sql`(kind, value_hash) IN (${Prisma.join(named.map((w) => Prisma.sql`(${w.kind}::"IdentifierKind", ${w.hash})`))})`
    : Prisma.sql`FALSE`;
  const personCioId =
    target.kind === "cio_id"
      ? Prisma.sql`${target.cioId}::text`
      : Prisma.sql`(SELECT "cioId" FROM claims WHERE kind = ${named[0].kind} AND "valueHash" = ${named[0].hash})`;
  const [row] = await tx.$queryRaw<{ mode: Workspace["identificationMode"] | null; segmentsVersion: bigint | null; claims: ClaimRow[]; person: (Omit<PersonRow, "createdAt"> & { createdAtMs: number }) | null }[]>`
    WITH ws AS (SELECT identification_mode::text AS mode FROM workspace WHERE id = ${workspaceId} FOR SHARE),
    claims AS (
      SELECT kind::text AS "kind", value_hash AS "valueHash", cio_id AS "cioId", suppression_id AS "suppressionId"
      FROM identifier_claim WHERE workspace_id = ${workspaceId} AND ${pairs}
    ),
    person_row AS (
      SELECT cio_id AS "cioId", external_id AS "externalId", email, email_key AS "emailKey", attributes, unsubscribed,
        floor(extract(epoch FROM created_at) * 1000)::float8 AS "createdAtMs"
      FROM person WHERE workspace_id = ${workspaceId} AND cio_id = ${personCioId}
      FOR UPDATE
    )
    SELECT (SELECT mode FROM ws) AS mode,
      (SELECT version FROM cache_version WHERE name = ${segmentsCacheName(workspaceId)}) AS "segmentsVersion",
      COALESCE((SELECT json_agg(c) FROM claims c), '[]'::json) AS claims,
      (SELECT row_to_json(p) FROM person_row p) AS person`;
  if (!row.mode) throw new Error(`workspace ${workspaceId} does not exist`);
  const person = row.person ? { ...row.person, createdAt: new Date(row.person.createdAtMs) } : null;
  return { mode: row.mode, claims: row.claims, person, segmentsVersion: BigInt(row.segmentsVersion ?? 0) };
}

// The heart of identify, inside a transaction (or savepoint) that the caller retries on
// RetryTransaction: one statement reads, one writes (the person, their claims, the activity and
// their first-level segment memberships). Writes nothing before every named identifier has been checked.
async function identifyInTransaction(
  tx: Tx,
  cachedWorkspace: Workspace,
  rawIdentifier: string,
  input: ParsedAttributes,
): Promise<{ cioId: string | null; created: boolean; changed: boolean }> {
  let workspace = cachedWorkspace;
  let target: ParsedIdentifier;
  let named: Named[];
  let read: Awaited<ReturnType<typeof readForIdentify>>;
  for (;;) {
    target = parseIdentifier(workspace, rawIdentifier);
    named = namedIdentifiers(workspace, target, input);
    read = await readForIdentify(tx, workspace.id, named, target);
    if (read.mode === workspace.identificationMode) break;
    // The mode switched since the workspace was cached: read again under the mode that commits.
    workspace = { ...workspace, identificationMode: read.mode };
  }
  const emailIsIdentifier = workspace.identificationMode === "email_or_id";
  const idHash = (value: string) => hashIdentifier(workspace, "id", value);
  const emailHash = (value: string) => hashIdentifier(workspace, "email", normalizeEmail(value));
  const levels = await dataDrivenLevelsAt(tx, workspace.id, read.segmentsVersion);

  const claims = new Map<string, ClaimRow>();
  for (const claim of read.claims) claims.set(claimKey(claim.kind, claim.valueHash), claim);
  if ([...claims.values()].some((claim) => claim.suppressionId)) throw new SuppressedIdentifierError();

  const person: PersonRow | null = read.person;
  if (target.kind === "cio_id") {
    if (!person) throw new ValidationError("unknown cio_ identifier");
  } else if (!person && claims.get(claimKey(named[0].kind, named[0].hash))?.cioId) {
    // Deleted or suppressed since we read the claim: look again.
    throw new RetryTransaction("person vanished");
  }

  // The identifiers the person should end with.
  const bodyEmail = input.email;
  if (target.kind === "id" && input.id !== undefined && input.id !== target.value && (!person || person.externalId !== null)) {
    throw new ValidationError("to change a person's id, address them as cio_<cio_id>");
  }
  if (
    target.kind === "email" &&
    bodyEmail !== undefined &&
    (bodyEmail === null || normalizeEmail(bodyEmail) !== target.key)
  ) {
    throw new ValidationError("to change a person's email, address them as cio_<cio_id>");
  }
  const nextId = input.id ?? (target.kind === "id" ? target.value : person?.externalId ?? null);
  const nextEmail =
    bodyEmail !== undefined ? bodyEmail : target.kind === "email" ? (person?.email ?? target.value) : (person?.email ?? null);
  const nextEmailKey = nextEmail === null ? null : normalizeEmail(nextEmail);

  // Identifiers held by someone else can't be taken.
  const ownedByOther = (kind: IdentifierKind, hash: string) => {
    const claim = claims.get(claimKey(kind, hash));
    return claim?.cioId != null && claim.cioId !== person?.cioId;
  };
  if (nextId !== null && (!person || nextId !== person.externalId) && ownedByOther("id", idHash(nextId))) {
    throw new ValidationError("that id belongs to another person");
  }
  if (emailIsIdentifier && nextEmailKey !== null && (!person || nextEmailKey !== person.emailKey) && ownedByOther("email", emailHash(nextEmailKey))) {
    throw new ValidationError("that email belongs to another person");
  }

  if (!person) {
    if (input.update) return { cioId: null, created: false, changed: false };
    return createPerson(tx, workspace, { id: nextId, email: nextEmail, emailKey: nextEmailKey, input }, levels);
  }

  const isCio = target.kind === "cio_id";
  const changes: Record<string, Change> = {};
  const newClaims: { kind: IdentifierKind; hash: string }[] = [];
  const oldClaims: { kind: IdentifierKind; hash: string }[] = [];

  if (nextId !== person.externalId) {
    if (person.externalId !== null && !isCio) throw new ValidationError("to change a person's id, address them as cio_<cio_id>");
    changes.id = { from: maskOrNull(person.externalId, maskId), to: maskOrNull(nextId, maskId) };
    if (nextId !== null) newClaims.push({ kind: "id", hash: idHash(nextId) });
    if (person.externalId !== null) oldClaims.push({ kind: "id", hash: idHash(person.externalId) });
  }
  if (nextEmailKey !== person.emailKey) {
    if (emailIsIdentifier && person.emailKey !== null && !isCio) {
      throw new ValidationError("to change a person's email, address them as cio_<cio_id>");
    }
    if (emailIsIdentifier) {
      if (nextEmailKey !== null) newClaims.push({ kind: "email", hash: emailHash(nextEmailKey) });
      if (person.emailKey !== null) oldClaims.push({ kind: "email", hash: emailHash(person.emailKey) });
    }
  }
  if (nextEmail !== person.email) changes.email = { from: maskOrNull(person.email, maskEmail), to: maskOrNull(nextEmail, maskEmail) };
  if (nextId === null && (!emailIsIdentifier || nextEmailKey === null)) {
    throw new ValidationError("a person needs an id" + (emailIsIdentifier ? " or an email" : ""));
  }

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
  if (!Object.keys(changes).length) return { cioId: person.cioId, created: false, changed: false };

  const claimsTaken = await tx.$queryRaw<{ claims: number }[]>`
    WITH ${deletePersonClaimsCte({ name: "released", workspaceId: workspace.id, cioId: person.cioId, claims: oldClaims })},
    ${insertPersonClaimsCte({ name: "claimed", workspaceId: workspace.id, cioId: Prisma.sql`${person.cioId}`, claims: newClaims })},
    updated AS (
      UPDATE person SET external_id = ${nextId}, email = ${nextEmail}, email_key = ${nextEmailKey},
        attributes = ${JSON.stringify(attributes)}::jsonb,
        unsubscribed = ${input.unsubscribed ?? person.unsubscribed},
        created_at = ${input.createdAt ?? person.createdAt}, updated_at = now()
      WHERE cio_id = ${person.cioId}
      RETURNING *
    ),
    logged AS (
      INSERT INTO activity (workspace_id, cio_id, type, data)
      VALUES (${workspace.id}, ${person.cioId}, 'attribute_change', ${JSON.stringify({ changes })}::jsonb)
    )${firstLevelRefresh(workspace.id, levels, "updated")}
    SELECT (SELECT count(*) FROM claimed)::int AS claims`;
  if (claimsTaken[0].claims !== newClaims.length) throw new RetryTransaction();
  await refreshLaterLevels(tx, workspace.id, person.cioId, levels);
  return { cioId: person.cioId, created: false, changed: true };
}

// The first dependency level of the data-driven segments, refreshed by the statement that writes the
// person from its RETURNING rows (`people`); "" when the workspace has none.
function firstLevelRefresh(workspaceId: string, levels: DataDrivenSegment[][], people: string): Prisma.Sql {
  if (!levels.length) return Prisma.empty;
  return Prisma.sql`, ${membershipRefreshCtes({ workspaceId, level: levels[0], people: Prisma.raw(people), name: "segments" })}`;
}

// Segments whose filters read other data-driven segments' memberships, after the statement that
// refreshed those: one statement per further level (workspaces rarely have any).
async function refreshLaterLevels(tx: Tx, workspaceId: string, cioId: string, levels: DataDrivenSegment[][]): Promise<void> {
  if (levels.length > 1) await refreshMemberships({ tx, workspaceId, cioIds: [cioId], levels: levels.slice(1) });
}

async function createPerson(
  tx: Tx,
  workspace: Workspace,
  next: { id: string | null; email: string | null; emailKey: string | null; input: ParsedAttributes },
  levels: DataDrivenSegment[][],
): Promise<{ cioId: string; created: true; changed: true }> {
  const emailIsIdentifier = workspace.identificationMode === "email_or_id";
  if (next.id === null && (!emailIsIdentifier || next.emailKey === null)) {
    throw new ValidationError("a person needs an id" + (emailIsIdentifier ? " or an email" : ""));
  }
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(next.input.attributes)) if (value !== null) attributes[key] = value;
  const cioId = newCioId();
  const claims: { kind: IdentifierKind; hash: string }[] = [];
  if (next.id !== null) claims.push({ kind: "id", hash: hashIdentifier(workspace, "id", next.id) });
  if (emailIsIdentifier && next.emailKey !== null) claims.push({ kind: "email", hash: hashIdentifier(workspace, "email", next.emailKey) });
  const initial: Record<string, unknown> = { ...attributes };
  if (next.id !== null) initial.id = maskId(next.id);
  if (next.email !== null) initial.email = maskEmail(next.email);
  if (next.input.unsubscribed !== undefined) initial.unsubscribed = next.input.unsubscribed;
  // ON CONFLICT: a concurrent identify created the same id first (no row: the claims, activity and
  // memberships below have nothing to join), or took a claim; the retry will find that person.
  const [written] = await tx.$queryRaw<{ people: number; claims: number }[]>`
    WITH inserted AS (
      INSERT INTO person (cio_id, workspace_id, external_id, email, email_key, attributes, unsubscribed, created_at, updated_at)
      VALUES (${cioId}, ${workspace.id}, ${next.id}, ${next.email}, ${next.emailKey}, ${JSON.stringify(attributes)}::jsonb,
        ${next.input.unsubscribed ?? false}, ${next.input.createdAt ?? new Date()}, now())
      ON CONFLICT DO NOTHING
      RETURNING *
    ),
    ${insertPersonClaimsCte({ name: "claimed", workspaceId: workspace.id, cioId: Prisma.sql`inserted.cio_id`, from: Prisma.sql`inserted`, claims })},
    logged AS (
      INSERT INTO activity (workspace_id, cio_id, type, data)
      SELECT ${workspace.id}, cio_id, 'profile_created', ${JSON.stringify({ attributes: initial })}::jsonb FROM inserted
    )${firstLevelRefresh(workspace.id, levels, "inserted")}
    SELECT (SELECT count(*) FROM inserted)::int AS people, (SELECT count(*) FROM claimed)::int AS claims`;
  if (written.people !== 1) throw new RetryTransaction("id taken concurrently");
  if (written.claims !== claims.length) throw new RetryTransaction();
  await refreshLaterLevels(tx, workspace.id, cioId, levels);
  return { cioId, created: true, changed: true };
}
