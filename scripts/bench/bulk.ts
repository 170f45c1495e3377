// `npm run bench:bulk -- --people N` (default 1,000,000): "select all → delete forever" at scale, as
// the product runs it, against the fastest plain SQL for the same end state, on the PostgreSQL server
// (BULK_BENCH_SERVER, default postgresql://postgres@127.0.0.1:5432/postgres).
//  1. One template database: N people in the app's workspace, created one a second in insertion order
//     (as identify leaves a real workspace: the oldest first on disk, the newest last), id + email
//     claimed (real HMACs), ~5 activities each, memberships of two segments; then VACUUM ANALYZE, what autovacuum leaves after
//     a bulk load (the job's own tables get no fresher statistics than production would give them).
//  2. Each case runs on its own identical copy (CREATE DATABASE … TEMPLATE):
//     app:  a production build (`next build` into .next-bench-bulk, tsconfig.json restored) served by
//           `next start`, whose instrumentation runs the deletion worker; the snapshot is taken by
//           lib/deletion/start.ts's startDeletion over the "select all" filter — what the Server Action
//           calls — and the clock stops when the job's status is completed. Meanwhile a separate client,
//           signed in as staff, times the People page (first page, a segment filter, a search; one load a
//           second, as a person browsing), and the
//           server's peak RSS (VmHWM) is read at the end.
//     raw:  plain SQL, batches of 10,000 in storage order (ctid, as the app's snapshot numbers them),
//           one set-based statement per table per batch.
//     Both for delete + suppress and for plain delete. Each end state is checked exactly.
// Prints people/s, seconds, ratio, RSS and p95; the last line is `ratio: <app/raw>` for delete+suppress.
// --keep keeps the databases; --no-build reuses an existing .next-bench-bulk build.
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
    keep: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    port: { type: "string", default: process.env.BULK_BENCH_PORT ?? "3390" },
    // Internal: take the snapshot in a process bound to one database (lib/db is one client per process).
    "start-job": { type: "string" },
    suppress: { type: "boolean", default: false },
  },
});

const SERVER = process.env.BULK_BENCH_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DIST_DIR = ".next-bench-bulk";
const ACTIVITIES_PER_PERSON = 5;
const RAW_BATCH = 10_000;
// One People page load per second while the job runs.
const BROWSE_INTERVAL_MS = 1_000;
const ADMIN_EMAIL = "bench-admin@example.org";
const ADMIN_PASSWORD = "bench-bulk-password-1234";

const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

if (values["start-job"]) {
  // Child mode: startDeletion over "select all", exactly as deletePeopleAction calls it for a filter.
  process.env.DATABASE_URL = values["start-job"];
  process.env.DELETION_WORKER = "off";
  const { db, closeDb } = await import("../../lib/db");
  const { getWorkspace } = await import("../../lib/workspace/workspace");
  const { peopleSelectionSql } = await import("../../lib/people/queries");
  const { startDeletion } = await import("../../lib/deletion/start");
  const workspace = await getWorkspace();
  const total = await db.person.count({ where: { workspaceId: workspace.id } });
  const startedAt = Date.now();
  const started = await startDeletion({
    workspace,
    selection: { sql: peopleSelectionSql({ workspaceId: workspace.id, condition: null }) },
    suppress: values.suppress,
    actor: { type: "system" },
    confirmation: { expectedCount: total, typed: String(total) },
  });
  console.log(JSON.stringify({ ...started, startedAt, snapshotMs: Date.now() - startedAt }));
  await closeDb();
  process.exit(0);
}

const people = Number(values.people);
const admin = new pg.Client({ connectionString: SERVER });
await admin.connect();
const created: string[] = [];
const tag = `bulk_${Date.now().toString(36)}`;

async function createDatabase(name: string, template?: string) {
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  created.push(name);
  return withDatabase(SERVER, name);
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

// ---- 1. the template ----
const templateName = `${tag}_template`;
const templateUrl = await createDatabase(templateName);
{
  const { migrateDatabase } = await import("../../lib/database/migrations");
  await migrateDatabase(templateUrl);
}
const seedStarted = performance.now();
await withClient(templateUrl, async (c) => {
  await c.query("CREATE EXTENSION IF NOT EXISTS pgcrypto");
  const secret = (await import("node:crypto")).randomBytes(32).toString("hex");
  await c.query(
    `INSERT INTO workspace (id, name, identification_mode, hash_secret, updated_at) VALUES ('default', 'Bench', 'email_or_id', $1, now())`,
    [secret],
  );
  await c.query(
    `INSERT INTO person (cio_id, workspace_id, external_id, email, email_key, attributes, created_at, updated_at)
     SELECT substr(md5('bulk' || g::text), 1, 20), 'default', 'cust-' || g, 'Person' || g || '@bulk.example', 'person' || g || '@bulk.example',
            jsonb_build_object('plan', CASE WHEN g % 3 = 0 THEN 'pro' ELSE 'free' END, 'country', CASE WHEN g % 5 = 0 THEN 'DE' ELSE 'FR' END, 'n', g),
            now() - ($1::int - g) * interval '1 second', now() - ($1::int - g) * interval '1 second'
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
  await c.query(
    `INSERT INTO activity (workspace_id, cio_id, type, name, data, client_event_id, timestamp)
     SELECT 'default', p.cio_id, 'event', 'purchase', jsonb_build_object('amount', g * 10), p.cio_id || '-' || g, now() - g * interval '1 day'
     FROM person p CROSS JOIN generate_series(1, $1::int) AS g`,
    [ACTIVITIES_PER_PERSON],
  );
  await c.query(`INSERT INTO segment (id, workspace_id, name, kind, updated_at) VALUES ('seg_pro', 'default', 'Pro plan', 'manual', now()), ('seg_de', 'default', 'Germany', 'manual', now())`);
  await c.query(`INSERT INTO segment_membership (segment_id, cio_id) SELECT 'seg_pro', cio_id FROM person WHERE attributes->>'plan' = 'pro'`);
  await c.query(`INSERT INTO segment_membership (segment_id, cio_id) SELECT 'seg_de', cio_id FROM person WHERE attributes->>'country' = 'DE'`);
  await c.query("VACUUM ANALYZE");
});
console.log(`seeded ${fmt(people)} people (${fmt(people * ACTIVITIES_PER_PERSON)} activities) in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`);

async function endState(url: string) {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT (SELECT count(*) FROM person)::int AS people,
              (SELECT count(*) FROM suppression)::int AS suppressions,
              (SELECT count(*) FROM identifier_claim WHERE suppression_id IS NOT NULL)::int AS suppressed_claims,
              (SELECT count(*) FROM identifier_claim WHERE cio_id IS NOT NULL)::int AS living_claims,
              (SELECT count(*) FROM activity WHERE forgotten)::int AS forgotten,
              (SELECT count(*) FROM activity WHERE type = 'profile_deleted')::int AS deleted_events,
              (SELECT count(*) FROM segment_membership)::int AS memberships`,
    );
    return rows[0] as Record<string, number>;
  });
}

function expectEndState(state: Record<string, number>, suppress: boolean) {
  const wanted = suppress
    ? { people: 0, suppressions: people, suppressed_claims: 2 * people, living_claims: 0, forgotten: people * (ACTIVITIES_PER_PERSON + 1), deleted_events: 0, memberships: 0 }
    : { people: 0, suppressions: 0, suppressed_claims: 0, living_claims: 0, forgotten: 0, deleted_events: people, memberships: 0 };
  if (JSON.stringify(state) !== JSON.stringify(wanted)) throw new Error(`end state ${JSON.stringify(state)}, wanted ${JSON.stringify(wanted)}`);
}

// ---- 2a. raw SQL ----
async function runRaw(suppress: boolean): Promise<number> {
  const url = await createDatabase(`${tag}_raw_${suppress ? "suppress" : "delete"}`, templateName);
  const started = performance.now();
  await withClient(url, async (c) => {
    // The people in storage order (a batch then works on neighbouring pages), numbered once.
    await c.query(`CREATE TEMP TABLE raw_order AS SELECT row_number() OVER (ORDER BY ctid)::int AS seq, cio_id FROM person WHERE workspace_id = 'default'`);
    await c.query("CREATE INDEX ON raw_order (seq)");
    await c.query("ANALYZE raw_order");
    // What the app's batches set too: index probes rather than sequential scans for 10,000-element
    // ANY(...) lists, and no JIT compiling each statement.
    await c.query("SET enable_seqscan = off");
    await c.query("SET jit = off");
    for (let first = 1; ; first += RAW_BATCH) {
      await c.query("BEGIN");
      const { rows } = await c.query<{ cio_id: string }>(
        `SELECT p.cio_id FROM raw_order o JOIN person p ON p.cio_id = o.cio_id WHERE o.seq BETWEEN $1 AND $2 FOR UPDATE OF p`,
        [first, first + RAW_BATCH - 1],
      );
      if (!rows.length) {
        await c.query("COMMIT");
        break;
      }
      const ids = rows.map((r) => r.cio_id);
      if (suppress) {
        await c.query(
          `INSERT INTO suppression (id, workspace_id, id_hint, email_hint, actor_type, receipt_id)
           SELECT 'sup_' || cio_id, 'default', '••••' || right(external_id, 2), left(email, 1) || '•••' || substr(email, strpos(email, '@')), 'system', 'rcpt_raw'
           FROM person WHERE cio_id = ANY($1::text[])`,
          [ids],
        );
        await c.query(`UPDATE identifier_claim SET suppression_id = 'sup_' || cio_id, cio_id = NULL WHERE cio_id = ANY($1::text[])`, [ids]);
        await c.query(
          `UPDATE activity SET cio_id = NULL, name = NULL, data = NULL, client_event_id = NULL, forgotten = true WHERE cio_id = ANY($1::text[])`,
          [ids],
        );
        await c.query(`INSERT INTO activity (workspace_id, type, forgotten) SELECT 'default', 'profile_suppressed', true FROM generate_series(1, $1::int)`, [ids.length]);
      } else {
        await c.query(`INSERT INTO activity (workspace_id, cio_id, type) SELECT 'default', c, 'profile_deleted' FROM unnest($1::text[]) AS c`, [ids]);
      }
      await c.query(`DELETE FROM person WHERE cio_id = ANY($1::text[])`, [ids]);
      await c.query("COMMIT");
    }
  });
  const seconds = (performance.now() - started) / 1000;
  expectEndState(await endState(url), suppress);
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

async function runApp(suppress: boolean) {
  const url = await createDatabase(`${tag}_app_${suppress ? "suppress" : "delete"}`, templateName);
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

    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], "--start-job", url, ...(suppress ? ["--suppress"] : [])], {
      encoding: "utf8",
    });
    if (child.status !== 0) throw new Error(`startDeletion failed: ${child.stderr}`);
    // The clock starts when startDeletion is called (the child's own start-up is not the app's).
    const job = JSON.parse(child.stdout.trim().split("\n").pop()!) as { mode: string; jobId: string; total: number; startedAt: number; snapshotMs: number };
    const snapshotSeconds = job.snapshotMs / 1000;
    if (job.mode !== "job" || job.total !== people) throw new Error(`unexpected start ${JSON.stringify(job)}`);

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
    const seconds = (Date.now() - job.startedAt) / 1000;
    running = false;
    await client;
    if (clientError) throw clientError instanceof Error ? clientError : new Error("the People page client failed", { cause: clientError });
    if (status !== "completed") throw new Error(`job ended ${status}`);
    const rss = Math.max(appRss(server.pid!, "VmHWM"), peakSampled);
    expectEndState(await endState(url), suppress);
    const p95 = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, percentile([...v].sort((a, b) => a - b), 95)]));
    return { seconds, snapshotSeconds, rss, p95, samples: timings["first page"].length };
  } finally {
    const exited = new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
    process.kill(-server.pid!, "SIGTERM");
    await exited;
  }
}

let ratio = 0;
try {
  if (!values["no-build"]) build();
  const results: string[] = [];
  for (const suppress of [false, true]) {
    const label = suppress ? "delete+suppress" : "delete";
    const raw = await runRaw(suppress);
    const app = await runApp(suppress);
    const r = raw / app.seconds;
    if (suppress) ratio = r;
    results.push(
      `${label.padEnd(16)} app ${fmt(people / app.seconds).padStart(9)} people/s ${app.seconds.toFixed(1).padStart(7)} s (snapshot ${app.snapshotSeconds.toFixed(1)} s)` +
        ` | raw SQL ${fmt(people / raw).padStart(9)} people/s ${raw.toFixed(1).padStart(7)} s | ratio ${r.toFixed(2)}` +
        ` | app peak RSS ${app.rss.toFixed(0)} MB | People page p95 during the job (${app.samples} rounds): ` +
        Object.entries(app.p95).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(", "),
    );
    console.log(results[results.length - 1]);
  }
} finally {
  if (values.keep) console.log(`kept databases: ${created.join(", ")}`);
  else for (const name of created.reverse()) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
console.log(`ratio: ${ratio.toFixed(2)}`);
