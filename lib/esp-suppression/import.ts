// CSV import of the email suppression list, in two steps: a preview that only counts (valid, new,
// already listed, duplicates, invalid rows with their line and reason), then an apply that inserts
// the valid new rows. The file is parsed as a stream in batches, so its size doesn't matter.
import "server-only";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { db } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { normalizeEmail } from "../identity/identifiers";
import { insertEspEntries, type EspEntry } from "./mutations";
import { addEspSuppressionSchema, ESP_SUPPRESSION_TYPES, type EspSuppressionType } from "./schemas";

const BATCH = 1000;
// The report lists this many invalid rows; the count covers all of them.
export const MAX_REPORTED_ERRORS = 100;

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
}): Promise<EspImportSummary> {
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

  const parser = toReadable(options.input).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase().replace(/\s+/g, "_")),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }),
  );

  let hasEmailColumn: boolean | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (hasEmailColumn === null) hasEmailColumn = "email" in record;
      if (!hasEmailColumn) {
        fail(1, "the header row has no email column");
        break;
      }
      summary.rows++;
      const line = info.lines;
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
    const line = (error as { lines?: number }).lines ?? summary.rows + 1;
    fail(line, `unreadable CSV: ${(error as Error).message.split("\n")[0]}`);
  }
  if (hasEmailColumn === null) fail(1, "the file is empty");
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
