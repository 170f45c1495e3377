// Adds up the JSON reports that scripts/test.ts leaves in .test-results/ (Vitest and Playwright)
// and names each failing test, so the last lines of a CI log say what broke, not only how much.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Counts = { passed: number; failed: number; failures: string[] };

type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTestSuites: number;
  success: boolean;
  testResults?: { name: string; status: string; message?: string; assertionResults?: { fullName: string; status: string }[] }[];
};
type PlaywrightSuite = {
  title: string;
  file?: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; file?: string; tests: { status: string }[] }[];
};
type PlaywrightReport = { stats?: { expected?: number; flaky?: number; unexpected?: number }; suites?: PlaywrightSuite[] };

function vitestFailures(report: VitestReport, label: string): string[] {
  const failures: string[] = [];
  for (const file of report.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    const failed = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    for (const test of failed) failures.push(`${label} ${where} › ${test.fullName}`);
    // A file that failed as a whole (import error, hook, unhandled error) has no failed test of its own.
    if (file.status === "failed" && failed.length === 0) failures.push(`${label} ${where}: ${(file.message ?? "failed").split("\n")[0]}`);
  }
  return failures;
}

function playwrightFailures(suites: PlaywrightSuite[], titles: string[] = []): string[] {
  return suites.flatMap((suite) => {
    const path_ = suite.file && titles.length === 0 ? [] : [...titles, suite.title];
    const own = (suite.specs ?? [])
      .filter((spec) => spec.tests.some((test) => test.status === "unexpected"))
      .map((spec) => `playwright ${spec.file ?? suite.file ?? ""} › ${[...path_, spec.title].filter(Boolean).join(" › ")}`);
    return [...own, ...playwrightFailures(suite.suites ?? [], path_)];
  });
}

export function summarizeResults(dir: string): Counts {
  const total: Counts = { passed: 0, failed: 0, failures: [] };
  if (!existsSync(dir)) return total;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const report = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Partial<VitestReport> & PlaywrightReport;
    if (typeof report.numPassedTests === "number") {
      const vitest = report as VitestReport;
      total.passed += vitest.numPassedTests;
      total.failed += vitest.numFailedTests + (vitest.numTotalTestSuites > 0 && !vitest.success && vitest.numFailedTests === 0 ? 1 : 0);
      total.failures.push(...vitestFailures(vitest, path.basename(file, ".json")));
    } else if (report.stats) {
      // Playwright: flaky tests passed on retry
      total.passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
      total.failed += report.stats.unexpected ?? 0;
      total.failures.push(...playwrightFailures(report.suites ?? []));
    }
  }
  return total;
}

export function printSummary({ passed, failed, failures }: Counts): void {
  for (const failure of failures) console.log(`FAILED ${failure}`);
  console.log(`${passed} passed, ${failed} failed`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printSummary(summarizeResults(process.argv[2] ?? ".test-results"));
}
