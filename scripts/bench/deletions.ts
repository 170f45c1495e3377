// `npm run bench -- deletions`: the Deletions page's reads with a long record, on the PostgreSQL server.
// A database of its own (DELETIONS_BENCH_SERVER, default postgresql://postgres@127.0.0.1:5432/postgres),
// migrated, holding DELETIONS_BENCH_API (default 1,000,000) API deletions and suppressions by one key
// over the last months, with what support does among them: a person page's deletion every 5,000
// entries, a list request every 50,000, a selection every 25,000, plus 200,000 audit entries that are
// no erasure (exports, key changes); then VACUUM ANALYZE. Then, through lib/ as the page calls it
// (findDeletions beside listDeletionJobs), p50/p95 of: the first page, a page deep in the record (by
// its keyset cursor), each kind filter, each actor filter and a receipt. Exits 1 when a p95 is over
// 150 ms.
import { spawnSync } from "node:child_process";
import pg from "pg";
import { timeCases } from "./timing";

if (!process.execArgv.some((arg) => arg.includes("react-server")) && !(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const again = spawnSync(process.execPath, ["--conditions=react-server", ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const SERVER = process.env.DELETIONS_BENCH_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const API_DELETIONS = Number(process.env.DELETIONS_BENCH_API ?? 1_000_000);
const OTHER_ENTRIES = 200_000;
const RUNS = Number(process.env.DELETIONS_BENCH_RUNS ?? 50);
const P95_BUDGET_MS = 150;

const name = `bench_deletions_${Date.now().toString(36)}`;
const url = (() => {
  const parsed = new URL(SERVER);
  parsed.pathname = `/${name}`;
  return parsed.toString();
})();
const admin = new pg.Client({ connectionString: SERVER });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
let failed = false;
try {
  const { migrateDatabase } = await import("../../lib/database/migrations");
  await migrateDatabase(url);
  process.env.DATABASE_URL = url;
  const { db, closeDb } = await import("../../lib/db");
  const { createApiKey } = await import("../../lib/api-keys/api-keys");
  const { findDeletions } = await import("../../lib/deletion/find-deletions");
  const { listDeletionJobs } = await import("../../lib/deletion/progress");

  const started = performance.now();
  const workspace = await db.workspace.create({ data: { id: "default", name: "Bench", identificationMode: "email_or_id", hashSecret: "bench-deletions" } });
  const { apiKey } = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "crm sync", actor: { type: "system" } });
  // One entry a second, the newest last; entry g's kind follows from g.
  await db.$executeRaw`
    INSERT INTO audit_entry (workspace_id, receipt_id, actor_type, actor_id, action, count, details, created_at)
    SELECT 'default', 'rcpt_' || md5(g::text),
      CASE WHEN g % 5000 = 0 OR g % 25000 = 0 OR g % 50000 = 0 THEN 'user'::"ActorType" ELSE 'api_key'::"ActorType" END,
      CASE WHEN g % 5000 = 0 OR g % 25000 = 0 OR g % 50000 = 0 THEN 'user_support' ELSE ${apiKey.id} END,
      CASE WHEN g % 2 = 0 THEN 'people.delete' ELSE 'identifier.suppress' END,
      CASE WHEN g % 25000 = 0 THEN 40 ELSE 1 END,
      CASE WHEN g % 50000 = 0 THEN jsonb_build_object('list', jsonb_build_object('lines', 37), 'requested', 37)
           WHEN g % 25000 = 0 THEN jsonb_build_object('requested', 40)
           ELSE jsonb_build_object('requested', 1) END,
      now() - (${API_DELETIONS}::int - g) * interval '1 second'
    FROM generate_series(1, ${API_DELETIONS}::int) AS g`;
  await db.$executeRaw`
    INSERT INTO audit_entry (workspace_id, receipt_id, actor_type, actor_id, action, count, created_at)
    SELECT 'default', 'rcpt_other_' || g, 'user', 'user_admin', CASE WHEN g % 2 = 0 THEN 'person.export' ELSE 'api_key.create' END, 1,
      now() - (${OTHER_ENTRIES}::int - g) * interval '5 second'
    FROM generate_series(1, ${OTHER_ENTRIES}::int) AS g`;
  await db.$executeRawUnsafe("VACUUM ANALYZE audit_entry");
  console.log(`seeded ${API_DELETIONS.toLocaleString("en-US")} deletions and ${OTHER_ENTRIES.toLocaleString("en-US")} other audit entries in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  // The cursor of the entry half-way down the record: a page deep in it.
  const [middle] = await db.$queryRaw<{ at: Date; id: string }[]>`
    SELECT created_at AS at, id::text AS id FROM audit_entry WHERE receipt_id = ${`rcpt_${(await db.$queryRaw<{ h: string }[]>`SELECT md5(${String(Math.floor(API_DELETIONS / 2))}) AS h`)[0].h}`}`;
  const deep = `${middle.at.toISOString()}|${middle.id}`;
  const page = (params: Parameters<typeof findDeletions>[0]["params"]) => async () => {
    const [, found] = await Promise.all([listDeletionJobs({ workspace }), findDeletions({ workspace, params })]);
    if (!found.rows.length) throw new Error(`no rows for ${JSON.stringify(params)}`);
  };
  const timings = await timeCases(
    [
      { name: "first page", isBudgeted: true, run: page({}) },
      { name: "a page half-way down (keyset cursor)", isBudgeted: true, run: page({ cursor: deep }) },
      { name: "kind: person page", isBudgeted: true, run: page({ kind: "person" }) },
      { name: "kind: selection", isBudgeted: true, run: page({ kind: "selection" }) },
      { name: "kind: list", isBudgeted: true, run: page({ kind: "list" }) },
      { name: "kind: API", isBudgeted: true, run: page({ kind: "api" }) },
      { name: "actor: the API key", isBudgeted: true, run: page({ actor: `api_key:${apiKey.id}` }) },
      { name: "actor: a support user", isBudgeted: true, run: page({ actor: "user:user_support" }) },
      { name: "kind: person page, half-way down", isBudgeted: true, run: page({ kind: "person", cursor: deep }) },
      { name: "receipt", isBudgeted: true, run: page({ receipt: `rcpt_${(await db.$queryRaw<{ h: string }[]>`SELECT md5(${String(Math.floor(API_DELETIONS / 3) + 7)}) AS h`)[0].h}` }) },
    ],
    RUNS,
  );
  // The baseline, same run: the kind filters without the deletion indexes (the audit log's own
  // indexes only), as the page read them before migration 20261207010000_deletions_index.
  for (const index of ["audit_entry_deletions_idx", "audit_entry_deletions_by_kind_idx", "audit_entry_deletions_by_actor_idx"]) {
    await db.$executeRawUnsafe(`DROP INDEX ${index}`);
  }
  console.log("\nbaseline: without the deletion indexes");
  await timeCases(
    [
      { name: "first page", run: page({}) },
      { name: "kind: person page", run: page({ kind: "person" }) },
      { name: "actor: a support user", run: page({ actor: "user:user_support" }) },
    ],
    Math.max(3, Math.floor(RUNS / 5)),
  );
  await closeDb();
  const worst = Math.max(...timings.map((t) => t.p95));
  console.log(`deletions: worst p95 ${worst.toFixed(1)} ms at ${API_DELETIONS.toLocaleString("en-US")} API deletions (budget ${P95_BUDGET_MS} ms)`);
  failed = worst > P95_BUDGET_MS;
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
