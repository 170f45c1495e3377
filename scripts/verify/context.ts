// What every verify phase shares: the fresh database, the app servers (production build, `next start`),
// the credentials of each kind of caller, raw HTTP, and the summary rows the phases report.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

export type Options = {
  short: boolean;
  serverUrl: string; // the PostgreSQL server whose fresh database the run uses
  distDir: string;
  ports: number[]; // the app servers' ports (first: the main one)
  logDir: string;
  only: Set<string> | null; // phases to run (--only=corpus,authz); null: all
};

// One line of the closing summary table.
export type SummaryRow = { phase: string; check: string; result: string; ok: boolean };

export class Report {
  readonly rows: SummaryRow[] = [];
  add(phase: string, check: string, result: string | number, ok: boolean) {
    this.rows.push({ phase, check, result: String(result), ok });
    console.log(`  ${ok ? "ok  " : "FAIL"} ${phase} · ${check}: ${result}`);
  }
  get failed(): number {
    return this.rows.filter((row) => !row.ok).length;
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------
// App servers

export type Credentials = {
  siteId: string;
  trackKey: string;
  appKey: string;
  adminEmail: string;
  adminPassword: string;
};

export function newCredentials(): Credentials {
  return {
    siteId: `verify-${randomBytes(4).toString("hex")}`,
    trackKey: randomBytes(24).toString("hex"),
    appKey: randomBytes(24).toString("hex"),
    adminEmail: `verify-admin-${randomBytes(3).toString("hex")}@example.test`,
    adminPassword: randomBytes(18).toString("base64url"),
  };
}

// A `next start` process of the production build, its output captured (the residue scan reads it).
export class AppServer {
  process: ChildProcess | null = null;
  private log: WriteStream;
  readonly logPath: string;
  readonly base: string;
  constructor(
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    logDir: string,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    this.logPath = path.join(logDir, `app-${port}.log`);
    mkdirSync(logDir, { recursive: true });
    this.log = createWriteStream(this.logPath, { flags: "a" });
  }

  // The embedded database's first start (a new data folder, migrations) takes longer on a busy machine.
  async start(timeoutMs = 90_000): Promise<void> {
    const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(this.port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: { ...this.env, PORT: String(this.port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    this.process = child;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`next start on ${this.port} exited with ${child.exitCode} (log: ${this.logPath})`);
      const health = await request({ base: this.base, method: "GET", path: "/api/health", timeoutMs: 2000 }).catch(() => null);
      if (health?.status === 200) return;
      await sleep(250);
    }
    throw new Error(`next start on ${this.port} did not answer /api/health within ${timeoutMs / 1000} s`);
  }

  // kill -9: no shutdown hooks, in-flight requests and transactions cut.
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await Promise.race([exited, sleep(10_000)]);
    this.process = null;
  }

  closeLog() {
    this.log.end();
  }
}

export function appEnv(options: { databaseUrl: string; distDir: string; credentials: Credentials; ports: number[]; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  const origins = options.ports.flatMap((port) => [`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: options.distDir,
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: "10",
    BETTER_AUTH_URL: `http://127.0.0.1:${options.ports[0]}`,
    TRUSTED_ORIGINS: origins.join(","),
    TRACK_SITE_ID: options.credentials.siteId,
    TRACK_API_KEY: options.credentials.trackKey,
    APP_API_KEY: options.credentials.appKey,
    ADMIN_EMAIL: options.credentials.adminEmail,
    ADMIN_PASSWORD: options.credentials.adminPassword,
    SEED: "0",
    E2E_TEST_API: "",
    E2E_TEST_API_TOKEN: "",
    ...options.extra,
  };
}

// ---------------------------------------------------------------------------------------------------
// Raw HTTP: node:http sends the path exactly as given (fetch would normalise `..`, `%2e%2e`).

export type RawRequest = {
  base: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
};
export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };

export function request(options: RawRequest): Promise<RawResponse> {
  const url = new URL(options.base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-length")) {
      headers["content-length"] = String(Buffer.byteLength(options.body));
    }
    const req = http.request(
      { host: url.hostname, port: url.port, method: options.method, path: options.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
        res.on("error", reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 10_000} ms`)));
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

// A read the run needs answered, under READ_RATE_LIMIT: a 429 waits out its Retry-After (at most ten
// times) and asks again. For reads whose answer a check depends on, not for the corpus's own probes.
export async function patientRequest(options: RawRequest): Promise<RawResponse> {
  let response = await request(options);
  for (let tries = 0; response.status === 429 && tries < 10; tries++) {
    await sleep(1_000 * Math.max(1, Number(response.headers["retry-after"] ?? 1)));
    response = await request(options);
  }
  return response;
}

export const basic = (siteId: string, key: string) => `Basic ${Buffer.from(`${siteId}:${key}`).toString("base64")}`;
export const bearer = (key: string) => `Bearer ${key}`;

// Customer.io's error envelope, the API's documented error shape: {"meta":{"errors":["…", …]}}.
export function isErrorEnvelope(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { meta?: { errors?: unknown } };
    const errors = parsed?.meta?.errors;
    return Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof e === "string" && e.length > 0);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// The database

export async function createDatabase(serverUrl: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `verify_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

// Row counts of every table in one statement (the corpus compares them around each refused request).
export async function tableCounts(client: pg.Client | pg.Pool, tables: string[]): Promise<Record<string, number>> {
  const sql = `SELECT ${tables.map((t, i) => `(SELECT count(*) FROM "${t}")::int AS c${i}`).join(", ")}`;
  const { rows } = await client.query<Record<string, number>>(sql);
  return Object.fromEntries(tables.map((t, i) => [t, rows[0][`c${i}`]]));
}

export async function listTables(client: pg.Client | pg.Pool): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

// Percentile of a sorted-on-demand list of numbers.
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
