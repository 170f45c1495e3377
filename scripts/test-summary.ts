// Adds up the JSON reports that scripts/test.ts leaves in .test-results/ (Vitest and Playwright).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Counts = { passed: number; failed: number };

export function summarizeResults(dir: string): Counts {
  const total: Counts = { passed: 0, failed: 0 };
  if (!existsSync(dir)) return total;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const report = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as {
      numPassedTests?: number;
      numFailedTests: number;
      numTotalTestSuites: number;
      success: boolean;
      stats?: { expected?: number; flaky?: number; unexpected?: number };
    };
    if (typeof report.numPassedTests === "number") {
      // Vitest (Jest-compatible JSON)
      total.passed += report.numPassedTests;
      total.failed += report.numFailedTests + (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0);
    } else if (report.stats) {
      // Playwright: flaky tests passed on retry
      total.passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
      total.failed += report.stats.unexpected ?? 0;
    }
  }
  return total;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { passed, failed } = summarizeResults(process.argv[2] ?? ".test-results");
  console.log(`${passed} passed, ${failed} failed`);
}
