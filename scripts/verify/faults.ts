// Phase 4: faults.
//  1. kill -9 of one app server in the middle of the load, restarted at once: every acknowledged call
//     is in the database (the load's consistency checks, again);
//  2. kill -9 of a server while both servers' workers run a deletion job's batches, restarted: the
//     killed batch rolls back and the job finishes exactly (done = total, nobody left, one suppressed
//     claim per person);
//  3. a PRIVATE PostgreSQL cluster (initdb under /tmp, its own port; the shared server on 5432 is never
//     touched) stopped during traffic and started again: every answer meanwhile is fast (< 2 s) and a
//     503 with the error envelope, nothing answered 503 is stored, and the app recovers by itself;
//  4. the embedded database (PGlite) killed with its app mid-write, restarted: every acknowledged
//     identify is there and the database works.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { AppServer, basic, bearer, type Credentials, isErrorEnvelope, type Options, patientRequest, type Report, request, ROOT, sleep } from "./context";
import type { Callers } from "./fixtures";
import { checkConsistency, identifyMany, runLoadClient, startDeletionJob, waitForJob } from "./load";

type FaultOptions = { options: Options; servers: AppServer[]; env: NodeJS.ProcessEnv; databaseUrl: string; credentials: Credentials; callers: Callers; run: string; report: Report };

async function killDuringLoad(o: FaultOptions): Promise<void> {
  const [a, b] = o.servers;
  const auth = basic(o.credentials.siteId, o.credentials.trackKey);
  const seconds = o.options.short ? 8 : 20;
  const run = `${o.run}k`;
  const load = runLoadClient({ bases: [a.base, b.base], auth, seconds, connections: 10, run, logDir: o.options.logDir });
  await sleep((seconds * 1000) / 3);
  await b.kill("SIGKILL");
  const restarted = Date.now();
  await b.start();
  const result = await load;
  const checks = await checkConsistency(o.databaseUrl, run, result);
  const failures = checks.livingSuppressed + checks.missingIdentifies + checks.missingEvents + checks.survivingSuppressed + checks.survivingDeleted + checks.plaintext;
  console.log(`    kill -9 during load: ${result.counts.total} calls, ${result.counts.ok} acked, ${result.counts.errors + result.transportErrors} failed while down; restart took ${Math.round((Date.now() - restarted) / 1000)} s; ${JSON.stringify(checks)}`);
  o.report.add("faults", "kill -9 of a server during load: acked calls lost", `${failures} (of ${result.counts.ok} acked)`, failures === 0 && result.counts.ok > 0);
}

async function killDuringJob(o: FaultOptions): Promise<void> {
  const bases = o.servers.map((s) => s.base);
  const auth = basic(o.credentials.siteId, o.credentials.trackKey);
  const count = o.options.short ? 2_100 : 3_500; // batches of 1,000: killed after the first
  const ids = await identifyMany(bases, auth, `fjob-${o.run}`, count);
  const job = await startDeletionJob(o.databaseUrl, ids);
  const client = new pg.Client({ connectionString: o.databaseUrl });
  await client.connect();
  // Mid-job: at least one batch committed. Every server's worker runs this job's batches, so the
  // victim is in the middle of one (or about to take the next).
  let midJob = false;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ done: number; status: string }>(`SELECT done, status::text FROM deletion_job WHERE id = $1`, [job.jobId]);
    if (rows[0]?.status === "running" && rows[0].done > 0) {
      midJob = true;
      break;
    }
    if (rows[0] && rows[0].status !== "queued" && rows[0].status !== "running") break;
    await sleep(50);
  }
  const victim = o.servers[0];
  await victim.kill("SIGKILL");
  const { rows: at } = await client.query<{ done: number }>(`SELECT done FROM deletion_job WHERE id = $1`, [job.jobId]);
  await victim.start();
  const finished = await waitForJob(o.databaseUrl, job.jobId, 120_000);
  const { rows: left } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM person WHERE cio_id = ANY($1)`, [job.cioIds]);
  const { rows: claims } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM identifier_claim c JOIN suppression s ON s.id = c.suppression_id JOIN deletion_job j ON j.receipt_id = s.receipt_id WHERE j.id = $1 AND c.kind = 'id'`,
    [job.jobId],
  );
  await client.end();
  console.log(`    kill -9 during a job: killed a server ${midJob ? "mid-job" : "(job not seen mid-way)"} at ${at[0]?.done ?? 0}/${job.cioIds.length}; finished ${finished.status} ${finished.done}/${finished.total}; ${left[0].n} left; ${claims[0].n} suppressed ids`);
  const exact = finished.status === "completed" && finished.done === finished.total && finished.total === job.cioIds.length && left[0].n === 0 && claims[0].n === job.cioIds.length;
  o.report.add("faults", `kill -9 of the job's server mid-job (${job.cioIds.length} people)`, exact ? `exact (${finished.done}/${finished.total}, ${claims[0].n} suppressed)` : `${finished.status} ${finished.done}/${finished.total}, ${left[0].n} left, ${claims[0].n} suppressed`, exact);
}

// A PostgreSQL cluster of our own, run as the postgres user (initdb refuses root).
function asPostgres(command: string): { status: number | null; output: string } {
  const result = spawnSync("runuser", ["-u", "postgres", "--", "bash", "-c", command], { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function postgresRestart(o: FaultOptions): Promise<void> {
  const pgPort = o.options.ports[9];
  const dir = `/tmp/verify-pg-${o.run}`;
  const bin = spawnSync("bash", ["-c", "dirname $(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | tail -1)"], { encoding: "utf8" }).stdout.trim();
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const ctl = (action: string) => asPostgres(`${bin}/pg_ctl -D ${data} -l ${dir}/pg.log -o "-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1" -w -t 30 ${action}`);
  const init = asPostgres(`${bin}/initdb -D ${data} -U postgres --auth=trust -E UTF8 >/dev/null`);
  if (init.status !== 0) {
    o.report.add("faults", "PostgreSQL stop/start (private cluster)", `could not initdb: ${init.output.slice(0, 80)}`, false);
    return;
  }
  let app: AppServer | null = null;
  try {
    if (ctl("start").status !== 0) throw new Error("private PostgreSQL did not start");
    const serverUrl = `postgresql://postgres@127.0.0.1:${pgPort}/postgres`;
    const url = `postgresql://postgres@127.0.0.1:${pgPort}/verify`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE verify`);
    await admin.end();
    const migrate = spawnSync("npm", ["run", "--silent", "db:migrate"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: url, NODE_OPTIONS: "" } });
    if (migrate.status !== 0) throw new Error("migrations on the private cluster failed");
    app = new AppServer(o.options.ports[2], { ...o.env, DATABASE_URL: url, BETTER_AUTH_URL: `http://127.0.0.1:${o.options.ports[2]}` }, o.options.logDir);
    await app.start();
    const auth = basic(o.credentials.siteId, o.credentials.trackKey);
    const calls: { id: string; status: number; ms: number; phase: "before" | "down" | "after"; envelope: boolean; at: number }[] = [];
    let stopAt = 0;
    let phase: "before" | "down" | "after" = "before";
    let stop = false;
    let n = 0;
    const loop = async () => {
      while (!stop) {
        const id = `pgfault-${o.run}-${n++}`;
        const p = phase;
        const at = Date.now();
        const response = await request({ base: app!.base, method: "PUT", path: `/api/v1/customers/${id}`, headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify({ email: `${id}@example.test` }), timeoutMs: 15_000 }).catch(() => ({ status: 0, ms: 15_000, body: "" }));
        calls.push({ id, status: response.status, ms: response.ms, phase: p === phase ? p : "down", envelope: response.status < 400 || isErrorEnvelope(response.body), at: at - stopAt });
        if (response.status !== 200) await sleep(50);
      }
    };
    const loops = [loop(), loop(), loop()];
    await sleep(2_000);
    phase = "down";
    stopAt = Date.now();
    const stopped = ctl("stop -m fast");
    await sleep(3_000);
    const started = ctl("start");
    const upAt = Date.now();
    phase = "after";
    // The app must recover by itself: health answers 200 again without a restart.
    let recoveredMs = -1;
    while (Date.now() - upAt < 30_000) {
      const health = await request({ base: app.base, method: "GET", path: "/api/health", timeoutMs: 3_000 }).catch(() => null);
      if (health?.status === 200) {
        recoveredMs = Date.now() - upAt;
        break;
      }
      await sleep(200);
    }
    await sleep(2_000);
    stop = true;
    await Promise.all(loops);
    const down = calls.filter((c) => c.phase === "down");
    const after = calls.filter((c) => c.phase === "after");
    const slowCalls = down.filter((c) => c.ms > 2_000);
    const slow = slowCalls.length;
    for (const c of slowCalls) console.log(`    slow while down: sent ${c.at} ms after the stop began, answered ${c.status} in ${Math.round(c.ms)} ms`);
    const not503 = down.filter((c) => c.status !== 200 && c.status !== 503);
    const noEnvelope = down.filter((c) => c.status === 503 && !c.envelope).length;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ external_id: string }>(`SELECT external_id FROM person WHERE external_id LIKE $1`, [`pgfault-${o.run}-%`]);
    await client.end();
    const stored = new Set(rows.map((r) => r.external_id));
    const lost = calls.filter((c) => c.status === 200 && !stored.has(c.id)).length;
    const partial = calls.filter((c) => c.status >= 500 && stored.has(c.id)).length;
    const lateOk = after.slice(-5).every((c) => c.status === 200);
    console.log(`    PostgreSQL stop/start: stop ${stopped.status === 0 ? "ok" : "failed"}, start ${started.status === 0 ? "ok" : "failed"}; while down ${down.length} calls: ${JSON.stringify(countBy(down.map((c) => c.status)))}, slowest ${Math.round(Math.max(0, ...down.map((c) => c.ms)))} ms; recovered after ${recoveredMs} ms`);
    o.report.add("faults", "PostgreSQL down: answers 503 with the envelope, < 2 s", `${down.length} calls: ${not503.length} not 503, ${noEnvelope} bare, ${slow} slow`, down.length > 0 && not503.length === 0 && slow === 0 && noEnvelope === 0);
    o.report.add("faults", "PostgreSQL down: acked lost / refused but stored", `${lost} / ${partial}`, lost === 0 && partial === 0);
    o.report.add("faults", "PostgreSQL back: app recovers by itself", recoveredMs >= 0 && lateOk ? `in ${(recoveredMs / 1000).toFixed(1)} s` : "no", recoveredMs >= 0 && lateOk);
  } catch (error) {
    o.report.add("faults", "PostgreSQL stop/start (private cluster)", `crashed: ${(error as Error).message.slice(0, 80)}`, false);
  } finally {
    await app?.kill("SIGTERM");
    app?.closeLog();
    ctl("stop -m immediate");
    rmSync(dir, { recursive: true, force: true });
  }
}

function countBy(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

async function pgliteKill(o: FaultOptions): Promise<void> {
  const dir = `/tmp/verify-pglite-${o.run}`;
  const port = o.options.ports[3];
  const env = { ...o.env, DATABASE_URL: "", PGLITE_DIR: dir, BETTER_AUTH_URL: `http://127.0.0.1:${port}` };
  const app = new AppServer(port, env, o.options.logDir);
  try {
    await app.start(240_000);
    const auth = basic(o.credentials.siteId, o.credentials.trackKey);
    const acked: string[] = [];
    let n = 0;
    let stop = false;
    const loop = async () => {
      while (!stop) {
        const id = `pglite-${o.run}-${n++}`;
        const response = await request({ base: app.base, method: "PUT", path: `/api/v1/customers/${id}`, headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify({ email: `${id}@example.test`, n }) }).catch(() => null);
        if (response?.status === 200) acked.push(id);
      }
    };
    const loops = [loop(), loop(), loop(), loop()];
    const deadline = Date.now() + 20_000;
    while (acked.length < (o.options.short ? 40 : 200) && Date.now() < deadline) await sleep(50);
    await app.kill("SIGKILL"); // with writes in flight
    stop = true;
    await Promise.all(loops);
    await app.start(240_000);
    const app2 = bearer(o.credentials.appKey);
    let missing = 0;
    for (const id of acked) {
      const response = await patientRequest({ base: app.base, method: "GET", path: `/v1/customers/${id}/attributes`, headers: { authorization: app2 } });
      if (response.status !== 200 || !response.body.includes(`${id}@example.test`)) missing++;
    }
    const after = await request({ base: app.base, method: "PUT", path: `/api/v1/customers/pglite-${o.run}-after`, headers: { authorization: auth, "content-type": "application/json" }, body: "{}" });
    console.log(`    PGlite: ${acked.length} acked before kill -9, ${missing} missing after restart; a new write answers ${after.status}`);
    o.report.add("faults", "embedded PGlite killed mid-write: acked lost", `${missing} (of ${acked.length})`, missing === 0 && acked.length > 0 && after.status === 200);
  } catch (error) {
    o.report.add("faults", "embedded PGlite killed mid-write", `crashed: ${(error as Error).message.slice(0, 80)}`, false);
  } finally {
    await app.kill("SIGTERM");
    app.closeLog();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFaults(o: FaultOptions): Promise<void> {
  if (o.servers.length < 2) {
    const second = new AppServer(o.options.ports[1], o.env, o.options.logDir);
    o.servers.push(second);
    await second.start();
  }
  for (const [name, fault] of [["kill during load", killDuringLoad], ["kill during job", killDuringJob], ["postgres restart", postgresRestart], ["pglite kill", pgliteKill]] as const) {
    try {
      await fault(o);
    } catch (error) {
      console.error(error);
      o.report.add("faults", name, `crashed: ${(error as Error).message.slice(0, 80)}`, false);
    }
  }
}
