// Identify: create or update a person from an API call, a form or a CSV row. Identifiers are taken
// through identifier_claim (unique per workspace, kind and hash), so a suppressed identifier can never
// be taken by a person, however the calls interleave.
import type { Prisma, Workspace } from "../generated/prisma/client";
import type { Tx } from "../db";
import type { Actor } from "../audit/record-audit";
import { SuppressedIdentifierError, ValidationError } from "../errors";
import {
  findClaims,
  inSavepoint,
  insertPersonClaims,
  lockWorkspaceShared,
  RetryTransaction,
  transactionWithRetry,
  type ClaimRow,
} from "../identity/claims";
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
import { refreshMemberships } from "../segments/membership";

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
    const workspace = await lockWorkspaceShared(tx, options.workspace);
    const target = parseIdentifier(workspace, options.identifier);
    const result = await identifyInTransaction(tx, workspace, target, attributes);
    if (result.changed && result.cioId) {
      await refreshMemberships({ tx, workspaceId: workspace.id, cioIds: [result.cioId] });
    }
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
      const workspace = await lockWorkspaceShared(tx, options.workspace);
      const out: IdentifyManyResult[] = [];
      const touched: string[] = [];
      for (const row of batch) {
        try {
          const attributes = parseAttributes(row.attributes);
          const raw = row.identifier ?? attributes.id ?? (typeof attributes.email === "string" ? attributes.email : undefined);
          if (raw === undefined || raw === "") throw new ValidationError("row has no id or email");
          const target = parseIdentifier(workspace, raw);
          const result = await inSavepoint(tx, () => identifyInTransaction(tx, workspace, target, attributes));
          if (result.changed && result.cioId) touched.push(result.cioId);
          out.push({ ok: true, cioId: result.cioId, created: result.created });
        } catch (error) {
          if (error instanceof SuppressedIdentifierError) out.push({ ok: false, reason: "identifier is suppressed" });
          else if (error instanceof ValidationError) out.push({ ok: false, reason: error.errors.join("; ") });
          else throw error;
        }
      }
      if (touched.length) await refreshMemberships({ tx, workspaceId: workspace.id, cioIds: [...new Set(touched)] });
      return out;
    });
    batchResults.forEach((result, i) => (results[start + i] = result));
  }
  return results;
}

function claimKey(kind: IdentifierKind, hash: string) {
  return `${kind}:${hash}`;
}

// The heart of identify, inside a transaction (or savepoint) that the caller retries on
// RetryTransaction. Writes nothing before every named identifier has been checked.
async function identifyInTransaction(
  tx: Tx,
  workspace: Workspace,
  target: ParsedIdentifier,
  input: ParsedAttributes,
): Promise<{ cioId: string | null; created: boolean; changed: boolean }> {
  const emailIsIdentifier = workspace.identificationMode === "email_or_id";
  const idHash = (value: string) => hashIdentifier(workspace, "id", value);
  const emailHash = (value: string) => hashIdentifier(workspace, "email", normalizeEmail(value));

  // Every identifier the call names, path and body, is checked against the claims first.
  const named: { kind: IdentifierKind; hash: string }[] = [];
  if (target.kind === "id") named.push({ kind: "id", hash: idHash(target.value) });
  if (target.kind === "email") named.push({ kind: "email", hash: emailHash(target.value) });
  if (input.id !== undefined) named.push({ kind: "id", hash: idHash(input.id) });
  if (emailIsIdentifier && typeof input.email === "string") named.push({ kind: "email", hash: emailHash(input.email) });
  const claims = new Map<string, ClaimRow>();
  for (const claim of await findClaims(tx, workspace.id, named)) claims.set(claimKey(claim.kind, claim.valueHash), claim);
  if ([...claims.values()].some((claim) => claim.suppressionId)) throw new SuppressedIdentifierError();

  let person: PersonRow | null = null;
  if (target.kind === "cio_id") {
    person = await lockPerson(tx, workspace.id, target.cioId);
    if (!person) throw new ValidationError("unknown cio_ identifier");
  } else {
    const claim = claims.get(claimKey(named[0].kind, named[0].hash));
    if (claim?.cioId) {
      person = await lockPerson(tx, workspace.id, claim.cioId);
      // Deleted or suppressed since we read the claim: look again.
      if (!person) throw new RetryTransaction("person vanished");
    }
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
    return createPerson(tx, workspace, { id: nextId, email: nextEmail, emailKey: nextEmailKey, input });
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

  if (oldClaims.length) {
    await tx.$executeRaw`
      DELETE FROM identifier_claim
      WHERE workspace_id = ${workspace.id} AND cio_id = ${person.cioId}
        AND (kind::text, value_hash) IN (SELECT * FROM unnest(${oldClaims.map((c) => c.kind)}::text[], ${oldClaims.map((c) => c.hash)}::text[]))`;
  }
  if (!(await insertPersonClaims(tx, workspace.id, person.cioId, newClaims))) throw new RetryTransaction();

  await tx.$executeRaw`
    UPDATE person SET external_id = ${nextId}, email = ${nextEmail}, email_key = ${nextEmailKey},
      attributes = ${JSON.stringify(attributes)}::jsonb,
      unsubscribed = ${input.unsubscribed ?? person.unsubscribed},
      created_at = ${input.createdAt ?? person.createdAt}, updated_at = now()
    WHERE cio_id = ${person.cioId}`;
  await tx.activity.create({
    data: { workspaceId: workspace.id, cioId: person.cioId, type: "attribute_change", data: { changes } as Prisma.InputJsonValue },
  });
  return { cioId: person.cioId, created: false, changed: true };
}

async function lockPerson(tx: Tx, workspaceId: string, cioId: string): Promise<PersonRow | null> {
  const rows = await tx.$queryRaw<PersonRow[]>`
    SELECT cio_id AS "cioId", external_id AS "externalId", email, email_key AS "emailKey", attributes,
      unsubscribed, created_at AS "createdAt"
    FROM person WHERE workspace_id = ${workspaceId} AND cio_id = ${cioId} FOR UPDATE`;
  return rows[0] ?? null;
}

async function createPerson(
  tx: Tx,
  workspace: Workspace,
  next: { id: string | null; email: string | null; emailKey: string | null; input: ParsedAttributes },
): Promise<{ cioId: string; created: true; changed: true }> {
  const emailIsIdentifier = workspace.identificationMode === "email_or_id";
  if (next.id === null && (!emailIsIdentifier || next.emailKey === null)) {
    throw new ValidationError("a person needs an id" + (emailIsIdentifier ? " or an email" : ""));
  }
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(next.input.attributes)) if (value !== null) attributes[key] = value;
  const cioId = newCioId();
  // ON CONFLICT: a concurrent identify created the same id first; the retry will find that person.
  const inserted = await tx.$executeRaw`
    INSERT INTO person (cio_id, workspace_id, external_id, email, email_key, attributes, unsubscribed, created_at, updated_at)
    VALUES (${cioId}, ${workspace.id}, ${next.id}, ${next.email}, ${next.emailKey}, ${JSON.stringify(attributes)}::jsonb,
      ${next.input.unsubscribed ?? false}, ${next.input.createdAt ?? new Date()}, now())
    ON CONFLICT DO NOTHING`;
  if (inserted !== 1) throw new RetryTransaction("id taken concurrently");
  const claims: { kind: IdentifierKind; hash: string }[] = [];
  if (next.id !== null) claims.push({ kind: "id", hash: hashIdentifier(workspace, "id", next.id) });
  if (emailIsIdentifier && next.emailKey !== null) claims.push({ kind: "email", hash: hashIdentifier(workspace, "email", next.emailKey) });
  if (!(await insertPersonClaims(tx, workspace.id, cioId, claims))) throw new RetryTransaction();

  const initial: Record<string, unknown> = { ...attributes };
  if (next.id !== null) initial.id = maskId(next.id);
  if (next.email !== null) initial.email = maskEmail(next.email);
  if (next.input.unsubscribed !== undefined) initial.unsubscribed = next.input.unsubscribed;
  await tx.activity.create({
    data: { workspaceId: workspace.id, cioId, type: "profile_created", data: { attributes: initial } as Prisma.InputJsonValue },
  });
  return { cioId, created: true, changed: true };
}
