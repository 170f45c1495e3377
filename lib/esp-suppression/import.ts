// CSV import of the email suppression list, in two steps: a preview that only counts (valid, new,
// already listed, duplicates, invalid rows with their line and reason), then an apply that inserts
// the valid new rows. The file is parsed as a stream in batches, under a byte, row and record-size cap:
// a file over one stops there (reported as an invalid line), the batches before it already counted.
import "server-only";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { db } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { CsvLimitError, parseLimited, RECORD_DELIMITERS, type CsvLimit } from "../csv/limits";
import { normalizeEmail } from "../identity/identifiers";
import { insertEspEntries, type EspEntry } from "./mutations";
import { addEspSuppressionSchema, ESP_SUPPRESSION_TYPES, type EspSuppressionType } from "./schemas";

const BATCH = 1000;
// The report lists this many invalid rows; the count covers all of them.
const MAX_REPORTED_ERRORS = 100;
// One import's budget: a bigger file stops at the cap. A row of an export (email, reason of up to 1,000
// characters, status, dates) is far below the record cap.
const MAX_ESP_IMPORT_BYTES = 40 * 1024 * 1024;
export const MAX_ESP_IMPORT_ROWS = 1_000_000;
const MAX_RECORD_BYTES = 64 * 1024;

export type EspImportSummary = {
  isApplied: boolean;
  rows: number;
  valid: number;
  toAdd: number;
  alreadyListed: number;
  duplicates: number;
  invalid: number;
  errors: { line: number; message: string }[];
  byType: Record<EspSuppressionType, number>;
  added: number;
  receiptId: string | null;
  // Set when the file went over MAX_ESP_IMPORT_BYTES ("bytes") or MAX_ESP_IMPORT_ROWS ("rows").
  limitExceeded?: CsvLimit;
};

export type CsvInput = string | Buffer | Readable | AsyncIterable<Uint8Array | string>;

function toReadable(input: CsvInput): Readable {
  if (typeof input === "string" || Buffer.isBuffer(input)) return Readable.from([input]);
  if (input instanceof Readable) return input;
  return Readable.from(input);
}

function emptyByType(): Record<EspSuppressionType, number> {
  return Object.fromEntries(ESP_SUPPRESSION_TYPES.map((type) => [type, 0])) as Record<EspSuppressionType, number>;
}

// Reads (and with `apply`, imports) a CSV with a header row: `email` (required), `type` (else
// `defaultType`), `reason`, `status_code` (or `status`); other columns, like an export's `origin` and
// `created_at`, are ignored, so an export imports back as is.
export async function importEspSuppressionsCsv(options: {
  workspaceId: string;
  input: CsvInput;
  defaultType?: EspSuppressionType;
  apply: boolean;
  actor: Actor;
  maxBytes?: number;
  maxRows?: number;
}): Promise<EspImportSummary> {
  const { maxBytes = MAX_ESP_IMPORT_BYTES, maxRows = MAX_ESP_IMPORT_ROWS } = options;
  const summary: EspImportSummary = {
    isApplied: options.apply,
    rows: 0,
    valid: 0,
    toAdd: 0,
    alreadyListed: 0,
    duplicates: 0,
    invalid: 0,
    errors: [],
    byType: emptyByType(),
    added: 0,
    receiptId: null,
  };
  const fail = (line: number, message: string) => {
    summary.invalid++;
    if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push({ line, message });
  };

  // Seen (type, email) pairs, so a row repeated in the file counts once.
  const seen = new Set<string>();
  let batch: EspEntry[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const entries = batch;
    batch = [];
    const keys = [...new Set(entries.map((entry) => normalizeEmail(entry.email)))];
    const existing = await db.$queryRaw<{ type: string; email_key: string }[]>`
      SELECT type::text AS type, email_key FROM esp_suppression
      WHERE workspace_id = ${options.workspaceId} AND email_key = ANY(${keys}::text[])`;
    const listed = new Set(existing.map((row) => `${row.type}\u0000${row.email_key}`));
    const fresh = entries.filter((entry) => !listed.has(`${entry.type}\u0000${normalizeEmail(entry.email)}`));
    summary.alreadyListed += entries.length - fresh.length;
    summary.toAdd += fresh.length;
    for (const entry of fresh) summary.byType[entry.type]++;
    if (options.apply) summary.added += await insertEspEntries({ workspaceId: options.workspaceId, entries: fresh, origin: "admin" });
  };

  const parser = parseLimited(
    toReadable(options.input),
    parse({
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase().replace(/\s+/g, "_")),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: MAX_RECORD_BYTES,
      record_delimiter: RECORD_DELIMITERS,
    }),
    maxBytes,
  );

  let hasEmailColumn: boolean | null = null;
  let lastLine = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (hasEmailColumn === null) hasEmailColumn = "email" in record;
      if (!hasEmailColumn) {
        fail(1, "the header row has no email column");
        break;
      }
      if (summary.rows >= maxRows) throw new CsvLimitError("rows", maxRows);
      summary.rows++;
      const line = info.lines;
      lastLine = line;
      const rawType = (record.type ?? "").trim().toLowerCase() || options.defaultType;
      const parsed = addEspSuppressionSchema.safeParse({
        email: record.email ?? "",
        type: rawType,
        reason: record.reason || undefined,
        statusCode: record.status_code ?? record.status ?? undefined,
      });
      if (!parsed.success) {
        fail(line, parsed.error.issues.map((issue) => issue.message).join("; "));
        continue;
      }
      const key = `${parsed.data.type}\u0000${normalizeEmail(parsed.data.email)}`;
      if (seen.has(key)) {
        summary.duplicates++;
        continue;
      }
      seen.add(key);
      summary.valid++;
      batch.push(parsed.data);
      if (batch.length >= BATCH) await flush();
    }
  } catch (error) {
    if (error instanceof CsvLimitError) {
      summary.limitExceeded = error.limit;
      fail(lastLine + 1, `${error.message}: the import stopped here; split the file`);
    } else {
      const line = (error as { lines?: number }).lines ?? summary.rows + 1;
      fail(line, `unreadable CSV: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  // No record came through and nothing else explains it.
  if (hasEmailColumn === null && summary.invalid === 0) fail(1, "the file is empty");
  await flush();

  if (options.apply && summary.added > 0) {
    summary.receiptId = await recordAudit({
      workspaceId: options.workspaceId,
      actor: options.actor,
      action: "esp_suppression.import",
      count: summary.added,
      details: { byType: summary.byType, invalid: summary.invalid, alreadyListed: summary.alreadyListed },
    });
  }
  return summary;
}
