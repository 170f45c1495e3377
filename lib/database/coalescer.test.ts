// The group-commit helper on its own (plain async functions, no database): a call alone runs at once;
// calls past the lanes wait and run together in arrival order; each settles on its own; a batch that
// throws runs each call again alone, so only the bad one fails; keys don't wait for each other.
import { describe, expect, it } from "vitest";
import { createCoalescer, type Settled } from "./coalescer";

type Log = { ones: number[]; batches: number[][] };

function deferredCoalescer(lanes: number, options: { failingBatch?: boolean } = {}) {
  const log: Log = { ones: [], batches: [] };
  const release: (() => void)[] = [];
  const hold = () => new Promise<void>((resolve) => release.push(resolve));
  const coalesce = createCoalescer<number, string>({
    one: async (n) => {
      log.ones.push(n);
      await hold();
      if (n < 0) throw new Error(`bad ${n}`);
      return `one ${n}`;
    },
    many: async (items): Promise<Settled<string>[]> => {
      log.batches.push(items);
      await hold();
      if (options.failingBatch) throw new Error("batch failed");
      return items.map((n) => (n < 0 ? { ok: false, error: new Error(`bad ${n}`) } : { ok: true, value: `many ${n}` }));
    },
    lanes,
    maxBatch: 3,
  });
  // Lets everything held so far go, then waits for the promises' reactions.
  const step = async () => {
    release.splice(0).forEach((go) => go());
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { coalesce, log, step };
}

describe("[DATABASE] createCoalescer", () => {
  it("runs a call alone at once, and batches the calls that arrive while the lanes are busy, in order", async () => {
    const { coalesce, log, step } = deferredCoalescer(1);
    const results = [1, 2, 3, 4, 5].map((n) => coalesce("w", n));
    expect(log).toEqual({ ones: [1], batches: [] });
    await step();
    // 2, 3, 4 waited: one batch of maxBatch; 5 the next.
    expect(log.batches).toEqual([[2, 3, 4]]);
    await step();
    expect(log.ones).toEqual([1, 5]);
    await step();
    expect(await Promise.all(results)).toEqual(["one 1", "many 2", "many 3", "many 4", "one 5"]);
  });

  it("settles each call of a batch on its own, and reruns a failed batch call by call", async () => {
    const settle = (promises: Promise<string>[]) => Promise.allSettled(promises).then((all) => all.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message)));
    const own = deferredCoalescer(1);
    const ownResults = settle([1, 2, -3, 4].map((n) => own.coalesce("w", n)));
    for (let i = 0; i < 3; i++) await own.step();
    expect(await ownResults).toEqual(["one 1", "many 2", "bad -3", "many 4"]);

    const failing = deferredCoalescer(1, { failingBatch: true });
    const failingResults = settle([1, 2, -3, 4].map((n) => failing.coalesce("w", n)));
    for (let i = 0; i < 5; i++) await failing.step();
    expect(failing.log.batches).toEqual([[2, -3, 4]]);
    expect(failing.log.ones).toEqual([1, 2, -3, 4]);
    expect(await failingResults).toEqual(["one 1", "one 2", "bad -3", "one 4"]);
  });

  it("reruns a failed batch one call at a time, in arrival order", async () => {
    const failing = deferredCoalescer(1, { failingBatch: true });
    const results = Promise.allSettled([1, 2, 3, 4].map((n) => failing.coalesce("w", n)));
    await failing.step(); // 1 done; 2, 3, 4 batched
    expect(failing.log.batches).toEqual([[2, 3, 4]]);
    await failing.step(); // the batch throws: only its first call may start
    expect(failing.log.ones).toEqual([1, 2]);
    await failing.step();
    expect(failing.log.ones).toEqual([1, 2, 3]);
    await failing.step();
    expect(failing.log.ones).toEqual([1, 2, 3, 4]);
    await failing.step();
    expect((await results).map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
  });

  it("gives every key its own lanes", async () => {
    const { coalesce, log, step } = deferredCoalescer(1);
    const results = [coalesce("a", 1), coalesce("b", 2), coalesce("a", 3)];
    expect(log.ones).toEqual([1, 2]);
    for (let i = 0; i < 2; i++) await step();
    expect(await Promise.all(results)).toEqual(["one 1", "one 2", "one 3"]);
  });
});
