// `npm run verify [-- --short] [--only=corpus,authz,load,faults,webhooks,residue,audit] [--reuse-build]`: the
// product's promises proven together against a production build on the PostgreSQL server —
// hostile input, the authorization matrix, load on two app servers with consistency checks, faults,
// webhooks through a kill -9 (every event delivered, the outbox purged), a residue scan and a
// dependency audit. A fresh database per run (created and dropped here); ends
// with a summary table and exits 1 on any failure. --short is CI's form (smaller corpus, 10 s load).
// Env: VERIFY_SERVER (postgresql://postgres@127.0.0.1:5432/postgres), VERIFY_PORT (3240; uses 10 ports
// from there), VERIFY_DIST_DIR (.next-verify).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// lib/ modules `import "server-only"`, a no-op only under the react-server condition.
if (!process.execArgv.some((arg) => arg.includes("react-server")) && !(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const again = spawnSync(process.execPath, ["--conditions=react-server", ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const { AppServer, appEnv, createDatabase, newCredentials, Report, ROOT, NEXT_BIN } = await import("./context");
type Options = import("./context").Options;

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const firstPort = Number(process.env.VERIFY_PORT ?? 3240);
const options: Options = {
  short: args.includes("--short"),
  serverUrl: process.env.VERIFY_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  distDir: process.env.VERIFY_DIST_DIR ?? ".next-verify",
  ports: Array.from({ length: 10 }, (_, i) => firstPort + i),
  logDir: path.join(ROOT, ".verify-logs", new Date().toISOString().replace(/[:.]/g, "-")),
  only: only ? new Set(only.split(",")) : null,
};
const wants = (phase: string) => !options.only || options.only.has(phase);
const report = new Report();
const started = Date.now();
const phaseSeconds: Record<string, number> = {};

async function timed(name: string, body: () => Promise<void>): Promise<void> {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  try {
    await body();
  } catch (error) {
    console.error(error);
    report.add(name, "phase ran to the end", `crashed: ${(error as Error).message.slice(0, 120)}`, false);
  }
  phaseSeconds[name] = Math.round((Date.now() - t0) / 1000);
}

// The production build, in a folder of its own; next build may rewrite tsconfig.json, put back here.
function build(): void {
  if (args.includes("--reuse-build")) {
    try {
      readFileSync(path.join(ROOT, options.distDir, "BUILD_ID"));
      console.log(`reusing the build in ${options.distDir}`);
      return;
    } catch {
      // none yet
    }
  }
  const tsconfig = readFileSync(path.join(ROOT, "tsconfig.json"), "utf8");
  console.log(`building into ${options.distDir} …`);
  const t0 = Date.now();
  const generated = spawnSync("npm", ["run", "--silent", "db:generate"], { cwd: ROOT, stdio: "inherit" });
  const result =
    generated.status === 0
      ? spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, NEXT_DIST_DIR: options.distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: "" } })
      : generated;
  writeFileSync(path.join(ROOT, "tsconfig.json"), tsconfig);
  if (result.status !== 0) {
    console.error(`${String(result.stdout ?? "")}${String(result.stderr ?? "")}`.split("\n").slice(-40).join("\n"));
    throw new Error("next build failed");
  }
  console.log(`built in ${Math.round((Date.now() - t0) / 1000)} s`);
}

function printSummary(): void {
  const rows = report.rows;
  const width = (key: "phase" | "check" | "result") => Math.max(key.length, ...rows.map((r) => r[key].length));
  const [wp, wc, wr] = [width("phase"), width("check"), width("result")];
  const line = (p: string, c: string, r: string, s: string) => `| ${p.padEnd(wp)} | ${c.padEnd(wc)} | ${r.padEnd(wr)} | ${s.padEnd(4)} |`;
  console.log(`\n## verify ${options.short ? "--short" : "(full)"} summary`);
  console.log(line("phase", "check", "result", "ok"));
  console.log(`|${"-".repeat(wp + 2)}|${"-".repeat(wc + 2)}|${"-".repeat(wr + 2)}|------|`);
  for (const r of rows) console.log(line(r.phase, r.check, r.result, r.ok ? "ok" : "FAIL"));
  const total = Math.round((Date.now() - started) / 1000);
  console.log(`\nphases: ${Object.entries(phaseSeconds).map(([k, v]) => `${k} ${v} s`).join(", ")}; total ${total} s`);
  console.log(`${rows.length - report.failed} checks passed, ${report.failed} failed`);
}

const database = await createDatabase(options.serverUrl);
const credentials = newCredentials();
const servers: InstanceType<typeof AppServer>[] = [];
let closeDb: (() => Promise<void>) | null = null;
const run = randomBytes(3).toString("hex");
try {
  console.log(`database ${database.name} (fresh); logs in ${path.relative(ROOT, options.logDir)}`);
  const migrate = spawnSync("npm", ["run", "--silent", "db:migrate"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, DATABASE_URL: database.url, NODE_OPTIONS: "" } });
  if (migrate.status !== 0) throw new Error("migrations failed");
  build();
  process.env.DATABASE_URL = database.url;
  // The webhook receivers of the webhooks and residue phases listen on loopback (app servers: appEnv's extra).
  process.env.WEBHOOK_ALLOW_LOOPBACK = "1";
  const env = appEnv({ databaseUrl: database.url, distDir: options.distDir, credentials, ports: options.ports.slice(0, 2), extra: { NODE_OPTIONS: "", WEBHOOK_ALLOW_LOOPBACK: "1" } });
  const main = new AppServer(options.ports[0], env, options.logDir);
  servers.push(main);
  await main.start();
  const lib = await import("../../lib/db");
  closeDb = lib.closeDb;
  const { makeCallers } = await import("./fixtures");
  const callers = await makeCallers(main.base, credentials);

  if (wants("corpus")) {
    await timed("corpus", async () => {
      const { runCorpus } = await import("./corpus");
      const { checkRendering } = await import("./render");
      await runCorpus({ base: main.base, databaseUrl: database.url, credentials, callers, short: options.short, run, report });
      const { runCertificateForgeries } = await import("./forgeries");
      await runCertificateForgeries({ base: main.base, distDir: options.distDir, credentials, report });
      await checkRendering({ base: main.base, databaseUrl: database.url, adminCookie: callers.adminCookie, short: options.short, report });
    });
  }
  if (wants("authz")) {
    await timed("authz", async () => {
      const { runAuthz } = await import("./authz");
      await runAuthz({ base: main.base, databaseUrl: database.url, distDir: options.distDir, credentials, callers, report });
    });
  }
  if (wants("load")) {
    await timed("load", async () => {
      const { runLoad } = await import("./load");
      const second = new AppServer(options.ports[1], env, options.logDir);
      servers.push(second);
      await second.start();
      await runLoad({ servers: [main, second], databaseUrl: database.url, credentials, callers, short: options.short, run, report, logDir: options.logDir });
    });
  }
  if (wants("faults")) {
    await timed("faults", async () => {
      const { runFaults } = await import("./faults");
      await runFaults({ options, servers, env, databaseUrl: database.url, credentials, callers, run, report });
    });
  }
  if (wants("webhooks")) {
    await timed("webhooks", async () => {
      const { runWebhooks } = await import("./webhooks");
      if (servers.length < 2) {
        const second = new AppServer(options.ports[1], env, options.logDir);
        servers.push(second);
        await second.start();
      }
      await runWebhooks({ servers, databaseUrl: database.url, credentials, callers, short: options.short, run, report });
    });
  }
  if (wants("residue")) {
    await timed("residue", async () => {
      const { runResidue } = await import("./residue");
      await runResidue({ base: main.base, databaseUrl: database.url, credentials, callers, run, servers, report });
    });
  }
  if (wants("audit")) {
    await timed("audit", async () => {
      const { runAudit } = await import("./audit");
      runAudit({ report });
    });
  }
} catch (error) {
  console.error(error);
  report.add("setup", "verify ran", `crashed: ${(error as Error).message.slice(0, 120)}`, false);
} finally {
  for (const server of servers) {
    await server.kill("SIGTERM");
    server.closeLog();
  }
  await closeDb?.().catch(() => undefined);
  await database.drop().catch((error) => console.error(`could not drop ${database.name}: ${(error as Error).message}`));
}
printSummary();
process.exit(report.failed > 0 ? 1 : 0);
