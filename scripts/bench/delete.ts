// `npm run bench:delete`: people/s for delete and for delete+suppress of 10,000 and 100,000 people (5
// activities each, id and email claimed) on the PostgreSQL server, through the app's own path
// (startDeletion snapshot → deletion job batches, exactly what the worker runs), beside a raw-SQL
// baseline that does the same deletes, updates and inserts as set-based statements in one
// transaction. Each case seeds its own workspace by bulk SQL in a fresh database of its own
// (DELETE_BENCH_SERVER, default postgresql://postgres@127.0.0.1:5432/postgres), dropped at the end
// unless --keep. Sizes: DELETE_BENCH_SIZES (default 10000,100000).
// The last line is `ratio: <app rate / raw-SQL rate>` for the 100,000 delete+suppress case.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createTestDatabase } from "../../lib/test/server-database";

const SERVER = process.env.DELETE_BENCH_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SIZES = (process.env.DELETE_BENCH_SIZES ?? "10000,100000").split(",").map(Number);
const ACTIVITIES_PER_PERSON = 5;
const KEEP = process.argv.includes("--keep");

const database = await createTestDatabase(SERVER);
process.env.DATABASE_URL = database.url;
process.env.DELETION_WORKER = "off";
const { db, closeDb } = await import("../../lib/db");
const { startDeletion } = await import("../../lib/deletion/start");
const { processNextDeletionJob } = await import("../../lib/deletion/worker");
const { Prisma } = await import("../../lib/generated/prisma/client");

const raw = new pg.Client({ connectionString: database.url });
await raw.connect();
await raw.query("CREATE EXTENSION IF NOT EXISTS pgcrypto");

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

// A workspace with n people, their id and email claims (real HMACs, as identify writes them) and
// ACTIVITIES_PER_PERSON events each, then VACUUM ANALYZE so both sides start from the same state.
async function seed(n: number) {
  const workspace = { id: `bench_${randomBytes(4).toString("hex")}`, hashSecret: randomBytes(32).toString("hex") };
  await raw.query(`INSERT INTO workspace (id, name, identification_mode, hash_secret, updated_at) VALUES ($1, 'bench', 'email_or_id', $2, now())`, [
    workspace.id,
    workspace.hashSecret,
  ]);
  await raw.query(
    `INSERT INTO person (cio_id, workspace_id, external_id, email, email_key, attributes)
     SELECT substr(md5($1 || g::text), 1, 20), $1, 'cust-' || $1 || '-' || g, 'Person' || g || '@' || $1 || '.example',
            'person' || g || '@' || $1 || '.example', jsonb_build_object('plan', 'pro', 'n', g, 'city', 'Lyon')
     FROM generate_series(1, $2::int) AS g`,
    [workspace.id, n],
  );
  await raw.query(
    `INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
     SELECT $1, 'id'::"IdentifierKind", encode(hmac('id:' || external_id, $2, 'sha256'), 'hex'), cio_id FROM person WHERE workspace_id = $1
     UNION ALL
     SELECT $1, 'email'::"IdentifierKind", encode(hmac('email:' || email_key, $2, 'sha256'), 'hex'), cio_id FROM person WHERE workspace_id = $1`,
    [workspace.id, workspace.hashSecret],
  );
  await raw.query(
    `INSERT INTO activity (workspace_id, cio_id, type, name, data, client_event_id, timestamp)
     SELECT $1, p.cio_id, 'event', 'purchase', jsonb_build_object('amount', g * 10, 'sku', 'sku-' || g), p.cio_id || '-' || g, now() - g * interval '1 day'
     FROM person p CROSS JOIN generate_series(1, $2::int) AS g WHERE p.workspace_id = $1`,
    [workspace.id, ACTIVITIES_PER_PERSON],
  );
  await raw.query("VACUUM ANALYZE person, identifier_claim, activity, suppression, deletion_job_item");
  return (await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } }));
}

async function check(workspaceId: string, n: number, suppress: boolean) {
  const { rows } = await raw.query(
    `SELECT (SELECT count(*) FROM person WHERE workspace_id = $1)::int AS people,
            (SELECT count(*) FROM suppression WHERE workspace_id = $1)::int AS suppressions,
            (SELECT count(*) FROM identifier_claim WHERE workspace_id = $1 AND suppression_id IS NOT NULL)::int AS claims,
            (SELECT count(*) FROM activity WHERE workspace_id = $1 AND forgotten)::int AS forgotten`,
    [workspaceId],
  );
  const expected = suppress
    ? { people: 0, suppressions: n, claims: 2 * n, forgotten: n * (ACTIVITIES_PER_PERSON + 1) }
    : { people: 0, suppressions: 0, claims: 0, forgotten: 0 };
  if (JSON.stringify(rows[0]) !== JSON.stringify(expected)) {
    throw new Error(`unexpected end state ${JSON.stringify(rows[0])}, wanted ${JSON.stringify(expected)}`);
  }
}

// The app: snapshot the selection (a filter) and run the job's batches, as the worker does.
async function runApp(n: number, suppress: boolean): Promise<number> {
  const workspace = await seed(n);
  const started = performance.now();
  const result = await startDeletion({
    workspace,
    selection: { sql: Prisma.sql`SELECT cio_id FROM person WHERE workspace_id = ${workspace.id}` },
    suppress,
    actor: { type: "system" },
  });
  if (result.mode === "job") {
    const ran = await processNextDeletionJob({ jobId: result.jobId });
    if (ran?.outcome !== "completed") throw new Error(`job ended ${ran?.outcome}`);
  }
  const seconds = (performance.now() - started) / 1000;
  await check(workspace.id, n, suppress);
  return n / seconds;
}

// The baseline: the same rows written, as set-based SQL over the whole selection in one transaction.
async function runRaw(n: number, suppress: boolean): Promise<number> {
  const workspace = await seed(n);
  const ws = workspace.id;
  const started = performance.now();
  await raw.query("BEGIN");
  await raw.query("SELECT 1 FROM person WHERE workspace_id = $1 FOR UPDATE", [ws]);
  if (suppress) {
    await raw.query(
      `INSERT INTO suppression (id, workspace_id, id_hint, email_hint, actor_type, receipt_id)
       SELECT 'sup_' || cio_id, $1, '••••' || right(external_id, 2), left(email, 1) || '•••' || substr(email, strpos(email, '@')), 'system', 'rcpt_raw'
       FROM person WHERE workspace_id = $1`,
      [ws],
    );
    await raw.query(
      `UPDATE identifier_claim SET suppression_id = 'sup_' || cio_id, cio_id = NULL WHERE workspace_id = $1 AND cio_id IS NOT NULL`,
      [ws],
    );
    await raw.query(
      `UPDATE activity SET cio_id = NULL, name = NULL, data = NULL, client_event_id = NULL, forgotten = true
       WHERE workspace_id = $1 AND cio_id IS NOT NULL`,
      [ws],
    );
    await raw.query(`INSERT INTO activity (workspace_id, type, forgotten) SELECT $1, 'profile_suppressed', true FROM generate_series(1, $2::int)`, [ws, n]);
  } else {
    await raw.query(`INSERT INTO activity (workspace_id, cio_id, type) SELECT $1, cio_id, 'profile_deleted' FROM person WHERE workspace_id = $1`, [ws]);
  }
  await raw.query("DELETE FROM person WHERE workspace_id = $1", [ws]);
  await raw.query("COMMIT");
  const seconds = (performance.now() - started) / 1000;
  await check(ws, n, suppress);
  return n / seconds;
}

let lastRatio = NaN;
try {
  console.log(`delete benchmark on ${SERVER.replace(/\/[^/]*$/, "")} (database ${new URL(database.url).pathname.slice(1)})`);
  for (const n of SIZES) {
    for (const suppress of [false, true]) {
      const label = `${fmt(n)} people, ${suppress ? "delete+suppress" : "delete"}`;
      const rawRate = await runRaw(n, suppress);
      const appRate = await runApp(n, suppress);
      lastRatio = appRate / rawRate;
      console.log(`${label.padEnd(32)} app ${fmt(appRate).padStart(8)} people/s   raw SQL ${fmt(rawRate).padStart(8)} people/s   ratio ${lastRatio.toFixed(2)}`);
    }
  }
} finally {
  await raw.end();
  await closeDb();
  if (KEEP) console.log(`kept ${database.url}`);
  else await database.drop();
}
console.log(`ratio: ${lastRatio.toFixed(2)}`);
