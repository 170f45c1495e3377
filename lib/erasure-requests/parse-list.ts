// An erasure request's list as support receives it: pasted text or an uploaded .txt / .csv, one
// identifier per line, or a CSV whose header names a column id, email or cio_id. Every line becomes an
// entry (a value and the kind it states, or why it is invalid); nothing is looked up or written here.
// Over MAX_LIST_LINES lines or MAX_LIST_BYTES bytes the whole list is refused.
import { parse, type CsvError } from "csv-parse";
import { chunksOf, CsvLimitError, parseLimited, RECORD_DELIMITERS, type CsvSource } from "../csv/limits";
import { ValidationError } from "../errors";
import { byteLength, isCioId, isEmail, MAX_IDENTIFIER_BYTES } from "../identity/identifiers";
import { isStorableText } from "../text";
import { formatCount } from "../ui/format";

export const MAX_LIST_LINES = 100_000;
export const MAX_LIST_BYTES = 10 * 1024 * 1024;
export const LIST_TOO_LARGE = "The list is over 10 MB; split it into parts of at most 100,000 lines.";
const LIST_TOO_MANY_LINES = `The list has more than ${formatCount(MAX_LIST_LINES)} lines; split it into parts.`;
// The excerpt of an invalid line the preview shows (never more of a line that can't be stored).
const EXCERPT_CHARS = 40;

// The kind a line states: "auto" for a bare line (cio_<id>, an email, else an id), or its CSV column.
type StatedKind = "auto" | "id" | "email" | "cio_id";
export type ListEntry =
  | { line: number; kind: StatedKind; value: string }
  | { line: number; invalid: string; excerpt: string };

// The list is over a cap: nothing of it is previewed or applied.
export class ErasureListLimitError extends ValidationError {
  readonly limit: "bytes" | "lines";
  constructor(limit: "bytes" | "lines") {
    super(limit === "bytes" ? LIST_TOO_LARGE : LIST_TOO_MANY_LINES);
    this.name = "ErasureListLimitError";
    this.limit = limit;
  }
}

const HEADER_NAMES: Record<string, Exclude<StatedKind, "auto">> = { id: "id", email: "email", cio_id: "cio_id" };
const UTF8 = new TextDecoder("utf-8", { fatal: true });

// Reads the whole list into memory under the byte cap (10 MB is small; the cap stops a bigger body
// before it is all read).
async function readCapped(source: CsvSource): Promise<Buffer> {
  if (typeof source === "string") {
    if (byteLength(source) > MAX_LIST_BYTES) throw new ErasureListLimitError("bytes");
    return Buffer.from(source, "utf8");
  }
  if (source instanceof Uint8Array) {
    if (source.byteLength > MAX_LIST_BYTES) throw new ErasureListLimitError("bytes");
    return Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of chunksOf(source)) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
    total += bytes.byteLength;
    if (total > MAX_LIST_BYTES) throw new ErasureListLimitError("bytes");
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

// Something safe to show of an invalid line: its start, with NULs and broken characters replaced.
function excerptOf(text: string): string {
  const chars = Array.from(text.slice(0, EXCERPT_CHARS * 2)).slice(0, EXCERPT_CHARS);
  const shown = chars.map((c) => (c === "\u0000" || !c.isWellFormed() || /[\p{Cc}]/u.test(c) ? "\uFFFD" : c)).join("");
  return Array.from(text).length > EXCERPT_CHARS ? `${shown}…` : shown;
}

// One value as the list states it → an entry, or the reason it can't name anyone.
function readListValue(line: number, raw: string, kind: StatedKind): ListEntry {
  const value = raw.trim();
  const invalid = (reason: string): ListEntry => ({ line, invalid: reason, excerpt: excerptOf(value) });
  if (!value) return invalid("empty");
  if (!isStorableText(value)) return invalid(value.includes("\u0000") ? "contains a NUL character" : "not valid text (a broken character)");
  if (byteLength(value) > MAX_IDENTIFIER_BYTES) return invalid(`too long (over ${MAX_IDENTIFIER_BYTES} bytes)`);
  if (kind === "cio_id" || (kind === "auto" && value.startsWith("cio_"))) {
    const cioId = value.startsWith("cio_") ? value.slice(4) : value;
    return isCioId(cioId) ? { line, kind: "cio_id", value: cioId } : invalid("unknown cio_ identifier");
  }
  if (kind === "email" && !isEmail(value)) return invalid("not an email");
  if (kind === "auto") {
    if (isEmail(value)) return { line, kind: "email", value };
    // A bare line with an @ that isn't an email is a typo far more often than an id: an id with an @
    // goes in a CSV column named id.
    if (value.includes("@")) return invalid("not an email (an id with @ goes in a CSV column named id)");
    return { line, kind: "id", value };
  }
  return { line, kind, value };
}

// The bytes → lines, each decoded on its own (a line that isn't UTF-8 is invalid, not the whole list).
function splitLines(bytes: Buffer): { text: string | null; line: number }[] {
  const lines: { text: string | null; line: number }[] = [];
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    if (end === bytes.length && start === end) break; // the newline that ends the last line
    if (lines.length >= MAX_LIST_LINES) throw new ErasureListLimitError("lines");
    const stop = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
    let text: string | null;
    try {
      text = UTF8.decode(bytes.subarray(start, stop));
    } catch {
      text = null;
    }
    lines.push({ text, line: lines.length + 1 });
    start = end + 1;
  }
  return lines;
}

// The identifier columns a CSV header names (by position), or null when the first line is no header.
function headerColumns(firstLine: string): Map<number, Exclude<StatedKind, "auto">> | null {
  if (!/^[\s"]*(id|email|cio_id)[\s"]*(,|$)|,[\s"]*(id|email|cio_id)[\s"]*(,|$)/i.test(firstLine)) return null;
  const columns = new Map<number, Exclude<StatedKind, "auto">>();
  firstLine.split(",").forEach((cell, i) => {
    const kind = HEADER_NAMES[cell.trim().replace(/^"|"$/g, "").trim().toLowerCase()];
    if (kind) columns.set(i, kind);
  });
  return columns.size ? columns : null;
}

async function parseCsv(bytes: Buffer, columns: Map<number, Exclude<StatedKind, "auto">>): Promise<ListEntry[]> {
  const entries: ListEntry[] = [];
  const parser = parse({
    bom: true,
    from_line: 2,
    relax_column_count: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    max_record_size: MAX_LIST_BYTES,
    info: true,
    record_delimiter: RECORD_DELIMITERS,
  });
  let records = 0;
  parser.on("skip", (error: CsvError & { lines?: number }) => {
    records++;
    entries.push({ line: error.lines ?? 0, invalid: "malformed CSV line", excerpt: "" });
  });
  for await (const { record, info } of parseLimited(bytes, parser, MAX_LIST_BYTES) as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (++records >= MAX_LIST_LINES) throw new ErasureListLimitError("lines");
    const line = info.lines;
    let named = 0;
    for (const [index, kind] of columns) {
      const cell = record[index];
      if (cell === undefined || cell.trim() === "") continue;
      named++;
      entries.push(readListValue(line, cell, kind));
    }
    if (!named) entries.push({ line, invalid: "empty", excerpt: "" });
  }
  return entries.sort((a, b) => a.line - b.line);
}

// Parses a pasted or uploaded list into entries, in line order. Throws ErasureListLimitError over the
// caps (nothing is returned for a list that is refused).
export async function parseErasureList(source: CsvSource): Promise<ListEntry[]> {
  let bytes: Buffer;
  try {
    bytes = await readCapped(source);
  } catch (error) {
    if (error instanceof CsvLimitError) throw new ErasureListLimitError("bytes");
    throw error;
  }
  const lines = splitLines(bytes);
  if (!lines.length) throw new ValidationError("The list is empty: paste or upload at least one identifier.");
  const columns = lines[0].text === null ? null : headerColumns(lines[0].text);
  if (columns) return parseCsv(bytes, columns);
  return lines.map(({ text, line }) => (text === null ? { line, invalid: "not valid UTF-8 text", excerpt: "" } : readListValue(line, text, "auto")));
}
