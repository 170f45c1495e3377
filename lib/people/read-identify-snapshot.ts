// What identify reads before it plans: the identification mode, the segment list's version, the
// claims on every identifier named and the people concerned, in one statement.
import { Prisma, type Workspace } from "../generated/prisma/client";
import type { Tx } from "../db";
import type { ClaimRow } from "../identity/find-claims";
import { hashIdentifier, normalizeEmail, type IdentifierKind, type ParsedIdentifier } from "../identity/identifiers";
import { segmentsCacheName } from "../segments/membership";
import type { AttributeValue, ParsedAttributes } from "./attributes";

export type PersonRow = {
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
export type Named = { kind: IdentifierKind; hash: string };

export function claimKey(kind: IdentifierKind, hash: string) {
  return `${kind}:${hash}`;
}

// hashIdentifier under one workspace's secret, remembering what it computed: planning a row hashes
// the same values several times (what it names, what it takes), and an identify may plan twice.
export type Hasher = (kind: IdentifierKind, normalizedValue: string) => string;

export function memoHasher(workspace: Workspace): Hasher {
  const hashes = new Map<string, string>();
  return (kind, value) => {
    const key = `${kind}:${value}`;
    let hash = hashes.get(key);
    if (hash === undefined) hashes.set(key, (hash = hashIdentifier(workspace, kind, value)));
    return hash;
  };
}

// Every identifier a row names, path and body, the target first: all are checked against the claims.
export function namedIdentifiers(workspace: Workspace, hash: Hasher, target: ParsedIdentifier, input: ParsedAttributes): Named[] {
  const named: Named[] = [];
  if (target.kind === "id") named.push({ kind: "id", hash: hash("id", target.value) });
  if (target.kind === "email") named.push({ kind: "email", hash: hash("email", target.key) });
  if (input.id !== undefined) named.push({ kind: "id", hash: hash("id", input.id) });
  if (workspace.identificationMode === "email_or_id" && typeof input.email === "string") {
    named.push({ kind: "email", hash: hash("email", normalizeEmail(input.email)) });
  }
  return named;
}
export type Snapshot = { mode: Workspace["identificationMode"]; segmentsVersion: bigint; claims: ClaimRow[]; people: PersonRow[] };
export type SnapshotRow = {
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
export function snapshotCtes(workspaceId: string, named: Named[], cioIds: string[], lock: boolean): Prisma.Sql {
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
export function snapshotColumns(workspaceId: string, mode: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${mode} AS mode,
      (SELECT version::text FROM cache_version WHERE name = ${segmentsCacheName(workspaceId)}) AS "segmentsVersion",
      COALESCE((SELECT json_agg(c) FROM (SELECT DISTINCT * FROM claims) c), '[]'::json) AS claims,
      COALESCE((SELECT json_agg(p) FROM people p), '[]'::json) AS people`;
}

export function toSnapshot(workspaceId: string, row: SnapshotRow): Snapshot {
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
export async function readSnapshot(tx: Tx, workspaceId: string, named: Named[], cioIds: string[]): Promise<Snapshot> {
  const [row] = await tx.$queryRaw<SnapshotRow[]>`
    WITH ws AS (SELECT identification_mode::text AS mode FROM workspace WHERE id = ${workspaceId} FOR SHARE),
    ${snapshotCtes(workspaceId, named, cioIds, true)}
    SELECT ${snapshotColumns(workspaceId, Prisma.sql`(SELECT mode FROM ws)`)}`;
  return toSnapshot(workspaceId, row);
}
