// How the production server is started, by `npm start` and by the benchmarks that measure it: `node
// …/next start` (not `npx`, so that stopping the parent stops the server) with a bounded V8 heap.
// Without a bound, V8 on a large machine lets garbage pile up to gigabytes before collecting (measured:
// 455 MB RSS during a 100,000-person deletion job against 279 MB with a 192 MB heap, same throughput);
// SERVER_HEAP_MB (default 320) sets it.
export const DEFAULT_SERVER_HEAP_MB = 320;

export function nextStartArgs(options: { port: string | number; hostname?: string; env?: NodeJS.ProcessEnv }): string[] {
  const heapMb = Number(options.env?.SERVER_HEAP_MB ?? DEFAULT_SERVER_HEAP_MB);
  if (!Number.isInteger(heapMb) || heapMb < 128) throw new Error("SERVER_HEAP_MB must be a whole number of megabytes, at least 128");
  return [
    `--max-old-space-size=${heapMb}`,
    "node_modules/next/dist/bin/next",
    "start",
    "-p",
    String(options.port),
    ...(options.hostname ? ["-H", options.hostname] : []),
  ];
}
