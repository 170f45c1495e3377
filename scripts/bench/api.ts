// `npm run bench:api`: Track API throughput against the production build on the PostgreSQL server.
//  1. a fresh database of its own (API_BENCH_SERVER, default postgresql://postgres@127.0.0.1:5432/postgres),
//     migrated with `npm run db:migrate`;
//  2. the production build in API_BENCH_DIST_DIR (default .next-bench-api; built when missing or
//     BUILD=1), served by `next start` on API_BENCH_PORT (default 3290) with a bootstrap Track
//     credential from the environment (TRACK_SITE_ID + TRACK_API_KEY);
//  3. autocannon, API_BENCH_CONNECTIONS (50) connections for API_BENCH_SECONDS (30) each:
//     ceiling = GET /api/v1/ping (authenticates, does nothing else: the framework's own cost),
//     identify = PUT /api/v1/customers/:id with a new id (and email) per request,
//     events = POST /api/v1/customers/:id/events with a unique event id, over the people just made,
//     batch = POST /api/v2/batch of API_BENCH_BATCH (100) identify items of new people per call.
// Prints req/s and p50/p99 per phase, identify and events as a ratio of the ceiling, batch people/s
// against single identify's; the last line is `identify: <N> req/s, p99 <M> ms, ratio <R>`. Exits 1
// on any error or non-2xx answer. --keep keeps the database (its URL is printed). The build leaves
// the working tree as it found it (next build adds the dist dir's types to tsconfig.json: restored).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { nextStartArgs } from "../next-server";

const SERVER = process.env.API_BENCH_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PORT = Number(process.env.API_BENCH_PORT ?? 3290);
const DIST_DIR = process.env.API_BENCH_DIST_DIR ?? ".next-bench-api";
const CONNECTIONS = Number(process.env.API_BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.API_BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.API_BENCH_WARMUP_SECONDS ?? 5);
const BATCH = Number(process.env.API_BENCH_BATCH ?? 100);
const KEEP = process.argv.includes("--keep");

const SITE_ID = `bench-${randomBytes(4).toString("hex")}`;
const API_KEY = randomBytes(24).toString("hex");
const AUTH = `Basic ${Buffer.from(`${SITE_ID}:${API_KEY}`).toString("base64")}`;
const BASE = `http://127.0.0.1:${PORT}`;
const RUN = randomBytes(3).toString("hex");

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
}

async function waitForServer(server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      const response = await fetch(`${BASE}/api/openapi.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not start within 60 s");
}

type Phase = { name: string; rps: number; p50: number; p99: number; total: number; errors: number };

// One autocannon run; `next` gives each request its path and body.
async function load(name: string, seconds: number, connections: number, method: "GET" | "PUT" | "POST", next: () => { path: string; body?: string }): Promise<Phase> {
  const result = await autocannon({
    url: BASE,
    connections,
    duration: seconds,
    headers: { authorization: AUTH, "content-type": "application/json" },
    requests: [
      {
        method,
        setupRequest: (request: Record<string, unknown>) => {
          const { path: requestPath, body } = next();
          return { ...request, method, path: requestPath, body };
        },
      },
    ],
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, errors };
}

const print = (phase: Phase) =>
  console.log(
    `${phase.name}: ${Math.round(phase.rps)} req/s, p50 ${phase.p50} ms, p99 ${phase.p99} ms (${phase.total.toLocaleString("en-US")} requests, ${phase.errors} errors)`,
  );

const database = `bench_api_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const databaseUrl = withDatabase(SERVER, database);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR };
let server: ChildProcess | undefined;
let failed = false;

const admin = new pg.Client({ connectionString: SERVER });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
await admin.end();

try {
  console.log(`database: ${KEEP ? databaseUrl : database} (fresh)`);
  run("npm", ["run", "--silent", "db:migrate"], { ...env, DATABASE_URL: databaseUrl });
  if (process.env.BUILD === "1" || !existsSync(path.join(DIST_DIR, "BUILD_ID"))) {
    console.log(`building into ${DIST_DIR} …`);
    const tsconfig = readFileSync("tsconfig.json", "utf8");
    try {
      run("node", ["node_modules/next/dist/bin/next", "build"], env);
    } finally {
      if (readFileSync("tsconfig.json", "utf8") !== tsconfig) writeFileSync("tsconfig.json", tsconfig);
    }
  }
  server = spawn("node", nextStartArgs({ port: PORT, hostname: "127.0.0.1", env: process.env }), {
    env: { ...env, NODE_ENV: "production", DATABASE_URL: databaseUrl, TRACK_SITE_ID: SITE_ID, TRACK_API_KEY: API_KEY, APP_API_KEY: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForServer(server);
  console.log(`server: ${BASE} (next start, production build); ${CONNECTIONS} connections, ${SECONDS} s per phase`);

  let counter = 0;
  const identifyNext = () => {
    const n = counter++;
    const id = `bench-${RUN}-${n}`;
    return { path: `/api/v1/customers/${id}`, body: JSON.stringify({ email: `${id}@example.test`, plan: n % 3 ? "pro" : "free", seats: n % 50, created_at: 1_700_000_000 + n }) };
  };
  // Warm-up: JIT, connection pool, key cache. Its people count for the events phase too.
  await load("warm-up", WARMUP_SECONDS, Math.min(10, CONNECTIONS), "PUT", identifyNext);
  await load("warm-up", Math.min(2, WARMUP_SECONDS), Math.min(10, CONNECTIONS), "GET", () => ({ path: "/api/v1/ping" }));

  const ceiling = await load("ceiling (GET /api/v1/ping)", SECONDS, CONNECTIONS, "GET", () => ({ path: "/api/v1/ping" }));
  const identify = await load("identify", SECONDS, CONNECTIONS, "PUT", identifyNext);
  const people = counter;
  let events = 0;
  const event = await load("events", SECONDS, CONNECTIONS, "POST", () => {
    const n = events++;
    const person = `bench-${RUN}-${(n * 7919) % people}`;
    return {
      path: `/api/v1/customers/${person}/events`,
      body: JSON.stringify({ name: n % 4 ? "purchase" : "page_view", id: `${RUN}-${n}`, data: { total: n % 100, currency: "EUR" } }),
    };
  });

  let batchPeople = 0;
  const batch = await load(`v2 batch (${BATCH} identify per call)`, SECONDS, CONNECTIONS, "POST", () => {
    const items = Array.from({ length: BATCH }, () => {
      const id = `batch-${RUN}-${batchPeople++}`;
      return { type: "person", identifiers: { id }, action: "identify", attributes: { email: `${id}@example.test`, plan: "pro", seats: batchPeople % 50 } };
    });
    return { path: "/api/v2/batch", body: JSON.stringify({ batch: items }) };
  });

  const ratio = (phase: Phase) => phase.rps / ceiling.rps;
  print(ceiling);
  print(event);
  print(batch);
  print(identify);
  console.log(`events: ratio ${ratio(event).toFixed(2)} of the ceiling`);
  console.log(`v2 batch: ${Math.round(batch.rps * BATCH)} people/s, ${(batch.rps * BATCH / identify.rps).toFixed(1)}× single identify`);
  failed = [ceiling, identify, event, batch].some((phase) => phase.errors > 0);
  if (failed) console.error("errors or non-2xx answers: see above");
  console.log(`identify: ${Math.round(identify.rps)} req/s, p99 ${identify.p99} ms, ratio ${ratio(identify).toFixed(2)}`);
} finally {
  server?.kill("SIGTERM");
  if (!KEEP) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cleanup = new pg.Client({ connectionString: SERVER });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await cleanup.end();
  }
}
process.exit(failed ? 1 : 0);
