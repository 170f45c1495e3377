// The data migration of 20261206215023_profile_keys: activity written before sealing (plaintext in
// the legacy_* columns) is sealed under keys made for its profiles, in batches that each commit, so a
// killed run resumes where it stopped. Runs after the SQL migrations, before the app serves (each
// server's start, instrumentation.ts; and `npm run db:migrate`), on one session of its own:
//   1. every living person gets a key row;
//   2. every cio_id that only activity remembers (people deleted without suppression) gets one too,
//      marked deleted, without an attribute key;
//   3. every legacy row is sealed under its profile's key (attribute snapshots of deleted profiles
//      are dropped: they never outlive the profile), its client event id hashed, its plaintext cleared.
// A marker row (cache_version 'activity_sealed') says it is done; a new database gets it at once.
import { withSessionConnection } from "../db";
import { ATTRIBUTE_SNAPSHOT_TYPES, hashClientEventId, newProfileKeys, seal, unwrapKey } from "./sealing";

const MARKER = "activity_sealed";
const BATCH = 2_000;

type Log = (line: string) => void;
type Workspace = { id: string; hashSecret: string };
// One session's queries (a pool's client, a script's pg.Client): the batches' BEGIN and COMMIT too.
export type SessionQuery = <R>(text: string, values?: unknown[]) => Promise<R[]>;

async function inTransaction<T>(query: SessionQuery, run: () => Promise<T>): Promise<T> {
  await query("BEGIN");
  try {
    const result = await run();
    await query("COMMIT");
    return result;
  } catch (error) {
    await query("ROLLBACK");
    throw error;
  }
}

async function createKeys(query: SessionQuery, workspace: Workspace, cioIds: string[], deleted: boolean): Promise<void> {
  const rows = cioIds.map((cioId) => {
    const keys = newProfileKeys(workspace);
    return { cio_id: cioId, event_key: keys.wrappedEventKey.toString("base64"), attribute_key: deleted ? null : keys.wrappedAttributeKey.toString("base64") };
  });
  await query(
    `WITH k AS (
       INSERT INTO profile_key (workspace_id, cio_id, event_key, attribute_key, deleted_at)
       SELECT $1, r.cio_id, decode(r.event_key, 'base64'), decode(r.attribute_key, 'base64'), CASE WHEN $3 THEN now() END
       FROM jsonb_to_recordset($2::jsonb) AS r(cio_id text, event_key text, attribute_key text)
       ON CONFLICT (workspace_id, cio_id) DO NOTHING
       RETURNING id, cio_id
     )
     UPDATE person p SET key_id = k.id FROM k WHERE p.workspace_id = $1 AND p.cio_id = k.cio_id`,
    [workspace.id, JSON.stringify(rows), deleted],
  );
}

async function keyLivingPeople(query: SessionQuery, workspace: Workspace): Promise<number> {
  let total = 0;
  for (;;) {
    const made = await inTransaction(query, async () => {
      const rows = await query<{ cio_id: string }>(
        `SELECT cio_id FROM person WHERE workspace_id = $1 AND key_id IS NULL ORDER BY cio_id LIMIT $2 FOR UPDATE`,
        [workspace.id, BATCH],
      );
      // A person whose key row exists from a run killed between its two statements: link it.
      await query(
        `UPDATE person p SET key_id = k.id FROM profile_key k
         WHERE p.workspace_id = $1 AND p.key_id IS NULL AND k.workspace_id = $1 AND k.cio_id = p.cio_id AND p.cio_id = ANY($2::text[])`,
        [workspace.id, rows.map((r) => r.cio_id)],
      );
      await createKeys(query, workspace, rows.map((r) => r.cio_id), false);
      return rows.length;
    });
    total += made;
    if (made < BATCH) return total;
  }
}

async function keyDeletedProfiles(query: SessionQuery, workspace: Workspace): Promise<number> {
  let total = 0;
  let after = "";
  for (;;) {
    const rows = await query<{ cio_id: string }>(
      `SELECT DISTINCT a.legacy_cio_id AS cio_id FROM activity a
       WHERE a.workspace_id = $1 AND a.key_id IS NULL AND a.legacy_cio_id > $2
         AND NOT EXISTS (SELECT 1 FROM profile_key k WHERE k.workspace_id = $1 AND k.cio_id = a.legacy_cio_id)
       ORDER BY 1 LIMIT $3`,
      [workspace.id, after, BATCH],
    );
    if (!rows.length) return total;
    await inTransaction(query, () => createKeys(query, workspace, rows.map((r) => r.cio_id), true));
    total += rows.length;
    after = rows[rows.length - 1].cio_id;
  }
}

type LegacyRow = {
  id: string;
  type: string;
  legacy_name: string | null;
  legacy_data: unknown;
  legacy_client_event_id: string | null;
  key_id: string | null;
  key: Buffer | null;
};

async function sealRows(query: SessionQuery, workspace: Workspace): Promise<number> {
  let total = 0;
  let after = "0";
  for (;;) {
    const sealed = await inTransaction(query, async () => {
      const rows = await query<LegacyRow>(
        `SELECT a.id::text AS id, a.type::text AS type, a.legacy_name, a.legacy_data, a.legacy_client_event_id, k.id::text AS key_id,
           CASE WHEN a.type::text = ANY($4::text[]) THEN k.attribute_key ELSE k.event_key END AS key
         FROM activity a LEFT JOIN profile_key k ON k.workspace_id = a.workspace_id AND k.cio_id = a.legacy_cio_id
         WHERE a.workspace_id = $1 AND a.id > $2::bigint AND a.key_id IS NULL
           AND (a.legacy_cio_id IS NOT NULL OR a.legacy_name IS NOT NULL OR a.legacy_data IS NOT NULL OR a.legacy_client_event_id IS NOT NULL)
         ORDER BY a.id LIMIT $3
         FOR UPDATE OF a`,
        [workspace.id, after, BATCH, ATTRIBUTE_SNAPSHOT_TYPES],
      );
      const updates = rows.map((row) => {
        const key = row.key ? unwrapKey(workspace, row.key) : null;
        const hasPayload = row.legacy_name !== null || row.legacy_data !== null || row.legacy_client_event_id !== null;
        const payload = { name: row.legacy_name, data: row.legacy_data, clientEventId: row.legacy_client_event_id };
        return {
          id: row.id,
          key_id: row.key_id,
          // No key: a row of no profile (already redacted). A dropped attribute key: a deleted
          // profile's snapshot, which goes.
          sealed: key && hasPayload ? seal(key, payload).toString("base64") : null,
          client_event_hash: row.legacy_client_event_id === null ? null : hashClientEventId(workspace, row.legacy_client_event_id),
        };
      });
      await query(
        `UPDATE activity a SET key_id = u.key_id, sealed = decode(u.sealed, 'base64'), client_event_hash = u.client_event_hash,
           legacy_cio_id = NULL, legacy_name = NULL, legacy_data = NULL, legacy_client_event_id = NULL,
           forgotten = a.forgotten OR u.key_id IS NULL
         FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, key_id bigint, sealed text, client_event_hash text)
         WHERE a.id = u.id`,
        [JSON.stringify(updates)],
      );
      if (rows.length) after = rows[rows.length - 1].id;
      return rows.length;
    });
    total += sealed;
    if (sealed < BATCH) return total;
  }
}

// Seals what is left to seal, on the session `query` runs on; a no-op once the marker is there.
export async function sealLegacyActivity(query: SessionQuery, log: Log = () => {}): Promise<void> {
  const done = await query(`SELECT 1 FROM cache_version WHERE name = $1`, [MARKER]);
  if (done.length) return;
  const workspaces = await query<{ id: string; hash_secret: string }>(`SELECT id, hash_secret FROM workspace ORDER BY id`);
  for (const row of workspaces) {
    const workspace = { id: row.id, hashSecret: row.hash_secret };
    const people = await keyLivingPeople(query, workspace);
    const deleted = await keyDeletedProfiles(query, workspace);
    const sealed = await sealRows(query, workspace);
    if (people || deleted || sealed) log(`sealed activity of workspace ${workspace.id}: ${people} people and ${deleted} deleted profiles keyed, ${sealed} rows sealed`);
  }
  await query(`INSERT INTO cache_version (name, version) VALUES ($1, 1) ON CONFLICT (name) DO NOTHING`, [MARKER]);
}

// The app's database (lib/db), on a session of its own.
export async function sealLegacyActivityInApp(log: Log = () => {}): Promise<void> {
  await withSessionConnection((query) => sealLegacyActivity(query, log));
}
