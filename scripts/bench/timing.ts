// Timing of repeated queries for the latency benchmarks: warm-ups, then p50/p95/max per case,
// printed as one table.
export type TimedCase = { name: string; run: () => Promise<unknown>; isBudgeted?: boolean };
export type Timing = { name: string; p50: number; p95: number; max: number; isBudgeted: boolean };

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Runs each case `runs` times after 3 warm-ups and prints a row per case; budgeted rows get a "*".
export async function timeCases(cases: TimedCase[], runs: number, nameWidth = 44): Promise<Timing[]> {
  console.log(`\n${"query".padEnd(nameWidth)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}   (${runs} runs after 3 warm-up)`);
  const timings: Timing[] = [];
  for (const c of cases) {
    for (let i = 0; i < 3; i++) await c.run();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await c.run();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const timing = { name: c.name, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], isBudgeted: Boolean(c.isBudgeted) };
    timings.push(timing);
    const label = `${timing.isBudgeted ? "* " : "  "}${c.name}`.padEnd(nameWidth);
    console.log(`${label} ${timing.p50.toFixed(1).padStart(8)} ${timing.p95.toFixed(1).padStart(8)} ${timing.max.toFixed(1).padStart(8)}`);
  }
  return timings;
}
