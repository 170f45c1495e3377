// `npm run bench -- erase-later`: erase later at scale on the PostgreSQL server. A database of its
// own (ERASE_BENCH_SERVER, default postgresql://postgres@127.0.0.1:5432/postgres), migrated, holding
// ERASE_BENCH_PROFILES (default 1,000,000) profiles deleted earlier without suppression: their key
// rows and their id and email recorded as keyed hashes (2,000,000 deleted_identifier rows, the real
// HMACs), with their activity (ERASE_BENCH_EVENTS each, sealed-size rows), then VACUUM ANALYZE.
// Then, through lib/ as the Track API calls it, p50/p95 of:
//   - suppress of an id that an earlier deleted profile held (finds it, forgets it, suppresses the id);
//   - suppress cio_<deleted cio_id>;
//   - suppress of a value nobody ever held (the same transaction without anything to forget).
// Each run uses a value of its own. Exits 1 when the first case's p95 is over 20 ms.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { timeCases } from "./timing";

if (!process.execArgv.some((arg) => arg.includes("react-server")) && !(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const again = spawnSync(process.execPath, ["--conditions=react-server", ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const SERVER = process.env.ERASE_BENCH_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PROFILES = Number(process.env.ERASE_BENCH_PROFILES ?? 1_000_000);
const EVENTS = Number(process.env.ERASE_BENCH_EVENTS ?? 3);
const RUNS = Number(process.env.ERASE_BENCH_RUNS ?? 200);
const P95_BUDGET_MS = 20;

const name = `bench_erase_${Date.now().toString(36)}`;
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
  const secret = randomBytes(32).toString("hex");
  const started = performance.now();
  const seed = new pg.Client({ connectionString: url });
  await seed.connect();
  seed.on("error", () => {}); // dropped with the database if a step below fails
  await seed.query("CREATE EXTENSION IF NOT EXISTS pgcrypto");
  await seed.query(`INSERT INTO workspace (id, name, identification_mode, hash_secret, updated_at) VALUES ('default', 'Bench', 'email_or_id', $1, now())`, [secret]);
  // Key material's size and shape (60 bytes wrapped): the lookup never opens it.
  await seed.query(
    `INSERT INTO profile_key (id, workspace_id, cio_id, event_key, attribute_key, deleted_at, created_at)
     SELECT g, 'default', substr(md5('gone' || g), 1, 20), gen_random_bytes(60), NULL, now() - g * interval '1 second', now() - g * interval '2 second'
     FROM generate_series(1, $1::int) AS g`,
    [PROFILES],
  );
  await seed.query(`SELECT setval('profile_key_id_seq', $1::bigint)`, [PROFILES]);
  await seed.query(
    `INSERT INTO deleted_identifier (workspace_id, kind, value_hash, key_id, receipt_id, deleted_at)
     SELECT 'default', 'id'::"IdentifierKind", encode(hmac('id:gone-' || g, $1, 'sha256'), 'hex'), g, 'rcpt_bench', now() FROM generate_series(1, $2::int) AS g
     UNION ALL
     SELECT 'default', 'email'::"IdentifierKind", encode(hmac('email:gone-' || g || '@bench.example', $1, 'sha256'), 'hex'), g, 'rcpt_bench', now() FROM generate_series(1, $2::int) AS g`,
    [secret, PROFILES],
  );
  // Their history, interleaved in time as traffic lands (profile g's events are PROFILES rows apart).
  await seed.query(
    `INSERT INTO activity (workspace_id, key_id, type, sealed, timestamp, created_at)
     SELECT 'default', g, 'event', gen_random_bytes(64), now() - (e * $1::int + g) * interval '1 second', now()
     FROM generate_series(1, $2::int) AS e, generate_series(1, $1::int) AS g`,
    [PROFILES, EVENTS],
  );
  await seed.query("VACUUM ANALYZE");
  await seed.end();
  console.log(`seeded ${PROFILES.toLocaleString("en-US")} deleted profiles, ${(2 * PROFILES).toLocaleString("en-US")} recorded identifiers, ${(EVENTS * PROFILES).toLocaleString("en-US")} activities in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  process.env.DATABASE_URL = url;
  const { db, closeDb } = await import("../../lib/db");
  const { suppressIdentifier } = await import("../../lib/deletion/suppress-identifier");
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: "default" } });
  const actor = { type: "system" } as const;
  // Values spread over the whole range, each used once.
  const order = Array.from({ length: PROFILES }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
  let next = 0;
  const forgotten = { id: 0, cio: 0 };
  const timings = await timeCases(
    [
      {
        name: "suppress an id a deleted profile held",
        isBudgeted: true,
        run: async () => {
          const g = order[next++];
          await suppressIdentifier({ workspace, identifier: `gone-${g}`, actor });
          forgotten.id++;
        },
      },
      {
        name: "suppress cio_<deleted cio_id>",
        run: async () => {
          const g = order[next++];
          const [{ cio_id }] = await db.$queryRaw<{ cio_id: string }[]>`SELECT substr(md5('gone' || ${g}::int), 1, 20) AS cio_id`;
          await suppressIdentifier({ workspace, identifier: `cio_${cio_id}`, actor });
          forgotten.cio++;
        },
      },
      { name: "suppress a value nobody held", run: () => suppressIdentifier({ workspace, identifier: `never-${randomBytes(6).toString("hex")}`, actor }) },
    ],
    RUNS,
  );
  const [{ left }] = await db.$queryRaw<{ left: number }[]>`SELECT count(*)::int AS left FROM profile_key`;
  const expectedLeft = PROFILES - (RUNS + 3) * 2;
  console.log(`profiles forgotten: ${PROFILES - left} (expected ${(RUNS + 3) * 2}); left ${left}`);
  if (left !== expectedLeft) throw new Error(`expected ${expectedLeft} profiles left, found ${left}`);
  await closeDb();
  const budgeted = timings.find((t) => t.isBudgeted)!;
  console.log(`erase later: p95 ${budgeted.p95.toFixed(1)} ms at ${PROFILES.toLocaleString("en-US")} deleted profiles (budget ${P95_BUDGET_MS} ms)`);
  failed = budgeted.p95 > P95_BUDGET_MS;
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
