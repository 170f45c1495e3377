// Keys and sealed activity for people written in bulk, outside identify: demo data, test
// factories, benchmarks and the data migration. Two statements per call whatever the count.
import type { Workspace } from "../generated/prisma/client";
import type { Tx } from "../db";
import { newProfileKeys, seal, sealsWithAttributeKey, type ProfileKeys } from "./sealing";

type Sql = Pick<Tx, "$queryRaw" | "$executeRaw">;
type KeyOwner = Pick<Workspace, "id" | "hashSecret">;

type CreatedKey = { keyId: string; keys: ProfileKeys };

// A key row for each of these profiles (living people get person.key_id set; a cio_id with no
// person gets a row too: deleted: true marks it deleted, without its attribute key).
export async function createProfileKeys(
  sql: Sql,
  workspace: KeyOwner,
  cioIds: string[],
  options: { deleted?: boolean } = {},
): Promise<Map<string, CreatedKey>> {
  const made = new Map<string, ProfileKeys>();
  const rows = cioIds.map((cioId) => {
    const keys = newProfileKeys(workspace);
    made.set(cioId, keys);
    return {
      cio_id: cioId,
      event_key: keys.wrappedEventKey.toString("base64"),
      attribute_key: options.deleted ? null : keys.wrappedAttributeKey.toString("base64"),
    };
  });
  const created = new Map<string, CreatedKey>();
  if (!rows.length) return created;
  const inserted = await sql.$queryRaw<{ id: string; cio_id: string }[]>`
    WITH k AS (
      INSERT INTO profile_key (workspace_id, cio_id, event_key, attribute_key, deleted_at)
      SELECT ${workspace.id}, r.cio_id, decode(r.event_key, 'base64'), decode(r.attribute_key, 'base64'), ${options.deleted ? new Date() : null}::timestamp(3)
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(cio_id text, event_key text, attribute_key text)
      RETURNING id, cio_id
    ),
    linked AS (
      UPDATE person p SET key_id = k.id FROM k WHERE p.workspace_id = ${workspace.id} AND p.cio_id = k.cio_id
    )
    SELECT id::text AS id, cio_id FROM k`;
  for (const row of inserted) created.set(row.cio_id, { keyId: row.id, keys: made.get(row.cio_id)! });
  return created;
}

type ActivityToSeal = {
  key: CreatedKey;
  type: string;
  name?: string | null;
  data?: unknown;
  clientEventHash?: string | null;
  clientEventId?: string | null;
  timestamp: Date;
};

// The rows sealed under their profile's keys (attribute snapshots under the attribute key), as the
// jsonb a bulk insert reads.
function sealActivityRows(rows: ActivityToSeal[]): string {
  return JSON.stringify(
    rows.map((r) => {
      const hasPayload = (r.name ?? null) !== null || (r.data ?? null) !== null || (r.clientEventId ?? null) !== null;
      const key = sealsWithAttributeKey(r.type) ? r.key.keys.attributeKey : r.key.keys.eventKey;
      return {
        key_id: r.key.keyId,
        type: r.type,
        sealed: hasPayload ? seal(key, { name: r.name ?? null, data: r.data ?? null, clientEventId: r.clientEventId ?? null }).toString("base64") : null,
        client_event_hash: r.clientEventHash ?? null,
        timestamp: r.timestamp.toISOString(),
      };
    }),
  );
}

// Inserts sealed activity rows.
export async function insertSealedActivities(sql: Sql, workspace: KeyOwner, rows: ActivityToSeal[]): Promise<number> {
  if (!rows.length) return 0;
  return sql.$executeRaw`
    INSERT INTO activity (workspace_id, key_id, type, sealed, client_event_hash, timestamp, created_at)
    SELECT ${workspace.id}, r.key_id, r.type::"ActivityType", decode(r.sealed, 'base64'), r.client_event_hash, r.timestamp, r.timestamp
    FROM jsonb_to_recordset(${sealActivityRows(rows)}::jsonb) AS r(key_id bigint, type text, sealed text, client_event_hash text, timestamp timestamp(3))`;
}
