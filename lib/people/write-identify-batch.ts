// A planned identify batch's write: people inserted and updated, claims taken and released, key rows,
// sealed activity and segment memberships, in one statement where it can be.
import { Prisma } from "../generated/prisma/client";
import type { Tx } from "../db";
import { RetryTransaction } from "../identity/retry-transaction";
import { deletePersonClaimsCte } from "../identity/release-claims";
import { seal } from "../profile-keys/sealing";
import { membershipRefreshCtes, refreshMemberships, type DataDrivenSegment } from "../segments/membership";
import type { BatchState } from "./identify-batch-state";
import type { Named, PersonRow } from "./read-identify-snapshot";

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

export type Taken = Named & { cioId: string };

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
export function writeCtes(state: BatchState, taken: Taken[], level: DataDrivenSegment[] | undefined, guarded: boolean): Prisma.Sql {
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
export async function writeBatch(tx: Tx, state: BatchState, levels: DataDrivenSegment[][]): Promise<void> {
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

// The key rows a write created, by cio_id.
export const NEW_KEYS_COLUMN = Prisma.sql`(SELECT json_agg(json_build_object('cio_id', k.cio_id, 'id', k.id::text)) FROM keys k) AS "newKeys"`;
