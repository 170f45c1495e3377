// Size caps shared by the CSV imports: a file over its byte or row budget stops with CsvLimitError,
// so one upload can't hold the server for as long as its sender likes.
import { Readable, pipeline, type Transform } from "node:stream";

export type CsvLimit = "bytes" | "rows";

// The file went over a cap; `limit` says which (an HTTP route answers 413 for bytes, 400 for rows).
export class CsvLimitError extends Error {
  readonly limit: CsvLimit;
  constructor(limit: CsvLimit, max: number) {
    super(limit === "bytes" ? `the file is over ${formatCount(max)} bytes` : `the file has more than ${formatCount(max)} rows`);
    this.name = "CsvLimitError";
    this.limit = limit;
  }
}

function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

// The parser handles a chunk without yielding, and a source already in memory never waits for I/O:
// slices this size, each after a turn of the event loop, keep other requests answered meanwhile.
const SLICE_BYTES = 64 * 1024;

// Passes the bytes through in slices until more than `maxBytes` went by, then fails with CsvLimitError
// (and stops reading the source, so the rest of an oversized upload is never read).
async function* limitBytes(source: AsyncIterable<Uint8Array | string>, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += bytes.byteLength;
    if (total > maxBytes) throw new CsvLimitError("bytes", maxBytes);
    for (let offset = 0; offset < bytes.byteLength; offset += SLICE_BYTES) {
      await new Promise((resolve) => setImmediate(resolve));
      yield bytes.subarray(offset, offset + SLICE_BYTES);
    }
  }
}

// Every line ending csv-parse would otherwise discover on the first line, where its discovery costs
// three allocations per byte (about a second for a 1 MB first line).
export const RECORD_DELIMITERS = ["\r\n", "\n", "\r"];

// What an import reads: text or bytes in memory, a Node or web stream, or any async iterable of chunks.
export type CsvSource = string | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

export function chunksOf(source: CsvSource): AsyncIterable<Uint8Array | string> {
  // Iterated as they are, a string would give characters and bytes numbers: each is one chunk.
  if (typeof source === "string" || source instanceof Uint8Array) return Readable.from([source]);
  if (typeof (source as ReadableStream).getReader === "function") return Readable.fromWeb(source as import("node:stream/web").ReadableStream<Uint8Array>);
  return source as AsyncIterable<Uint8Array | string>;
}

// Feeds `source` into `parser` under a byte cap. Unlike .pipe(), a failure on either side (the cap, a
// client that hangs up) reaches whoever iterates the parser instead of leaving it waiting forever.
export function parseLimited<P extends Transform>(source: CsvSource, parser: P, maxBytes: number): P {
  pipeline(Readable.from(limitBytes(chunksOf(source), maxBytes)), parser, () => undefined);
  return parser;
}
