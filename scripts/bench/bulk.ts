// `npm run bench:bulk -- --people N [--events-per-person K] [--cases LIST]`: "select all → delete
// forever" (and a scattered third: a segment) at scale, as the product runs it, on the PostgreSQL server
// (BULK_BENCH_SERVER, default postgresql://postgres@127.0.0.1:5432/postgres).
//  1. One template database: N people in the app's workspace, created one a second in insertion order
//     (the oldest first on disk), id + email claimed (real HMACs), each with a profile key row (real
//     wrapped keys), K activities each (default 5) sealed under their keys (real AES-256-GCM, a client
//     event id each) and interleaved in time as traffic lands (person g's events are N rows apart, so
//     each sits on a page of its own), memberships of two segments (a third of the people are "Pro
//     plan", every third person: scattered across the table); then VACUUM ANALYZE.
//  2. Each case runs on its own identical copy (CREATE DATABASE … TEMPLATE):
//     app:  a production build (`next build` into .next-bench-bulk, tsconfig.json restored) served by
//           `next start`, whose instrumentation runs the deletion worker; the snapshot is taken by
//           lib/deletion/start.ts's startDeletion over the selection — what the Server Action calls — and
//           the clock stops when the job's status is completed. Meanwhile a separate client, signed in
//           as staff, times the People page (first page, a segment filter, a search; one load a second)
//           and the server's peak RSS (VmHWM) is read at the end.
//     raw:  plain SQL for the same end state, batches of 10,000 in storage order, one set-based
//           statement per table per batch.
//     today: plain SQL for the design before sealed activity (the same activity, plaintext, with a
//           cio_id per row), where delete + suppress rewrites every activity row of each person: on a
//           template of its own, so the figures of both designs come from one run.
//     list: "Erase a list" (lib/erasure-requests) as support runs it, on selection "tenth" (every tenth
//           person, 100,000 of 1,000,000, named by id or email in turn): the list posted to the preview
//           route (timed), then to the apply route, which runs it as a job; against tenth-…-app, the
//           job path over the same people (startDeletion over their cio_ids).
//  Cases (--cases, comma-separated; default all): {all,third,tenth} × {suppress,delete} × {app,raw,today,list}.
//  Each end state is checked exactly. Prints a line per case, then per selection
//  `history: delete+suppress X people/s, plain delete Y people/s, ratio R` (the app's) and the same for
//  today's design; the last line is `ratio: <app/raw>` for delete+suppress of all.
// --keep keeps the databases; --no-build reuses an existing .next-bench-bulk build.
// --seed-only seeds the templates, keeps them and prints their tag; --reuse TAG runs the cases on the
// templates of an earlier --seed-only (brought up to the current migrations first), so the long,
// unmeasured seeding of a large history can run apart from the measured cases.
// --webhook runs each app case a second time with one webhook endpoint attached (a receiver in this
// process on loopback; the endpoint row inserted in that case's copy of the template) and prints, per
// case, `webhooks: <case>: with X s, without Y s, ratio R (target ≥ 0.9); N events delivered … S s
// after the job ended (target ≤ 60 s)`, checking that every event arrived and no payload is held.
// --webhook-rounds N (default 1) runs N pairs, in the order without/with, with/without, … (so a VM
// that drifts during the run weighs on both sides alike), and compares the medians: on a shared VM two
// identical runs can differ by a quarter, more than what the endpoint costs.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { nextStartArgs } from "../next-server";
import { percentile } from "./timing";

// lib/ modules `import "server-only"`, which is a no-op only under the react-server condition.
if (!process.execArgv.some((arg) => arg.includes("react-server")) && !(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const again = spawnSync(process.execPath, ["--conditions=react-server", ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const { values } = parseArgs({
  options: {
    people: { type: "string", default: "1000000" },
    "events-per-person": { type: "string", default: "5" },
    cases: { type: "string", default: "all-suppress-app,all-suppress-raw,all-delete-app,all-delete-raw,third-suppress-app,third-delete-app,all-suppress-today,all-delete-today,third-suppress-today,third-delete-today" },
    keep: { type: "boolean", default: false },
    "seed-only": { type: "boolean", default: false },
    reuse: { type: "string" },
    "no-build": { type: "boolean", default: false },
    webhook: { type: "boolean", default: false },
    "webhook-rounds": { type: "string", default: "1" },
    port: { type: "string", default: process.env.BULK_BENCH_PORT ?? "3390" },
    // Internal: take the snapshot in a process bound to one database (lib/db is one client per process).
    "start-job": { type: "string" },
    suppress: { type: "boolean", default: false },
    segment: { type: "string" },
    tenth: { type: "boolean", default: false },
  },
});

const SERVER = process.env.BULK_BENCH_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DIST_DIR = ".next-bench-bulk";
const EVENTS = Number(values["events-per-person"]);
const RAW_BATCH = 10_000;
const SEED_BATCH = 10_000;
// One People page load per second while the job runs.
const BROWSE_INTERVAL_MS = 1_000;
const ADMIN_EMAIL = "bench-admin@example.org";
const ADMIN_PASSWORD = "bench-bulk-password-1234";
// "third": the Pro plan segment, every third person (scattered across the table).
const THIRD_SEGMENT = "seg_pro";
// "tenth": every tenth person (attribute n is the person's number).
const TENTH_WHERE = "(attributes->>'n')::int % 10 = 0";

const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

if (values["start-job"]) {
  // Child mode: startDeletion over "select all" (or a segment), exactly as deletePeopleAction calls it.
  process.env.DATABASE_URL = values["start-job"];
  process.env.DELETION_WORKER = "off";
  const { closeDb } = await import("../../lib/db");
  const { getWorkspace } = await import("../../lib/workspace/workspace");
  const { countPeople, peopleSelectionSql } = await import("../../lib/people/queries");
  const { startDeletion } = await import("../../lib/deletion/start");
  const workspace = await getWorkspace();
  const filter = { workspaceId: workspace.id, condition: null, ...(values.segment ? { segmentId: values.segment } : {}) };
  // "tenth": the people an erasure list names, as a list of cio_ids (what applying a list deletes).
  const { db } = await import("../../lib/db");
  const tenth = values.tenth ? (await db.$queryRawUnsafe<{ cio_id: string }[]>(`SELECT cio_id FROM person WHERE ${TENTH_WHERE}`)).map((r) => r.cio_id) : null;
  const total = tenth ? tenth.length : await countPeople(filter);
  const startedAt = Date.now();
  const started = await startDeletion({
    workspace,
    selection: tenth ? { cioIds: tenth } : { sql: peopleSelectionSql(filter) },
    suppress: values.suppress,
    actor: { type: "system" },
    confirmation: { expectedCount: total, typed: String(total) },
  });
  console.log(JSON.stringify({ ...started, startedAt, snapshotMs: Date.now() - startedAt }));
  await closeDb();
  process.exit(0);
}

type Selection = "all" | "third" | "tenth";
type Kind = "app" | "raw" | "today" | "list";
type Case = { selection: Selection; suppress: boolean; kind: Kind };
const cases: Case[] = values.cases.split(",").map((name) => {
  const [selection, action, kind] = name.trim().split("-");
  if (!["all", "third", "tenth"].includes(selection) || !["suppress", "delete"].includes(action) || !["app", "raw", "today", "list"].includes(kind)) {
    throw new Error(`unknown case ${name}: <all|third|tenth>-<suppress|delete>-<app|raw|today|list>`);
  }
  if (kind === "list" && selection !== "tenth") throw new Error(`${name}: a list case names the tenth`);
  return { selection: selection as Selection, suppress: action === "suppress", kind: kind as Kind };
});

const people = Number(values.people);
const admin = new pg.Client({ connectionString: SERVER });
await admin.connect();
const created: string[] = [];
const tag = values.reuse ?? `bulk_${Date.now().toString(36)}`;
let secret = (await import("node:crypto")).randomBytes(32).toString("hex");

async function createDatabase(name: string, template?: string) {
  // A copy by files, not through the WAL (PostgreSQL 15's default writes the whole template to the
  // WAL), and a checkpoint after it: the measured case doesn't share the disk with checkpoints the
  // copy itself caused.
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}" STRATEGY FILE_COPY` : ""}`);
  if (template) await admin.query("CHECKPOINT");
  created.push(name);
  return withDatabase(SERVER, name);
}

// Drops the databases created since `before` (a run's copy of a template is many GB), unless --keep.
async function dropCreatedSince(before: number) {
  if (!values.keep) for (const name of created.splice(before)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Drops a table's secondary indexes while it is bulk-loaded (building them once afterwards is far
// faster than maintaining them row by row); returns how to build them again.
async function withoutIndexes(c: pg.Client, table: string, load: () => Promise<void>) {
  const { rows } = await c.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.tablename = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  );
  for (const r of rows) await c.query(`DROP INDEX "${r.indexname}"`);
  await load();
  for (const r of rows) await c.query(r.indexdef);
}

// People, claims, segments; person g has key row g.
async function seedPeople(c: pg.Client) {
  await c.query("CREATE EXTENSION IF NOT EXISTS pgcrypto");
  await c.query(`INSERT INTO workspace (id, name, identification_mode, hash_secret, updated_at) VALUES ('default', 'Bench', 'email_or_id', $1, now())`, [secret]);
  await c.query(
    `INSERT INTO person (cio_id, workspace_id, external_id, email, email_key, attributes, created_at, updated_at, key_id)
     SELECT substr(md5('bulk' || g::text), 1, 20), 'default', 'cust-' || g, 'Person' || g || '@bulk.example', 'person' || g || '@bulk.example',
            jsonb_build_object('plan', CASE WHEN g % 3 = 0 THEN 'pro' ELSE 'free' END, 'country', CASE WHEN g % 5 = 0 THEN 'DE' ELSE 'FR' END, 'n', g),
            now() - ($1::int - g) * interval '1 second', now() - ($1::int - g) * interval '1 second', g
     FROM generate_series(1, $1::int) AS g`,
    [people],
  );
  await c.query(
    `INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
     SELECT 'default', 'id'::"IdentifierKind", encode(hmac('id:' || external_id, $1, 'sha256'), 'hex'), cio_id FROM person
     UNION ALL
     SELECT 'default', 'email'::"IdentifierKind", encode(hmac('email:' || email_key, $1, 'sha256'), 'hex'), cio_id FROM person`,
    [secret],
  );
  await c.query(`INSERT INTO segment (id, workspace_id, name, kind, updated_at) VALUES ('seg_pro', 'default', 'Pro plan', 'manual', now()), ('seg_de', 'default', 'Germany', 'manual', now())`);
  await c.query(`INSERT INTO segment_membership (segment_id, cio_id) SELECT 'seg_pro', cio_id FROM person WHERE attributes->>'plan' = 'pro'`);
  await c.query(`INSERT INTO segment_membership (segment_id, cio_id) SELECT 'seg_de', cio_id FROM person WHERE attributes->>'country' = 'DE'`);
}

// The product's design: a key row per person and their activity sealed under it, as identify and
// events leave them (through lib/profile-keys/sealing: real keys, real ciphertext).
async function seedSealed(url: string) {
  const { newProfileKeys, seal, hashClientEventId } = await import("../../lib/profile-keys/sealing");
  const workspace = { id: "default", hashSecret: secret };
  await withClient(url, async (c) => {
    await seedPeople(c);
    const eventKeys = new Array<Buffer>(people + 1);
    for (let first = 1; first <= people; first += SEED_BATCH) {
      const ids: string[] = [];
      const cioIds: string[] = [];
      const eventWrapped: Buffer[] = [];
      const attributeWrapped: Buffer[] = [];
      for (let g = first; g < Math.min(first + SEED_BATCH, people + 1); g++) {
        const keys = newProfileKeys(workspace);
        eventKeys[g] = keys.eventKey;
        ids.push(String(g));
        eventWrapped.push(keys.wrappedEventKey);
        attributeWrapped.push(keys.wrappedAttributeKey);
      }
      const { rows } = await c.query<{ g: number; cio: string }>(`SELECT g, substr(md5('bulk' || g::text), 1, 20) AS cio FROM unnest($1::int[]) AS g`, [ids]);
      for (const r of rows) cioIds[r.g - first] = r.cio;
      await c.query(
        `INSERT INTO profile_key (id, workspace_id, cio_id, event_key, attribute_key)
         SELECT k, 'default', c, e, a FROM unnest($1::bigint[], $2::text[], $3::bytea[], $4::bytea[]) AS t(k, c, e, a)`,
        [ids, cioIds, eventWrapped, attributeWrapped],
      );
    }
    await c.query(`SELECT setval('profile_key_id_seq', $1::bigint)`, [people]);
    // Interleaved in time: all people's first events, then all their second ones, …
    await withoutIndexes(c, "activity", async () => {
      const base = Date.now() - EVENTS * people * 1000;
      const total = people * EVENTS;
      for (let n = 0; n < total; n += SEED_BATCH) {
        const keyIds: string[] = [];
        const sealed: Buffer[] = [];
        const hashes: string[] = [];
        const times: string[] = [];
        for (let i = n; i < Math.min(n + SEED_BATCH, total); i++) {
          const e = Math.floor(i / people) + 1;
          const g = (i % people) + 1;
          const clientEventId = `${g}-${e}`;
          keyIds.push(String(g));
          sealed.push(seal(eventKeys[g], { name: "purchase", data: { amount: e * 10 }, clientEventId }));
          hashes.push(hashClientEventId(workspace, clientEventId));
          times.push(new Date(base + i * 1000).toISOString());
        }
        await c.query(
          `INSERT INTO activity (workspace_id, key_id, type, sealed, client_event_hash, timestamp, created_at)
           SELECT 'default', k, 'event', s, h, t, t FROM unnest($1::bigint[], $2::bytea[], $3::text[], $4::timestamp[]) AS x(k, s, h, t)`,
          [keyIds, sealed, hashes, times],
        );
      }
    });
    await c.query("VACUUM ANALYZE");
  });
}

// Today's design (before sealed activity): the same activity in plaintext, a cio_id on each row.
async function seedToday(url: string) {
  await withClient(url, async (c) => {
    await seedPeople(c);
    await c.query(`UPDATE person SET key_id = NULL`);
    await c.query(`
      CREATE TABLE activity_today (
        id bigserial PRIMARY KEY, workspace_id text NOT NULL, cio_id text, type "ActivityType" NOT NULL, name text, data jsonb,
        client_event_id text, forgotten boolean NOT NULL DEFAULT false, timestamp timestamp(3) NOT NULL DEFAULT now(), created_at timestamp(3) NOT NULL DEFAULT now())`);
    await c.query(`
      INSERT INTO activity_today (workspace_id, cio_id, type, name, data, client_event_id, timestamp, created_at)
      SELECT 'default', substr(md5('bulk' || g::text), 1, 20), 'event', 'purchase', jsonb_build_object('amount', e * 10), g || '-' || e,
        now() - ((($2::int - e) * $1::int) + ($1::int - g)) * interval '1 second', now()
      FROM generate_series(1, $2::int) AS e, generate_series(1, $1::int) AS g
      ORDER BY e, g`, [people, EVENTS]);
    // The indexes activity had then.
    await c.query(`CREATE INDEX ON activity_today (cio_id, timestamp DESC)`);
    await c.query(`CREATE INDEX ON activity_today (workspace_id, timestamp DESC)`);
    await c.query(`CREATE INDEX ON activity_today (workspace_id, type, timestamp DESC)`);
    await c.query(`CREATE UNIQUE INDEX ON activity_today (workspace_id, client_event_id)`);
    await c.query("VACUUM ANALYZE");
  });
}

const needsToday = cases.some((c) => c.kind === "today");
const needsSealed = cases.some((c) => c.kind !== "today");
const sealedTemplate = `${tag}_sealed`;
const todayTemplate = `${tag}_today`;
if (values.reuse) {
  // The templates of an earlier --seed-only: their workspace secret, size and history length must
  // be the ones this run assumes.
  const { migrateDatabase } = await import("../../lib/database/migrations");
  for (const [needed, name] of [[needsSealed, sealedTemplate], [needsToday, todayTemplate]] as const) {
    if (!needed) continue;
    const url = withDatabase(SERVER, name);
    await migrateDatabase(url);
    const seeded = await withClient(url, async (c) => {
      const { rows } = await c.query<{ hash_secret: string; people: string; activities: string }>(
        `SELECT hash_secret, (SELECT count(*) FROM person) AS people,
                (SELECT count(*) FROM ${name === todayTemplate ? "activity_today" : "activity"}) AS activities FROM workspace`,
      );
      return rows[0];
    });
    secret = seeded.hash_secret;
    if (Number(seeded.people) !== people || Number(seeded.activities) !== people * EVENTS) {
      throw new Error(`${name} holds ${seeded.people} people and ${seeded.activities} activities, not ${people} × ${EVENTS}`);
    }
  }
} else {
  const { migrateDatabase } = await import("../../lib/database/migrations");
  if (needsSealed) {
    const url = await createDatabase(sealedTemplate);
    await migrateDatabase(url);
    const started = performance.now();
    await seedSealed(url);
    console.log(`seeded ${fmt(people)} people, ${fmt(people * EVENTS)} sealed activities (${EVENTS} each, interleaved) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  if (needsToday) {
    const url = await createDatabase(todayTemplate);
    await migrateDatabase(url);
    const started = performance.now();
    await seedToday(url);
    console.log(`seeded today's design: ${fmt(people)} people, ${fmt(people * EVENTS)} plaintext activities in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

// Who a case deletes, and the memberships the rest keep.
const selectedWhere = (selection: Selection) =>
  selection === "all"
    ? "TRUE"
    : selection === "tenth"
      ? `(${TENTH_WHERE})`
      : `EXISTS (SELECT 1 FROM segment_membership sm WHERE sm.segment_id = '${THIRD_SEGMENT}' AND sm.cio_id = p.cio_id)`;
async function selectionSize(selection: Selection) {
  return withClient(withDatabase(SERVER, needsSealed ? sealedTemplate : todayTemplate), async (c) => {
    const { rows } = await c.query(
      `SELECT count(*) FILTER (WHERE ${selectedWhere(selection)})::int AS selected,
              (SELECT count(*) FROM segment_membership sm JOIN person p ON p.cio_id = sm.cio_id WHERE NOT (${selectedWhere(selection)}))::int AS kept_memberships
       FROM person p`,
    );
    return rows[0] as { selected: number; kept_memberships: number };
  });
}

async function endState(url: string, kind: Kind) {
  return withClient(url, async (c) => {
    const activity = kind === "today" ? "activity_today" : "activity";
    const { rows } = await c.query(
      `SELECT (SELECT count(*) FROM person)::int AS people,
              (SELECT count(*) FROM suppression)::int AS suppressions,
              (SELECT count(*) FROM identifier_claim WHERE suppression_id IS NOT NULL)::int AS suppressed_claims,
              (SELECT count(*) FROM identifier_claim WHERE cio_id IS NOT NULL)::int AS living_claims,
              (SELECT count(*) FROM ${activity} WHERE type = 'profile_suppressed')::int AS suppressed_events,
              (SELECT count(*) FROM ${activity} WHERE type = 'profile_deleted')::int AS deleted_events,
              (SELECT count(*) FROM segment_membership)::int AS memberships,
              ${
                kind === "today"
                  ? `(SELECT count(*) FROM activity_today WHERE forgotten AND type = 'event')::int AS forgotten_events,
                     (SELECT count(*) FROM activity_today WHERE NOT forgotten AND type = 'event')::int AS readable_events`
                  : `(SELECT count(*) FROM activity a WHERE a.type = 'event' AND NOT EXISTS (SELECT 1 FROM profile_key k WHERE k.id = a.key_id))::int AS forgotten_events,
                     (SELECT count(*) FROM activity a WHERE a.type = 'event' AND EXISTS (SELECT 1 FROM profile_key k WHERE k.id = a.key_id))::int AS readable_events,
                     (SELECT count(*) FROM profile_key WHERE deleted_at IS NOT NULL AND attribute_key IS NULL)::int AS deleted_keys,
                     (SELECT count(*) FROM deleted_identifier)::int AS recorded_identifiers`
              }`,
    );
    return rows[0] as Record<string, number>;
  });
}

function expectEndState(state: Record<string, number>, c: Case, size: { selected: number; kept_memberships: number }) {
  const s = size.selected;
  const left = people - s;
  const wanted: Record<string, number> = {
    people: left,
    suppressions: c.suppress ? s : 0,
    suppressed_claims: c.suppress ? 2 * s : 0,
    living_claims: 2 * left,
    suppressed_events: c.suppress ? s : 0,
    deleted_events: c.suppress ? 0 : s,
    memberships: size.kept_memberships,
    forgotten_events: c.suppress ? s * EVENTS : 0,
    readable_events: (c.suppress ? left : people) * EVENTS,
  };
  if (c.kind !== "today") Object.assign(wanted, { deleted_keys: c.suppress ? 0 : s, recorded_identifiers: c.suppress ? 0 : 2 * s });
  if (JSON.stringify(state) !== JSON.stringify(wanted)) throw new Error(`end state ${JSON.stringify(state)}, wanted ${JSON.stringify(wanted)}`);
}

// ---- 2a. plain SQL, for the product's design (raw) and for today's (today) ----
async function runRaw(c0: Case, size: { selected: number; kept_memberships: number }): Promise<number> {
  const { suppress } = c0;
  const today = c0.kind === "today";
  const url = await createDatabase(`${tag}_${c0.kind}_${c0.selection}_${suppress ? "suppress" : "delete"}`, today ? todayTemplate : sealedTemplate);
  const started = performance.now();
  await withClient(url, async (c) => {
    // The people in storage order (a batch then works on neighbouring pages), numbered once.
    await c.query(`CREATE TEMP TABLE raw_order AS SELECT row_number() OVER (ORDER BY ctid)::int AS seq, cio_id FROM person p WHERE workspace_id = 'default' AND ${selectedWhere(c0.selection)}`);
    await c.query("CREATE INDEX ON raw_order (seq)");
    await c.query("ANALYZE raw_order");
    // What the app's batches set too: index probes rather than sequential scans for 10,000-element
    // ANY(...) lists, and no JIT compiling each statement.
    await c.query("SET enable_seqscan = off");
    await c.query("SET jit = off");
    for (let first = 1; ; first += RAW_BATCH) {
      await c.query("BEGIN");
      const { rows } = await c.query<{ cio_id: string; key_id: string }>(
        `SELECT p.cio_id, p.key_id FROM raw_order o JOIN person p ON p.cio_id = o.cio_id WHERE o.seq BETWEEN $1 AND $2 FOR UPDATE OF p`,
        [first, first + RAW_BATCH - 1],
      );
      if (!rows.length) {
        await c.query("COMMIT");
        break;
      }
      const ids = rows.map((r) => r.cio_id);
      const keys = rows.map((r) => r.key_id);
      if (suppress) {
        await c.query(
          `INSERT INTO suppression (id, workspace_id, id_hint, email_hint, actor_type, receipt_id)
           SELECT 'sup_' || cio_id, 'default', '••••' || right(external_id, 2), left(email, 1) || '•••' || substr(email, strpos(email, '@')), 'system', 'rcpt_raw'
           FROM person WHERE cio_id = ANY($1::text[])`,
          [ids],
        );
        await c.query(`UPDATE identifier_claim SET suppression_id = 'sup_' || cio_id, cio_id = NULL WHERE cio_id = ANY($1::text[])`, [ids]);
        if (today) {
          await c.query(
            `UPDATE activity_today SET cio_id = NULL, name = NULL, data = NULL, client_event_id = NULL, forgotten = true WHERE cio_id = ANY($1::text[])`,
            [ids],
          );
          await c.query(`INSERT INTO activity_today (workspace_id, type, forgotten) SELECT 'default', 'profile_suppressed', true FROM generate_series(1, $1::int)`, [ids.length]);
        } else {
          await c.query(`DELETE FROM profile_key WHERE id = ANY($1::bigint[])`, [keys]);
          await c.query(`INSERT INTO activity (workspace_id, type, forgotten) SELECT 'default', 'profile_suppressed', true FROM generate_series(1, $1::int)`, [ids.length]);
        }
      } else if (today) {
        await c.query(`INSERT INTO activity_today (workspace_id, cio_id, type) SELECT 'default', c, 'profile_deleted' FROM unnest($1::text[]) AS c`, [ids]);
      } else {
        await c.query(`UPDATE profile_key SET attribute_key = NULL, deleted_at = now() WHERE id = ANY($1::bigint[])`, [keys]);
        await c.query(
          `INSERT INTO deleted_identifier (workspace_id, kind, value_hash, key_id, receipt_id)
           SELECT 'default', 'id'::"IdentifierKind", encode(hmac('id:' || external_id, $2, 'sha256'), 'hex'), key_id, 'rcpt_raw' FROM person WHERE cio_id = ANY($1::text[])
           UNION ALL
           SELECT 'default', 'email'::"IdentifierKind", encode(hmac('email:' || email_key, $2, 'sha256'), 'hex'), key_id, 'rcpt_raw' FROM person WHERE cio_id = ANY($1::text[])`,
          [ids, secret],
        );
        await c.query(`INSERT INTO activity (workspace_id, key_id, type) SELECT 'default', k, 'profile_deleted' FROM unnest($1::bigint[]) AS k`, [keys]);
      }
      await c.query(`DELETE FROM person WHERE cio_id = ANY($1::text[])`, [ids]);
      await c.query("COMMIT");
    }
  });
  const seconds = (performance.now() - started) / 1000;
  expectEndState(await endState(url, c0.kind), c0, size);
  return seconds;
}

// ---- 2b. the app ----
function build() {
  const tsconfig = readFileSync("tsconfig.json", "utf8");
  try {
    const result = spawnSync("node", ["node_modules/next/dist/bin/next", "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (result.status !== 0) throw new Error("next build failed");
  } finally {
    writeFileSync("tsconfig.json", tsconfig);
  }
}

async function waitForHttp(url: string, server: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error("the app exited at start");
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}

function vm(pid: number, field: "VmHWM" | "VmRSS"): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith(field));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
}

// The app's memory: the `next start` process (serving and running the worker) and any children, summed.
function appRss(pid: number, field: "VmHWM" | "VmRSS"): number {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {}
  return [pid, ...children].reduce((sum, p) => {
    try {
      return sum + vm(p, field);
    } catch {
      return sum;
    }
  }, 0);
}

async function signIn(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

// The job path: startDeletion in a child process bound to the case's database, as the Server Action
// calls it. The clock starts when startDeletion is called (the child's own start-up is not the app's).
function startJobInChild(url: string, c0: Case): StartedJob {
  const child = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      process.argv[1],
      "--start-job",
      url,
      ...(c0.suppress ? ["--suppress"] : []),
      ...(c0.selection === "third" ? ["--segment", THIRD_SEGMENT] : c0.selection === "tenth" ? ["--tenth"] : []),
    ],
    { encoding: "utf8" },
  );
  if (child.status !== 0) throw new Error(`startDeletion failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as StartedJob;
}

// "Erase a list" through the app's routes, as the page posts it: the tenth named by id and by email in
// turn, previewed (timed on its own), then applied; the clock of the deletion starts at the apply.
async function applyList(origin: string, cookie: string, suppress: boolean, expected: number): Promise<StartedJob & { previewMs: number }> {
  const lines: string[] = [];
  for (let g = 10; g <= people; g += 10) lines.push(g % 20 === 0 ? `cust-${g}` : `Person${g}@bulk.example`);
  const body = lines.join("\n");
  const headers = { cookie, origin, "sec-fetch-site": "same-origin", "content-type": "text/csv" };
  const previewStarted = performance.now();
  const preview = await fetch(`${origin}/api/erasure-requests/preview`, { method: "POST", headers, body });
  const previewed = (await preview.json()) as { ok?: boolean; previewedAt: string; counts: Record<string, number> };
  const previewMs = performance.now() - previewStarted;
  if (preview.status !== 200 || previewed.counts?.person !== expected) throw new Error(`preview answered ${preview.status} ${JSON.stringify(previewed).slice(0, 300)}`);
  const query = new URLSearchParams({ previewed_at: previewed.previewedAt, preview_people: String(expected), typed: String(expected), ...(suppress ? { suppress: "1" } : {}) });
  const startedAt = Date.now();
  const applied = await fetch(`${origin}/api/erasure-requests/apply?${query}`, { method: "POST", headers, body });
  const answer = (await applied.json()) as { ok?: boolean; mode?: string; jobId?: string; total?: number };
  if (applied.status !== 200 || !answer.ok) throw new Error(`apply answered ${applied.status} ${JSON.stringify(answer).slice(0, 300)}`);
  console.log(`list: ${fmt(lines.length)} lines previewed in ${(previewMs / 1000).toFixed(1)} s (${JSON.stringify(previewed.counts)}); applied as ${answer.mode} ${answer.jobId}`);
  return { mode: answer.mode!, jobId: answer.jobId!, total: answer.total!, startedAt, snapshotMs: Date.now() - startedAt, previewMs };
}

type StartedJob = { mode: string; jobId: string; total: number; startedAt: number; snapshotMs: number };

type Receiver = Awaited<ReturnType<typeof import("../../lib/test/webhook-receiver").startWebhookReceiver>>;

// The one endpoint of a --webhook case, subscribed to every event type, with a real encrypted secret.
async function attachEndpoint(url: string, receiver: Receiver) {
  const { encryptSecret, newSigningSecret } = await import("../../lib/webhooks/secrets");
  const { WEBHOOK_EVENT_TYPES } = await import("../../lib/outbox/event-types");
  await withClient(url, (c) =>
    c.query(
      `INSERT INTO webhook_endpoint (id, workspace_id, url, description, event_types, secret, updated_at)
       SELECT 'whe_bench', id, $1, 'bench', $2::text[], $3, now() FROM workspace`,
      [receiver.url, [...WEBHOOK_EVENT_TYPES], encryptSecret("whe_bench", newSigningSecret())],
    ),
  );
}

// After the job: until no delivery is pending, then what arrived against what the outbox holds.
async function awaitDeliveries(url: string, receiver: Receiver, jobEndedAt: number) {
  return withClient(url, async (c) => {
    for (let i = 0; ; i++) {
      const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_delivery WHERE status = 'pending'`);
      if (rows[0].n === 0) break;
      if (i > 6_000) throw new Error(`${rows[0].n} webhook deliveries still pending after 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const deliveredSeconds = (Date.now() - jobEndedAt) / 1000;
    const { rows } = await c.query<{ events: number; delivered: number; held: number }>(
      `SELECT (SELECT count(*)::int FROM webhook_event) AS events,
              (SELECT count(*)::int FROM webhook_delivery WHERE status = 'delivered') AS delivered,
              (SELECT count(*)::int FROM webhook_event WHERE payload IS NOT NULL) AS held`,
    );
    const ids = new Set(receiver.received.map((r) => r.id));
    return { deliveredSeconds, ...rows[0], received: ids.size, duplicates: receiver.received.length - ids.size };
  });
}

async function runApp(c0: Case, size: { selected: number; kept_memberships: number }, receiver?: Receiver) {
  const { suppress } = c0;
  const url = await createDatabase(`${tag}_${c0.kind}_${c0.selection}_${suppress ? "suppress" : "delete"}${receiver ? "_hook" : ""}`, sealedTemplate);
  if (receiver) await attachEndpoint(url, receiver);
  const origin = `http://127.0.0.1:${values.port}`;
  const server = spawn("node", nextStartArgs({ port: values.port, hostname: "127.0.0.1", env: process.env }), {
    env: {
      ...process.env,
      DATABASE_URL: url,
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      BETTER_AUTH_URL: origin,
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      NODE_ENV: "production",
      ...(receiver ? { WEBHOOK_ALLOW_LOOPBACK: "1" } : {}),
    },
    stdio: ["ignore", "ignore", "inherit"],
    // Its own process group: `next start` runs the server in a child (next-server), stopped with it.
    detached: true,
  });
  try {
    await waitForHttp(`${origin}/login`, server);
    const cookie = await signIn(origin);
    const pages = { "first page": "/people", "segment filter": "/people?segment=seg_pro", search: "/people?q=person4242" };
    const get = async (path: string) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await fetch(`${origin}${path}`, { headers: { cookie } });
          if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
          await response.text();
          return;
        } catch (error) {
          // A kept-alive connection the server closed just then: undici reports it; ask again.
          if (attempt >= 3 || !(error instanceof TypeError)) throw error;
        }
      }
    };
    for (const path of Object.values(pages)) await get(path); // warm-up (compiled routes, pools)

    const job = c0.kind === "list" ? await applyList(origin, cookie, suppress, size.selected) : startJobInChild(url, c0);
    const snapshotSeconds = job.snapshotMs / 1000;
    if (job.mode !== "job" || job.total !== size.selected) throw new Error(`unexpected start ${JSON.stringify(job)}`);

    // The separate client: a support person browsing while the job runs, the three page loads in
    // turn at one load a second (a client loading pages back to back would measure how the job
    // shares two cores with a load generator, not what staff meet).
    const timings: Record<string, number[]> = Object.fromEntries(Object.keys(pages).map((k) => [k, []]));
    let running = true;
    let clientError: unknown = null;
    const client = (async () => {
      while (running) {
        for (const [name, path] of Object.entries(pages)) {
          const t = performance.now();
          await get(path);
          const took = performance.now() - t;
          timings[name].push(took);
          if (running) await new Promise((resolve) => setTimeout(resolve, Math.max(0, BROWSE_INTERVAL_MS - took)));
        }
      }
    })().catch((error) => {
      clientError = error;
    });
    let peakSampled = 0;
    const status = await withClient(url, async (c) => {
      for (;;) {
        peakSampled = Math.max(peakSampled, appRss(server.pid!, "VmRSS"));
        const { rows } = await c.query<{ status: string }>(`SELECT status::text AS status FROM deletion_job WHERE id = $1`, [job.jobId]);
        if (rows[0].status !== "queued" && rows[0].status !== "running") return rows[0].status;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    const jobEndedAt = Date.now();
    const seconds = (jobEndedAt - job.startedAt) / 1000;
    running = false;
    await client;
    if (clientError) throw clientError instanceof Error ? clientError : new Error("the People page client failed", { cause: clientError });
    if (status !== "completed") throw new Error(`job ended ${status}`);
    const rss = Math.max(appRss(server.pid!, "VmHWM"), peakSampled);
    const webhooks = receiver ? await awaitDeliveries(url, receiver, jobEndedAt) : null;
    expectEndState(await endState(url, "app"), c0, size);
    const p95 = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, percentile([...v].sort((a, b) => a - b), 95)]));
    return { seconds, snapshotSeconds, rss, p95, samples: timings["first page"].length, webhooks };
  } finally {
    const exited = new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
    process.kill(-server.pid!, "SIGTERM");
    await exited;
  }
}

if (values["seed-only"]) {
  console.log(`seeded templates kept: ${tag} (run the cases with --reuse ${tag})`);
  await admin.end();
  process.exit(0);
}

let ratio = 0;
const webhookLines: string[] = [];
let webhookFailed = false;
try {
  if (!values["no-build"] && cases.some((c) => c.kind === "app" || c.kind === "list")) build();
  const sizes = { all: await selectionSize("all"), third: await selectionSize("third"), tenth: await selectionSize("tenth") };
  const seconds = new Map<string, number>();
  const key = (c: Case) => `${c.selection}-${c.suppress ? "suppress" : "delete"}-${c.kind}`;
  for (const c of cases) {
    const size = sizes[c.selection];
    // A case's copy goes when the case is done (a long history's copy is many GB): kept with --keep.
    const before = created.length;
    const who = { all: "all", third: "a third", tenth: "a tenth" }[c.selection];
    const how = { app: "app", list: "app, erasure list", raw: "plain SQL", today: "plain SQL, today's design" }[c.kind];
    const label = `${who}, ${c.suppress ? "delete+suppress" : "delete"}, ${how}`;
    if (c.kind === "app" || c.kind === "list") {
      const app = await runApp(c, size);
      seconds.set(key(c), app.seconds);
      const line = (name: string, run: typeof app) =>
        console.log(
          `${name.padEnd(48)} ${fmt(size.selected / run.seconds).padStart(9)} people/s ${run.seconds.toFixed(1).padStart(7)} s (snapshot ${run.snapshotSeconds.toFixed(1)} s)` +
            ` | app peak RSS ${run.rss.toFixed(0)} MB | People page p95 during the job (${run.samples} rounds): ` +
            Object.entries(run.p95).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(", "),
        );
      line(label, app);
      if (values.webhook && c.kind === "app") {
        const { startWebhookReceiver } = await import("../../lib/test/webhook-receiver");
        const without = [app.seconds];
        const withEndpoint: number[] = [];
        for (let round = 0; round < Number(values["webhook-rounds"]); round++) {
          // Round 0 has its run without already; odd rounds go with, then without (ABBA).
          if (round > 0 && round % 2 === 0) {
            await dropCreatedSince(before);
            const again = await runApp(c, size);
            line(label, again);
            without.push(again.seconds);
          }
          await dropCreatedSince(before);
          const receiver = await startWebhookReceiver();
          try {
            const hooked = await runApp(c, size, receiver);
            line(`${label} + webhook`, hooked);
            withEndpoint.push(hooked.seconds);
            const w = hooked.webhooks!;
            const complete = w.received === w.events && w.delivered === w.events && w.held === 0;
            webhookLines.push(
              `webhooks: ${label}, round ${round + 1}: with an endpoint ${hooked.seconds.toFixed(1)} s; ` +
                `${fmt(w.received)}/${fmt(w.events)} events delivered (${fmt(w.duplicates)} repeats of a webhook-id), the last ${w.deliveredSeconds.toFixed(1)} s after the job ended (target ≤ 60 s); payloads held ${w.held}` +
                (complete ? "" : " — INCOMPLETE"),
            );
            if (!complete) webhookFailed = true;
          } finally {
            await receiver.close();
          }
          if (round % 2 === 1) {
            await dropCreatedSince(before);
            const again = await runApp(c, size);
            line(label, again);
            without.push(again.seconds);
          }
        }
        const median = (xs: number[]) => {
          const sorted = [...xs].sort((a, b) => a - b);
          const mid = Math.floor(sorted.length / 2);
          return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        };
        webhookLines.push(
          `webhooks: ${label}: without an endpoint ${without.map((x) => x.toFixed(1)).join(", ")} s, with ${withEndpoint.map((x) => x.toFixed(1)).join(", ")} s; ` +
            `ratio of the medians ${(median(without) / median(withEndpoint)).toFixed(2)} (target ≥ 0.9)`,
        );
      }
    } else {
      const raw = await runRaw(c, size);
      seconds.set(key(c), raw);
      console.log(`${label.padEnd(48)} ${fmt(size.selected / raw).padStart(9)} people/s ${raw.toFixed(1).padStart(7)} s`);
    }
    await dropCreatedSince(before);
  }
  console.log(`\n${fmt(people)} people, ${EVENTS} events each (interleaved)`);
  for (const selection of ["third", "all"] as const) {
    const n = sizes[selection].selected;
    for (const kind of ["app", "today"] as const) {
      const del = seconds.get(`${selection}-delete-${kind}`);
      const sup = seconds.get(`${selection}-suppress-${kind}`);
      if (del === undefined || sup === undefined) continue;
      console.log(
        `history: ${kind === "app" ? "" : "today's design (plain SQL): "}${selection === "all" ? "all" : "a third"} (${fmt(n)} people): delete+suppress ${fmt(n / sup)} people/s, plain delete ${fmt(n / del)} people/s, ratio ${(del / sup).toFixed(2)}`,
      );
    }
  }
  for (const action of ["suppress", "delete"]) {
    const list = seconds.get(`tenth-${action}-list`);
    const job = seconds.get(`tenth-${action}-app`);
    if (list === undefined || job === undefined) continue;
    const n = sizes.tenth.selected;
    console.log(`list: ${action === "suppress" ? "delete+suppress" : "delete"} of ${fmt(n)} people named by a list ${fmt(n / list)} people/s, job path ${fmt(n / job)} people/s, ratio ${(job / list).toFixed(2)}`);
  }
  for (const line of webhookLines) console.log(line);
  const app = seconds.get("all-suppress-app");
  const raw = seconds.get("all-suppress-raw");
  if (app !== undefined && raw !== undefined) ratio = raw / app;
} finally {
  if (values.keep) console.log(`kept databases: ${created.join(", ")}`);
  else for (const name of created.reverse()) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
console.log(`ratio: ${ratio.toFixed(2)}`);
if (webhookFailed) process.exit(1);
