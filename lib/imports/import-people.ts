// CSV import of people: a streaming parse (csv-parse), the header row naming id, email and other
// attributes, rows created or updated in batches through identifyMany. Rejected rows are kept by row
// number and reason only (never the value), with a summary, in person_import. A file over the byte or
// row cap stops there; the batches before it stay imported, like any file that can't be read to the end.
import { parse, CsvError } from "csv-parse";
import { randomHexId } from "../random-id";
import { recordAudit, type Actor } from "../audit/record-audit";
import { CsvLimitError, parseLimited, RECORD_DELIMITERS, type CsvLimit, type CsvSource } from "../csv/limits";
import { toCsv } from "../csv/stringify";
import { db } from "../db";
import { NotFoundError } from "../errors";
import type { Workspace } from "../generated/prisma/client";
import { identifyMany, type IdentifyManyRow } from "../people/identify-many";
import { isPossibleId } from "../text";

// Rows handed to identifyMany at a time (it commits in smaller transactions of its own).
export const IMPORT_BATCH_ROWS = 1000;
// Rejected rows kept for the error report; the count stays exact beyond it.
const MAX_STORED_ERRORS = 50_000;
// A CSV line longer than this is refused (a person's 300 attributes fit well within it).
const MAX_RECORD_BYTES = 1_000_000;
// One import's budget: a bigger file is refused (up front when its size is declared) or stopped.
export const MAX_IMPORT_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 1_000_000;

type ImportError = { row: number; reason: string };
export type ImportSummary = {
  id: string;
  status: "completed" | "failed";
  created: number;
  updated: number;
  rejected: number;
  // Set when the file itself could not be read to the end (rows before it were imported).
  failure?: string;
  // Set when the file went over MAX_IMPORT_FILE_BYTES ("bytes") or MAX_IMPORT_ROWS ("rows").
  limitExceeded?: CsvLimit;
};

function newImportId(): string {
  return `imp_${randomHexId()}`;
}

// Header cells → attribute names: trimmed; id and email recognised case-insensitively.
function normalizeHeader(header: string[]): string[] {
  const seen = new Set<string>();
  return header.map((cell) => {
    const name = cell.trim();
    const lower = name.toLowerCase();
    const key = lower === "id" || lower === "email" ? lower : name;
    if (!key) throw new CsvError("CSV_INVALID_HEADER" as never, "a header cell is empty");
    if (seen.has(key)) throw new CsvError("CSV_INVALID_HEADER" as never, `the header names a column twice`);
    seen.add(key);
    return key;
  });
}

// A data row → identifyMany's input. Empty cells are left out (an import never clears a value).
function rowAttributes(record: Record<string, string>): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(record)) {
    if (raw === undefined || raw === "") continue;
    const value = key === "id" || key === "email" ? raw.trim() : raw;
    if (key === "unsubscribed" || key === "_update") {
      const lower = value.trim().toLowerCase();
      attributes[key] = lower === "true" ? true : lower === "false" ? false : value;
    } else {
      attributes[key] = value;
    }
  }
  return attributes;
}

// A csv-parse failure, described without any of the file's content.
function describeCsvError(error: unknown): string {
  if (error instanceof CsvError && error.code === ("CSV_INVALID_HEADER" as never)) return error.message;
  if (error instanceof CsvError) return `malformed CSV (${error.code})`;
  return "the file could not be read";
}

// An import's counts as its rows go through identifyMany, a batch at a time.
class ImportTally {
  rows = 0;
  created = 0;
  updated = 0;
  rejected = 0;
  readonly errors: ImportError[] = [];
  private batch: { row: number; input: IdentifyManyRow }[] = [];

  constructor(
    private readonly workspace: Workspace,
    private readonly actor: Actor,
  ) {}

  reject(row: number, reason: string) {
    this.rejected++;
    if (this.errors.length < MAX_STORED_ERRORS) this.errors.push({ row, reason });
  }

  async add(row: number, attributes: Record<string, unknown>) {
    if (!("id" in attributes) && !("email" in attributes)) this.reject(row, "row has no id or email");
    else this.batch.push({ row, input: { attributes } });
    if (this.batch.length >= IMPORT_BATCH_ROWS) await this.flush();
  }

  async flush() {
    if (!this.batch.length) return;
    const batch = this.batch;
    this.batch = [];
    const results = await identifyMany({ workspace: this.workspace, rows: batch.map((item) => item.input), actor: this.actor });
    results.forEach((result, i) => {
      if (!result.ok) this.reject(batch[i].row, result.reason);
      else if (result.created) this.created++;
      else this.updated++;
    });
  }
}

// Reads the file's rows into the tally. A file over a cap stops there, every row before it imported,
// and the failure says exactly where; a file whose header (or whole) can't be read fails as such.
async function readInto(tally: ImportTally, source: CsvSource, caps: { maxBytes: number; maxRows: number }): Promise<{ failure?: string; limitExceeded?: CsvLimit }> {
  let lastLine = 1;
  const parser = parse({
    bom: true,
    columns: normalizeHeader,
    skip_empty_lines: true,
    relax_column_count: true,
    // A malformed record (a stray quote, say) rejects its row; the rest of the file still imports.
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
    info: true,
    record_delimiter: RECORD_DELIMITERS,
  });
  parser.on("skip", (error: CsvError & { lines?: number }) => {
    tally.rows++;
    tally.reject(error.lines ?? 0, describeCsvError(error));
  });
  const records = parseLimited(source, parser, caps.maxBytes) as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    try {
      for await (const { record, info } of records) {
        if (++tally.rows > caps.maxRows) throw new CsvLimitError("rows", caps.maxRows);
        // The file's line number (where the record ends, for a quoted multi-line cell).
        await tally.add(info.lines, rowAttributes(record));
        lastLine = info.lines;
      }
    } catch (error) {
      if (!(error instanceof CsvLimitError)) throw error;
      await tally.flush();
      return { limitExceeded: error.limit, failure: `${error.message}: the import stopped after line ${lastLine}; split the file and import the rest` };
    }
    await tally.flush();
    return {};
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // The header (or the file as a whole) is unreadable: nothing after it can be trusted.
    return { failure: describeCsvError(error) };
  }
}

// Imports people from a CSV stream and returns the summary; the rejected rows stay in person_import
// for importErrorsCsv. Row numbers are the file's line numbers (the header is row 1).
export async function importPeople(options: {
  workspace: Workspace;
  source: CsvSource;
  fileName?: string | null;
  actor: Actor;
  maxBytes?: number;
  maxRows?: number;
}): Promise<ImportSummary> {
  const { workspace, actor, maxBytes = MAX_IMPORT_FILE_BYTES, maxRows = MAX_IMPORT_ROWS } = options;
  const record = await db.personImport.create({
    data: {
      id: newImportId(),
      workspaceId: workspace.id,
      status: "running",
      fileName: options.fileName?.slice(0, 255) ?? null,
      actorType: actor.type,
      actorId: actor.id ?? null,
    },
  });
  const tally = new ImportTally(workspace, actor);
  let read: Awaited<ReturnType<typeof readInto>>;
  try {
    read = await readInto(tally, options.source, { maxBytes, maxRows });
  } catch (error) {
    await db.personImport.update({ where: { id: record.id }, data: { status: "failed", finishedAt: new Date() } });
    throw error;
  }
  const { created, updated, rejected, errors } = tally;
  errors.sort((a, b) => a.row - b.row);
  const status = read.failure ? "failed" : "completed";
  await db.personImport.update({
    where: { id: record.id },
    data: { status, created, updated, rejected, errors, finishedAt: new Date() },
  });
  await recordAudit({
    workspaceId: workspace.id,
    actor,
    action: "people.import",
    count: created + updated,
    details: { importId: record.id, created, updated, rejected },
  });
  return { id: record.id, status, created, updated, rejected, ...read };
}

// One import's summary, or NotFoundError.
export async function getImport(options: { workspace: Workspace; id: string }) {
  if (!isPossibleId(options.id)) throw new NotFoundError("import not found");
  const found = await db.personImport.findFirst({
    where: { id: options.id, workspaceId: options.workspace.id },
    select: { id: true, status: true, fileName: true, created: true, updated: true, rejected: true, createdAt: true, finishedAt: true },
  });
  if (!found) throw new NotFoundError("import not found");
  return found;
}

// The latest imports of the workspace, newest first, for the import page.
export async function findRecentImports(options: { workspace: Workspace; take?: number }) {
  return db.personImport.findMany({
    where: { workspaceId: options.workspace.id },
    orderBy: { createdAt: "desc" },
    take: options.take ?? 10,
    select: { id: true, status: true, fileName: true, created: true, updated: true, rejected: true, createdAt: true, finishedAt: true },
  });
}

// The error report of an import as CSV: row,reason.
export async function importErrorsCsv(options: { workspace: Workspace; id: string }): Promise<string> {
  if (!isPossibleId(options.id)) throw new NotFoundError("import not found");
  const found = await db.personImport.findFirst({
    where: { id: options.id, workspaceId: options.workspace.id },
    select: { errors: true },
  });
  if (!found) throw new NotFoundError("import not found");
  const rows = (found.errors as ImportError[]).map((error) => [error.row, error.reason]);
  return toCsv([["row", "reason"], ...rows]);
}
