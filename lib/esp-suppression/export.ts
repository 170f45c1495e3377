// CSV export of the email suppression list in constant memory: keyset pages of EXPORT_BATCH rows in
// the list's order (created_at desc, id; the redundant `created_at <=` bound lets the index seek to
// each page), each turned into CSV text and handed on before the next page is read. The consumer's
// pace (a streamed Response) drives the loop.
import "server-only";
import { toCsv } from "../csv/stringify";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { espFilterSql, type EspFilter } from "./queries";

const EXPORT_BATCH = 5000;
const ESP_EXPORT_COLUMNS = ["email", "type", "reason", "status_code", "origin", "created_at"];

type ExportRow = { id: bigint; email: string; type: string; reason: string | null; status_code: number | null; origin: string; created_at: Date };

// Yields the CSV (header first) of every entry matching the filter.
export async function* exportEspSuppressionsCsv(filter: EspFilter, batchSize = EXPORT_BATCH): AsyncGenerator<string> {
  yield toCsv([ESP_EXPORT_COLUMNS]);
  const where = espFilterSql(filter);
  let after: { createdAt: string; id: bigint } | null = null;
  for (;;) {
    const cursor: Prisma.Sql = after
      ? Prisma.sql`AND created_at <= ${after.createdAt}::timestamp AND (created_at < ${after.createdAt}::timestamp OR (created_at = ${after.createdAt}::timestamp AND id > ${after.id}))`
      : Prisma.empty;
    const rows: ExportRow[] = await db.$queryRaw<ExportRow[]>`
      SELECT id, email, type::text AS type, reason, status_code, origin::text AS origin, created_at
      FROM esp_suppression WHERE ${where} ${cursor}
      ORDER BY created_at DESC, id LIMIT ${batchSize}`;
    if (rows.length === 0) return;
    // Emails and reasons come from outside (bounces, imports): every cell is defused.
    yield toCsv(rows.map((row) => [row.email, row.type, row.reason, row.status_code, row.origin, row.created_at.toISOString()]));
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    after = { createdAt: last.created_at.toISOString(), id: last.id };
  }
}

// The generator as a web stream for a Response body: pull-based, so a slow client slows the reads.
export function csvResponseStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
