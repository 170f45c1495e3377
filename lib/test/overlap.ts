// Evidence that a race test raced: each operation's start and end (performance.now()) by kind, and
// whether any operation of one kind was in flight while one of another kind (or another of the same
// kind) was. A race test asserts that its rounds overlapped at least once; a machine so slow that the
// loops never met the contested operation would otherwise pass without testing anything.
type Span = { kind: string; start: number; end: number };

export type OverlapRecorder = {
  // Runs fn, recording its span under `kind` whether it resolves or throws.
  time<T>(kind: string, fn: () => Promise<T>): Promise<T>;
  // Whether a span of `a` and a span of `b` (two distinct spans when a === b) were in flight together.
  overlapped(a: string, b: string): boolean;
  // Forgets the spans (the next round starts afresh).
  reset(): void;
};

export function overlapRecorder(): OverlapRecorder {
  let spans: Span[] = [];
  return {
    async time(kind, fn) {
      const start = performance.now();
      try {
        return await fn();
      } finally {
        spans.push({ kind, start, end: performance.now() });
      }
    },
    overlapped(a, b) {
      const left = spans.filter((s) => s.kind === a);
      const right = spans.filter((s) => s.kind === b);
      return left.some((x) => right.some((y) => x !== y && x.start < y.end && y.start < x.end));
    },
    reset() {
      spans = [];
    },
  };
}
