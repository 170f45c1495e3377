// The App API's reads that the core doesn't already cover: resolving an identifier (or id_type) to
// a person, customer search, attributes and activities, in Customer.io's response shapes.
import "server-only";
import { db } from "../db";
import { readPersonActivityNewestFirst } from "../activity/person-activity";
import { ValidationError } from "../errors";
import { Prisma, type ActivityType, type Workspace } from "../generated/prisma/client";
import { identifierValueErrors, isCioId, isEmail, normalizeEmail, parseIdentifier, type ParsedIdentifier } from "../identity/identifiers";
import { findPersonCioId } from "../deletion/delete-people";
import { conditionSchema, conditionToSql } from "../segments/conditions";
import { HttpError, zodMessages } from "../api/http";

export type IdType = "id" | "email" | "cio_id";

const personSelect = {
  cioId: true,
  externalId: true,
  email: true,
  attributes: true,
  unsubscribed: true,
  createdAt: true,
  updatedAt: true,
} as const;

// Reads an identifier the way the Track API does, or as the App API's `id_type` says.
function parseApiIdentifier(workspace: Workspace, raw: string, idType?: IdType): ParsedIdentifier {
  if (!idType) return parseIdentifier(workspace, raw);
  const errors = identifierValueErrors("identifier", raw);
  if (errors.length) throw new ValidationError(errors);
  if (idType === "cio_id") {
    const cioId = raw.startsWith("cio_") ? raw.slice(4) : raw;
    if (!isCioId(cioId)) throw new ValidationError("unknown cio_ identifier");
    return { kind: "cio_id", cioId };
  }
  if (idType === "email") {
    // In ID-only mode an email is a plain attribute that may repeat: it names nobody.
    if (workspace.identificationMode !== "email_or_id") throw new ValidationError("email does not identify people in an ID-only workspace; use id_type=id or cio_id");
    if (!isEmail(raw)) throw new ValidationError("identifier is not a valid email");
    return { kind: "email", value: raw.trim(), key: normalizeEmail(raw) };
  }
  return { kind: "id", value: raw };
}

// The identifier as the domain's lookup reads it: cio_<id> for a cio_id, else the value, read in
// the mode that makes parseIdentifier see the kind id_type asked for.
function asDomainIdentifier(workspace: Workspace, target: ParsedIdentifier): { workspace: Workspace; identifier: string } {
  if (target.kind === "cio_id") return { workspace, identifier: `cio_${target.cioId}` };
  if (target.kind === "email") return { workspace: { ...workspace, identificationMode: "email_or_id" }, identifier: target.value };
  // An id that starts with cio_ reads as a cio_id here, as it does on the Track API.
  return { workspace: { ...workspace, identificationMode: "id" }, identifier: target.value };
}

// The person an identifier names, or null: found through the domain's lookup (the identifier claims).
export async function findPersonByIdentifier(workspace: Workspace, raw: string, idType?: IdType) {
  const target = parseApiIdentifier(workspace, raw, idType);
  const cioId = await findPersonCioId(asDomainIdentifier(workspace, target));
  if (!cioId) return null;
  return db.person.findFirst({ where: { workspaceId: workspace.id, cioId }, select: personSelect });
}

function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

type PersonRecord = NonNullable<Awaited<ReturnType<typeof findPersonByIdentifier>>>;

function identifiersOf(person: Pick<PersonRecord, "cioId" | "externalId" | "email">) {
  return { id: person.externalId, email: person.email, cio_id: person.cioId };
}

// GET /v1/customers/:identifier/attributes, in Customer.io's response shape.
export async function getCustomerAttributes(options: { workspace: Workspace; identifier: string; idType?: IdType }) {
  const person = await findPersonByIdentifier(options.workspace, options.identifier, options.idType);
  if (!person) throw new HttpError(404, ["customer not found"]);
  const attributes = (person.attributes ?? {}) as Record<string, unknown>;
  return {
    customer: {
      id: person.externalId,
      identifiers: identifiersOf(person),
      attributes: {
        ...attributes,
        ...(person.externalId !== null ? { id: person.externalId } : {}),
        ...(person.email !== null ? { email: person.email } : {}),
        cio_id: person.cioId,
        created_at: unixSeconds(person.createdAt),
        unsubscribed: person.unsubscribed,
      },
      timestamps: { cio_id: unixSeconds(person.createdAt), created_at: unixSeconds(person.createdAt), updated_at: unixSeconds(person.updatedAt) },
      unsubscribed: person.unsubscribed,
      devices: [],
    },
  };
}

const encodeCursor = (value: string) => Buffer.from(value, "utf8").toString("base64url");
const MAX_BIGINT = 9_223_372_036_854_775_807n;
const badCursor = () => new HttpError(400, ["start is not a valid cursor; omit it to start from the first page"]);

// A search page's `start`: the cio_id of the last person shown.
function decodeCioIdCursor(value: string | undefined): string | null {
  if (!value) return null;
  const decoded = Buffer.from(value, "base64url").toString("utf8");
  if (!isCioId(decoded)) throw badCursor();
  return decoded;
}

// An activity page's `start`: the id of the last activity shown, a positive bigint (a larger number
// would fail in the database instead of here).
function decodeActivityCursor(value: string | undefined): bigint | null {
  if (!value) return null;
  const decoded = Buffer.from(value, "base64url").toString("utf8");
  if (!/^\d{1,19}$/.test(decoded)) throw badCursor();
  const id = BigInt(decoded);
  if (id > MAX_BIGINT) throw badCursor();
  return id;
}

// POST /v1/customers: people matching a Customer.io filter, in cio_id order, `limit` per page.
export async function searchCustomers(options: { workspace: Workspace; filter: unknown; start?: string; limit: number }) {
  if (options.filter === undefined || options.filter === null) throw new HttpError(400, ["filter is required"]);
  const parsed = conditionSchema.safeParse(options.filter);
  if (!parsed.success) throw new HttpError(400, zodMessages(parsed.error).map((m) => `filter: ${m}`));
  const after = decodeCioIdCursor(options.start);
  const where = conditionToSql({ workspaceId: options.workspace.id, condition: parsed.data });
  const rows = await db.$queryRaw<{ cio_id: string; external_id: string | null; email: string | null }[]>`
    SELECT p.cio_id, p.external_id, p.email FROM person p
    WHERE p.workspace_id = ${options.workspace.id} AND ${where}
      ${after ? Prisma.sql`AND p.cio_id > ${after}` : Prisma.empty}
    ORDER BY p.cio_id
    LIMIT ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const identifiers = page.map((row) => identifiersOf({ cioId: row.cio_id, externalId: row.external_id, email: row.email }));
  return {
    identifiers,
    ids: page.filter((row) => row.external_id !== null).map((row) => row.external_id as string),
    next: rows.length > options.limit ? encodeCursor(page[page.length - 1].cio_id) : "",
  };
}

export type ActivityTypeFilter = ActivityType;

// GET /v1/customers/:identifier/activities: the person's activity, newest first.
export async function listCustomerActivities(options: {
  workspace: Workspace;
  identifier: string;
  idType?: IdType;
  type?: ActivityTypeFilter;
  name?: string;
  start?: string;
  limit: number;
}) {
  const person = await findPersonByIdentifier(options.workspace, options.identifier, options.idType);
  if (!person) throw new HttpError(404, ["customer not found"]);
  const { rows, continueBelow } = await readPersonActivityNewestFirst({
    workspace: options.workspace,
    cioId: person.cioId,
    type: options.type,
    name: options.name,
    beforeId: decodeActivityCursor(options.start),
    limit: options.limit,
  });
  return {
    activities: rows.map((row) => ({
      id: row.id.toString(),
      type: row.type,
      name: row.payload.name,
      data: row.payload.data,
      event_id: row.payload.clientEventId,
      timestamp: unixSeconds(row.timestamp),
      customer_id: person.externalId,
      customer_identifiers: identifiersOf(person),
    })),
    next: continueBelow !== null ? encodeCursor(continueBelow.toString()) : "",
  };
}
