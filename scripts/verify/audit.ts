// Phase 6: `npm audit --omit=dev`, summarised by severity. The registry this machine reaches answers the
// advisory endpoint with 405 (see /work/shared/TOOLCHAIN.md): then the audit is reported "unavailable"
// with the reason, which does not fail the run (nothing was found, nothing could be checked).
import { spawnSync } from "node:child_process";
import type { Report } from "./context";
import { ROOT } from "./context";

export function runAudit({ report }: { report: Report }): void {
  const result = spawnSync("npm", ["audit", "--omit=dev", "--json"], { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, NODE_OPTIONS: "" } });
  let parsed: { metadata?: { vulnerabilities?: Record<string, number> }; message?: string; statusCode?: number; error?: { summary?: string } } = {};
  try {
    parsed = JSON.parse(result.stdout || "{}") as typeof parsed;
  } catch {
    // not JSON: reported below
  }
  const counts = parsed.metadata?.vulnerabilities;
  if (counts) {
    const found = ["critical", "high", "moderate", "low"].map((s) => `${s} ${counts[s] ?? 0}`).join(", ");
    report.add("audit", "npm audit --omit=dev", found, (counts.critical ?? 0) + (counts.high ?? 0) === 0);
    return;
  }
  const why = parsed.message || parsed.error?.summary || (result.stderr || "no answer").trim().split("\n").find((l) => l.trim()) || "no answer";
  const reason = parsed.statusCode === 405 || /405/.test(why) ? "the registry answers its advisory endpoint 405" : why.slice(0, 80);
  console.log(`    npm audit: ${why.slice(0, 200)}`);
  report.add("audit", "npm audit --omit=dev", `unavailable: ${reason}`, true);
}
