// `npm start`: everything a fresh clone needs to serve the app with demo data.
//  1. generate the Prisma client if missing;  2. build the app if there is no build (or BUILD=1);
//  3. migrate, and seed demo data once per database (lib/demo/seed-policy.ts: the embedded database
//     unless SEED=0, a server database only with SEED=1);  4. `next start`, which creates the admin
//     of ADMIN_EMAIL/ADMIN_PASSWORD (instrumentation.ts).
// Without DATABASE_URL the database is the embedded PGlite in PGLITE_DIR (default .data/pglite):
// steps 3 and 4 open it one after the other, never at the same time.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { envAdminProblem } from "../lib/auth/schemas";
import { authSecretProblem } from "../lib/auth/secret";
import { isDemoSeedWanted } from "../lib/demo/seed-policy";
import { nextStartArgs } from "./next-server";

const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const distDir = env.NEXT_DIST_DIR || ".next";
const port = env.PORT ?? "3000";

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// A bad ADMIN_EMAIL/ADMIN_PASSWORD would only be logged once the server runs: refuse before anything.
const adminProblem = envAdminProblem(env);
if (adminProblem) {
  console.error(`npm start: ${adminProblem}`);
  process.exit(2);
}

// A short BETTER_AUTH_SECRET would sign sessions weakly: refuse it before building anything.
const secretProblem = authSecretProblem(env);
if (secretProblem) {
  console.error(`npm start: ${secretProblem}`);
  process.exit(2);
}

if (!existsSync("lib/generated/prisma/client.ts")) run("npx", ["tsx", "scripts/db/generate.ts"]);
if (env.BUILD === "1" || !existsSync(path.join(distDir, "BUILD_ID"))) run("node", ["node_modules/next/dist/bin/next", "build"]);

if (env.DATABASE_URL) run("npx", ["tsx", "scripts/db/migrate.ts"]);
if (isDemoSeedWanted(env)) run("npx", ["tsx", "prisma/seed.ts", "--once"]);
else if (env.DATABASE_URL && !env.SEED) {
  console.log("demo data: none on a server database (SEED=1 seeds it once); ADMIN_EMAIL + ADMIN_PASSWORD create an admin");
}

const server = spawn("node", nextStartArgs({ port, hostname: env.HOSTNAME, env }), {
  stdio: "inherit",
  env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
