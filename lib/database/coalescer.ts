// Group commit for a hot write path: calls of one key (a workspace) run one by one while few are in
// flight, and when more arrive than there are lanes, the waiting ones go together through `many`, one
// set-based statement for all of them. Nothing waits for a timer: a call alone runs at once, as
// before, and a batch forms only from calls that arrive while the lanes are busy, which then share
// one statement's fixed cost instead of each paying it.

type Waiting<TItem, TResult> = { item: TItem; resolve: (result: TResult) => void; reject: (error: unknown) => void };
type Lane<TItem, TResult> = { inFlight: number; queue: Waiting<TItem, TResult>[] };

export type Settled<TResult> = { ok: true; value: TResult } | { ok: false; error: unknown };

export type Coalescer<TItem, TResult> = (key: string, item: TItem) => Promise<TResult>;

export function createCoalescer<TItem, TResult>({
  one,
  many,
  lanes,
  maxBatch,
}: {
  // One call on its own.
  one: (item: TItem) => Promise<TResult>;
  // Several calls of one key together, in order; each settles on its own. When it throws, each call
  // runs again through `one`, one at a time in arrival order, so a bad call fails alone.
  many: (items: TItem[]) => Promise<Settled<TResult>[]>;
  // Statements of one key in flight at most (the others wait and are batched).
  lanes: number;
  maxBatch: number;
}): Coalescer<TItem, TResult> {
  const byKey = new Map<string, Lane<TItem, TResult>>();

  async function runBatch(batch: Waiting<TItem, TResult>[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch;
      await one(only.item).then(only.resolve, only.reject);
      return;
    }
    let settled: Settled<TResult>[];
    try {
      settled = await many(batch.map((w) => w.item));
    } catch {
      // One after another in arrival order: two calls for one person must land as they came, which
      // calls run side by side don't promise.
      for (const w of batch) await one(w.item).then(w.resolve, w.reject);
      return;
    }
    batch.forEach((w, i) => {
      const result = settled[i];
      if (result.ok) w.resolve(result.value);
      else w.reject(result.error);
    });
  }

  async function work(key: string, lane: Lane<TItem, TResult>, first: Waiting<TItem, TResult>[]): Promise<void> {
    let batch = first;
    try {
      while (batch.length > 0) {
        await runBatch(batch);
        batch = lane.queue.splice(0, maxBatch);
      }
    } finally {
      lane.inFlight--;
      if (lane.inFlight === 0 && lane.queue.length === 0) byKey.delete(key);
    }
  }

  return (key, item) =>
    new Promise<TResult>((resolve, reject) => {
      let lane = byKey.get(key);
      if (!lane) byKey.set(key, (lane = { inFlight: 0, queue: [] }));
      const waiting = { item, resolve, reject };
      if (lane.inFlight >= lanes) {
        lane.queue.push(waiting);
        return;
      }
      lane.inFlight++;
      void work(key, lane, [waiting]);
    });
}
