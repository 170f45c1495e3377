// CSV import of the email suppression list, in two steps: a preview that only counts (valid, new,
// already listed, duplicates, invalid rows with their line and reason), then an apply that inserts
// the valid new rows. The file is parsed as a stream in batches, under a byte, row and record-size cap:
// a file over one stops there (reported as an invalid line), the batches before it already counted.
import "server-only";
import { parse } from "csv-parse";
import { db } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { CsvLimitError, parseLimited, RECORD_DELIMITERS, type CsvLimit, type CsvSource } from "../csv/limits";
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

function emptyByType(): Record<EspSuppressionType, number> {
  return Object.fromEntries(ESP_SUPPRESSION_TYPES.map((type) => [type, 0])) as Record<EspSuppressionType, number>;
}

function emptySummary(apply: boolean): EspImportSummary {
  return { isApplied: apply, rows: 0, valid: 0, toAdd: 0, alreadyListed: 0, duplicates: 0, invalid: 0, errors: [], byType: emptyByType(), added: 0, receiptId: null };
}

// An import's counts as its rows are read, and the valid ones checked against the list (and with
// `apply`, added) a batch at a time.
class EspImportTally {
  readonly summary: EspImportSummary;
  // Seen (type, email) pairs, so a row repeated in the file counts once.
  private readonly seen = new Set<string>();
  private batch: EspEntry[] = [];

  constructor(private readonly options: { workspaceId: string; apply: boolean; defaultType?: EspSuppressionType }) {
    this.summary = emptySummary(options.apply);
  }

  fail(line: number, message: string) {
    this.summary.invalid++;
    if (this.summary.errors.length < MAX_REPORTED_ERRORS) this.summary.errors.push({ line, message });
  }

  async add(line: number, record: Record<string, string>) {
    const rawType = (record.type ?? "").trim().toLowerCase() || this.options.defaultType;
    const parsed = addEspSuppressionSchema.safeParse({
      email: record.email ?? "",
      type: rawType,
      reason: record.reason || undefined,
      statusCode: record.status_code ?? record.status ?? undefined,
    });
    if (!parsed.success) return this.fail(line, parsed.error.issues.map((issue) => issue.message).join("; "));
    const key = `${parsed.data.type}\u0000${normalizeEmail(parsed.data.email)}`;
    if (this.seen.has(key)) {
      this.summary.duplicates++;
      return;
    }
    this.seen.add(key);
    this.summary.valid++;
    this.batch.push(parsed.data);
    if (this.batch.length >= BATCH) await this.flush();
  }

  async flush() {
    if (this.batch.length === 0) return;
    const entries = this.batch;
    this.batch = [];
    const { workspaceId } = this.options;
    const keys = [...new Set(entries.map((entry) => normalizeEmail(entry.email)))];
    const existing = await db.$queryRaw<{ type: string; email_key: string }[]>`
      SELECT type::text AS type, email_key FROM esp_suppression
      WHERE workspace_id = ${workspaceId} AND email_key = ANY(${keys}::text[])`;
    const listed = new Set(existing.map((row) => `${row.type}\u0000${row.email_key}`));
    const fresh = entries.filter((entry) => !listed.has(`${entry.type}\u0000${normalizeEmail(entry.email)}`));
    this.summary.alreadyListed += entries.length - fresh.length;
    this.summary.toAdd += fresh.length;
    for (const entry of fresh) this.summary.byType[entry.type]++;
    if (this.options.apply) this.summary.added += await insertEspEntries({ workspaceId, entries: fresh, origin: "admin" });
  }
}

function espCsvRecords(input: CsvSource, maxBytes: number) {
  const parser = parse({
    bom: true,
    columns: (header: string[]) => header.map((name) => name.trim().toLowerCase().replace(/\s+/g, "_")),
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    max_record_size: MAX_RECORD_BYTES,
    record_delimiter: RECORD_DELIMITERS,
  });
  return parseLimited(input, parser, maxBytes) as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>;
}

// Reads every row into the tally, stopping at a cap or at what csv-parse can't read (said as an
// invalid line: the batches before it are already counted).
async function readInto(tally: EspImportTally, input: CsvSource, caps: { maxBytes: number; maxRows: number }) {
  const { summary } = tally;
  let hasEmailColumn: boolean | null = null;
  let lastLine = 1;
  try {
    for await (const { record, info } of espCsvRecords(input, caps.maxBytes)) {
      hasEmailColumn ??= "email" in record;
      if (!hasEmailColumn) {
        tally.fail(1, "the header row has no email column");
        break;
      }
      if (summary.rows >= caps.maxRows) throw new CsvLimitError("rows", caps.maxRows);
      summary.rows++;
      lastLine = info.lines;
      await tally.add(info.lines, record);
    }
  } catch (error) {
    if (error instanceof CsvLimitError) {
      summary.limitExceeded = error.limit;
      tally.fail(lastLine + 1, `${error.message}: the import stopped here; split the file`);
    } else {
      const line = (error as { lines?: number }).lines ?? summary.rows + 1;
      tally.fail(line, `unreadable CSV: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  // No record came through and nothing else explains it.
  if (hasEmailColumn === null && summary.invalid === 0) tally.fail(1, "the file is empty");
  await tally.flush();
}

// Reads (and with `apply`, imports) a CSV with a header row: `email` (required), `type` (else
// `defaultType`), `reason`, `status_code` (or `status`); other columns, like an export's `origin` and
// `created_at`, are ignored, so an export imports back as is.
export async function importEspSuppressionsCsv(options: {
  workspaceId: string;
  input: CsvSource;
  defaultType?: EspSuppressionType;
  apply: boolean;
  actor: Actor;
  maxBytes?: number;
  maxRows?: number;
}): Promise<EspImportSummary> {
  const { maxBytes = MAX_ESP_IMPORT_BYTES, maxRows = MAX_ESP_IMPORT_ROWS } = options;
  const tally = new EspImportTally(options);
  await readInto(tally, options.input, { maxBytes, maxRows });
  const { summary } = tally;
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
