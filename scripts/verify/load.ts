// Phase 3: load with consistency. Mixed Track traffic from a separate process (load-client.ts) against
// two `next start` processes on one database, round-robin, while a deletion job (with suppression)
// runs in the servers' workers and a browser keeps reloading the People page. Afterwards, in SQL: no
// living person holds a suppressed identifier; every acknowledged identify is stored; every event sent
// after its person was acknowledged is stored; every acknowledged suppress and delete left no person,
// and a suppressed person no plaintext anywhere; the job finished exactly; the People page's count is
// SQL's count.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { type AppServer, basic, type Credentials, type Report, request, ROOT, sleep } from "./context";
import type { Callers } from "./fixtures";
import { cookieOf, launchChromium } from "./render";

export type LoadResult = {
  rps: number;
  latency: { p50: number; p99: number };
  transportErrors: number;
  counts: { total: number; ok: number; refusedSuppressed: number; errors: number; byKind: Record<string, number>; statuses: Record<string, number> };
  people: { I: number; S: number; D: number };
  acked: { identifyI: number[]; identifyS: number[]; identifyD: number[]; events: { n: number; id: string }[]; suppress: number[]; unsuppress: number[]; delete: number[] };
};

// Creates `count` people through the Track API's CSV import (one request: the same identify path,
// batched); returns their ids.
export async function identifyMany(bases: string[], auth: string, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const csv = `id,email,rank\n${ids.map((id, i) => `${id},${id}@example.test,${i}`).join("\n")}\n`;
  const response = await request({ base: bases[0], method: "POST", path: `/api/v1/imports?file_name=${prefix}.csv`, headers: { authorization: auth, "content-type": "text/csv" }, body: csv, timeoutMs: 600_000 });
  const summary = JSON.parse(response.body) as { created?: number };
  if (response.status !== 200 || summary.created !== count) throw new Error(`importing ${count} people answered ${response.status}: ${response.body.slice(0, 200)}`);
  return ids;
}

// Starts a deletion job (with suppression) over these people, as staff confirming the dialog would.
export async function startDeletionJob(databaseUrl: string, ids: string[], batchSize = 1_000): Promise<{ jobId: string; cioIds: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ cio_id: string }>(`SELECT cio_id FROM person WHERE external_id = ANY($1)`, [ids]);
  await client.end();
  const { startDeletion } = await import("../../lib/deletion/start");
  const { getWorkspace } = await import("../../lib/workspace/workspace");
  const started = await startDeletion({ workspace: await getWorkspace(), selection: { cioIds: rows.map((r) => r.cio_id) }, suppress: true, actor: { type: "system" }, batchSize });
  if (started.mode !== "job") throw new Error(`expected a deletion job, got ${started.mode}`);
  return { jobId: started.jobId, cioIds: rows.map((r) => r.cio_id) };
}

export async function waitForJob(databaseUrl: string, jobId: string, timeoutMs: number): Promise<{ status: string; done: number; total: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ status: string; done: number; total: number }>(`SELECT status::text, done, total FROM deletion_job WHERE id = $1`, [jobId]);
      if (rows[0] && !["queued", "running"].includes(rows[0].status)) return rows[0];
      if (Date.now() > deadline) return rows[0] ?? { status: "missing", done: 0, total: 0 };
      await sleep(500);
    }
  } finally {
    await client.end();
  }
}

// Runs the client process; resolves with what it recorded.
export function runLoadClient(options: { bases: string[]; auth: string; seconds: number; connections: number; run: string; logDir: string }): Promise<LoadResult> {
  const out = path.join(options.logDir, `load-${options.run}-${Date.now()}.json`);
  const config = JSON.stringify({ ...options, out });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/verify/load-client.ts"), config], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_OPTIONS: "" } });
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`load client exited with ${code}`));
      resolve(JSON.parse(readFileSync(out, "utf8")) as LoadResult);
    });
  });
}

// Reloads the People page on alternate servers until stopped; counts loads and failures.
export async function browsePeople(bases: string[], cookie: string, stop: { done: boolean }): Promise<{ loads: number; failures: string[] }> {
  const browser = await launchChromium();
  const failures: string[] = [];
  let loads = 0;
  try {
    const context = await browser.newContext();
    for (const base of bases) await context.addCookies([cookieOf(cookie, base)]);
    const page = await context.newPage();
    page.on("pageerror", (error) => failures.push(`page error ${error.name}`));
    while (!stop.done) {
      const base = bases[loads % bases.length];
      const response = await page.goto(`${base}/people${loads % 3 === 1 ? "?sort=email&order=asc" : ""}`, { timeout: 30_000 }).catch((error: Error) => {
        failures.push(`${base}/people: ${error.message.split("\n")[0]}`);
        return null;
      });
      if (response && response.status() !== 200) failures.push(`${base}/people: HTTP ${response.status()}`);
      else if (response) {
        // The table streams in after the page's shell: give it what a person would wait.
        const shown = await page.getByRole("table", { name: "People" }).waitFor({ state: "visible", timeout: 10_000 }).then(() => true, () => false);
        if (!shown) failures.push(`${base}/people: no People table within 10 s`);
      }
      loads++;
    }
  } finally {
    await browser.close();
  }
  return { loads, failures };
}

// The People page's "of N people" (or "No people") against SQL's count, both at rest.
export async function checkPageCount(base: string, cookie: string, databaseUrl: string): Promise<{ page: number | null; sql: number }> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    await context.addCookies([cookieOf(cookie, base)]);
    const page = await context.newPage();
    // The page shows the planner's estimate ("≈") when its count takes over 100 ms, which a machine
    // still busy from the load (and its autovacuum) can make it: read again (up to 10 times, 2 s
    // apart) until it shows an exact count.
    let shown: number | null = null;
    for (let attempt = 1; attempt <= 10 && shown === null; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 2_000));
      await page.goto(`${base}/people`);
      const text = await page.locator("body").innerText();
      const match = /of ([\d,]+) people/.exec(text);
      shown = match ? Number(match[1].replace(/,/g, "")) : /No people/.test(text) ? 0 : null;
    }
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM person`);
    await client.end();
    return { page: shown, sql: rows[0].n };
  } finally {
    await browser.close();
  }
}

// The SQL checks over what the client says was acknowledged.
export async function checkConsistency(databaseUrl: string, run: string, result: LoadResult): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { hashIdentifier } = await import("../../lib/identity/identifiers");
  const { hashClientEventId } = await import("../../lib/profile-keys/sealing");
  try {
    // The app's workspace (the corpus adds others, with other secrets, for its forgeries).
    const { rows: ws } = await client.query<{ hash_secret: string }>(`SELECT hash_secret FROM workspace WHERE id = 'default'`);
    const workspace = { hashSecret: ws[0].hash_secret };
    const id = (cls: string, n: number) => `load-${run}-${cls}${n}`;

    // No living person holds a suppressed identifier: every person's id is claimed by that person, and
    // neither their id nor their email is claimed by (or remembered in) a suppression.
    const { rows: people } = await client.query<{ cio_id: string; external_id: string | null; email_key: string | null }>(`SELECT cio_id, external_id, email_key FROM person`);
    const { rows: claims } = await client.query<{ kind: string; value_hash: string; cio_id: string | null; suppression_id: string | null }>(`SELECT kind::text, value_hash, cio_id, suppression_id FROM identifier_claim`);
    const { rows: remembered } = await client.query<{ h: string }>(`SELECT remembered_email_hash AS h FROM suppression WHERE remembered_email_hash IS NOT NULL`);
    const claimOf = new Map(claims.map((c) => [`${c.kind}:${c.value_hash}`, c]));
    const rememberedSet = new Set(remembered.map((r) => r.h));
    let livingSuppressed = 0;
    for (const p of people) {
      if (p.external_id) {
        const claim = claimOf.get(`id:${hashIdentifier(workspace, "id", p.external_id)}`);
        if (!claim || claim.cio_id !== p.cio_id) livingSuppressed++;
      }
      if (p.email_key) {
        const h = hashIdentifier(workspace, "email", p.email_key);
        if (claimOf.get(`email:${h}`)?.suppression_id || rememberedSet.has(h)) livingSuppressed++;
      }
    }

    const { rows: stored } = await client.query<{ external_id: string; email: string | null; cio_id: string }>(`SELECT external_id, email, cio_id FROM person WHERE external_id LIKE $1`, [`load-${run}-%`]);
    const byId = new Map(stored.map((r) => [r.external_id, r]));
    const suppressed = new Set(result.acked.suppress);
    const missingIdentifies = result.acked.identifyI.filter((n) => byId.get(id("i", n))?.email !== `${id("i", n)}@example.test`).length;
    // Client event ids are stored as keyed hashes (the id itself is sealed): look each acked one up.
    const { rows: events } = await client.query<{ client_event_hash: string; cio_id: string | null }>(
      `SELECT a.client_event_hash, k.cio_id FROM activity a LEFT JOIN profile_key k ON k.id = a.key_id WHERE a.client_event_hash = ANY($1::text[])`,
      [result.acked.events.map((e) => hashClientEventId(workspace, e.id))],
    );
    const eventsByHash = new Map(events.map((e) => [e.client_event_hash, e]));
    const missingEvents = result.acked.events.filter((e) => {
      const row = eventsByHash.get(hashClientEventId(workspace, e.id));
      return !row || row.cio_id !== byId.get(id("i", e.n))?.cio_id;
    }).length;
    const survivingSuppressed = [...suppressed].filter((n) => byId.has(id("s", n))).length;
    const survivingDeleted = result.acked.delete.filter((n) => byId.has(id("d", n))).length;

    // Plaintext of an acknowledged-suppressed person in any text or JSON column of any table.
    const columns = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json')`,
    );
    let plaintext = 0;
    const pattern = `load-${run}-s(\\d+)`;
    for (const c of columns.rows) {
      const { rows } = await client.query<{ n: string }>(`SELECT (regexp_matches("${c.column_name}"::text, $1, 'g'))[1] AS n FROM "${c.table_name}" WHERE "${c.column_name}"::text ~ $1`, [pattern]);
      plaintext += rows.filter((r) => suppressed.has(Number(r.n))).length;
    }
    // Activity left readable by a person who is gone without a plain delete: a key row with neither
    // its living person nor the mark of a plain deletion (a suppress deletes the row).
    const { rows: orphaned } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM profile_key k WHERE k.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM person p WHERE p.key_id = k.id)`,
    );
    return { livingSuppressed, missingIdentifies, missingEvents, survivingSuppressed, survivingDeleted, plaintext, unredactedActivity: orphaned[0].n };
  } finally {
    await client.end();
  }
}

export async function runLoad(options: { servers: AppServer[]; databaseUrl: string; credentials: Credentials; callers: Callers; short: boolean; run: string; report: Report; logDir: string }): Promise<void> {
  const { servers, report, run } = options;
  const bases = servers.map((s) => s.base);
  const auth = basic(options.credentials.siteId, options.credentials.trackKey);
  const seconds = options.short ? 10 : 60;
  const jobPeople = options.short ? 1_200 : 3_000;

  const targets = await identifyMany(bases, auth, `job-${run}`, jobPeople);
  const job = await startDeletionJob(options.databaseUrl, targets);
  console.log(`  deletion job ${job.jobId} over ${job.cioIds.length} people; ${seconds} s of load on ${bases.join(" + ")}`);

  const stop = { done: false };
  const browsing = browsePeople(bases, options.callers.adminCookie, stop);
  let result: LoadResult;
  try {
    result = await runLoadClient({ bases, auth, seconds, connections: 20, run, logDir: options.logDir });
  } finally {
    stop.done = true;
  }
  const browsed = await browsing;
  const finished = await waitForJob(options.databaseUrl, job.jobId, 120_000);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const { rows: left } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM person WHERE cio_id = ANY($1)`, [job.cioIds]);
  await client.end();
  const checks = await checkConsistency(options.databaseUrl, run.toLowerCase(), result);
  const count = await checkPageCount(bases[1], options.callers.adminCookie, options.databaseUrl);

  const errors = result.counts.errors + result.transportErrors;
  console.log(`    statuses: ${JSON.stringify(result.counts.statuses)}; by kind: ${JSON.stringify(result.counts.byKind)}`);
  for (const f of browsed.failures.slice(0, 10)) console.log(`    ✗ browsing: ${f}`);
  report.add("load", `requests (${seconds} s, 2 servers, 20 connections)`, `${result.counts.total} (${Math.round(result.rps)} req/s)`, result.counts.total > 0);
  report.add("load", "latency p50 / p99", `${result.latency.p50} / ${result.latency.p99} ms`, true);
  report.add("load", "errors (non-2xx except races, timeouts)", errors, errors === 0);
  report.add("load", "identify refused: already suppressed (race)", result.counts.refusedSuppressed, true);
  report.add("load", "People page loads during load / failed", `${browsed.loads} / ${browsed.failures.length}`, browsed.failures.length === 0 && browsed.loads > 0);
  report.add("load", "deletion job (with suppression) during load", `${finished.status} ${finished.done}/${finished.total}, ${left[0].n} left`, finished.status === "completed" && finished.done === finished.total && finished.total === job.cioIds.length && left[0].n === 0);
  report.add("consistency", "living people holding a suppressed identifier", checks.livingSuppressed, checks.livingSuppressed === 0);
  report.add("consistency", `acked identifies not stored (of ${result.acked.identifyI.length})`, checks.missingIdentifies, checks.missingIdentifies === 0);
  report.add("consistency", `acked events not stored (of ${result.acked.events.length})`, checks.missingEvents, checks.missingEvents === 0);
  report.add("consistency", `acked suppress: people left / plaintext (of ${result.acked.suppress.length})`, `${checks.survivingSuppressed} / ${checks.plaintext}`, checks.survivingSuppressed === 0 && checks.plaintext === 0);
  report.add("consistency", `acked deletes: people left (of ${result.acked.delete.length})`, checks.survivingDeleted, checks.survivingDeleted === 0);
  report.add("consistency", "unredacted activity of people gone", checks.unredactedActivity, checks.unredactedActivity === 0);
  report.add("consistency", "People page count = SQL count", `${count.page ?? "unreadable"} = ${count.sql}`, count.page === count.sql);
}
