import type { Tx } from "../db";

// Batches touch thousands of people among many: with = ANY(...) the planner picks a sequential scan
// of person (and of activity), which makes every batch cost the whole table. Index probes only, for
// the rest of this transaction. JIT off too: the costs that disabling sequential scans inflates
// (1e10) would otherwise make every batch statement compile itself (measured: ~0.7 s of JIT on a
// 10,000-person batch's activity update). Returns a function that restores both settings.
export async function preferIndexScans(tx: Tx): Promise<() => Promise<void>> {
  const [{ seqscan, jit }] = await tx.$queryRaw<{ seqscan: string; jit: string }[]>`
    SELECT current_setting('enable_seqscan') AS seqscan, current_setting('jit') AS jit,
      set_config('enable_seqscan', 'off', true) AS s, set_config('jit', 'off', true) AS j`;
  return async () => {
    await tx.$queryRaw`SELECT set_config('enable_seqscan', ${seqscan}, true) AS s, set_config('jit', ${jit}, true) AS j`;
  };
}
