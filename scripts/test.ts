// `npm test`: the whole suite — lib tests on real databases (Vitest), then the built app in
// Chromium (Playwright) — ending with one line "N passed, N failed". Every step runs even when an
// earlier one fails, so one run shows everything that is broken; the exit code says whether all passed.
//   --unit   only the Vitest suite (with DATABASE_URL set, on that server)
// Other arguments go to Vitest (`npm run test:unit -- --project=lib`: only the lib project).
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { printSummary, summarizeResults } from "./test-summary";

const onlyUnit = process.argv.includes("--unit");
const vitestArgs = process.argv.slice(2).filter((arg) => arg !== "--unit");
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const resultsDir = ".test-results";
mkdirSync(resultsDir, { recursive: true });
const label = env.DATABASE_URL ? "server" : "embedded";

function step(name: string, command: string, args: string[], extraEnv: Record<string, string> = {}): boolean {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  console.log(`=== ${name}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return result.status === 0;
}

let ok = step("prisma client", "npx", ["tsx", "scripts/db/generate.ts"]);
ok =
  step(`vitest (${label} database)`, "npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${resultsDir}/vitest-${label}.json`,
    ...vitestArgs,
  ]) && ok;

if (!onlyUnit) {
  const built = step("next build", "node", ["node_modules/next/dist/bin/next", "build"]);
  ok =
    (built &&
      step("playwright", "npx", ["playwright", "test", "--reporter=list,json"], {
        PLAYWRIGHT_JSON_OUTPUT_FILE: `${resultsDir}/playwright.json`,
      })) &&
    ok;
}

const summary = summarizeResults(resultsDir);
console.log("");
printSummary(summary);
process.exit(ok && summary.failed === 0 ? 0 : 1);
