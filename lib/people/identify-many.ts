// Identify many rows at once (a CSV import, a v2 batch): one read and one write statement per
// IDENTIFY_BATCH_SIZE rows, in a transaction with the people locked (./identify-batch.ts).
import type { Workspace } from "../generated/prisma/client";
import type { Actor } from "../audit/record-audit";
import { SuppressedIdentifierError, ValidationError } from "../errors";
import { parseIdentifier } from "../identity/identifiers";
import { transactionWithRetry } from "../identity/retry-transaction";
import { parseAttributes } from "./attributes";
import { identifyBatch, type Parsed } from "./identify-batch";

export type IdentifyManyRow = { identifier?: string; attributes: Record<string, unknown> };
export type IdentifyManyResult = { ok: true; cioId: string | null; created: boolean } | { ok: false; reason: string };

// Rows per transaction in identifyMany: one read and one write statement each.
const IDENTIFY_BATCH_SIZE = 1000;

// Identifies many rows (a CSV import, a v2 batch) set-based, IDENTIFY_BATCH_SIZE rows per transaction;
// rows apply in order and each succeeds or is refused on its own (a suppressed identifier refuses
// only its row, which writes nothing). Reasons carry no personal data.
export async function identifyMany(options: {
  workspace: Workspace;
  rows: IdentifyManyRow[];
  actor?: Actor;
}): Promise<IdentifyManyResult[]> {
  const parsed: Parsed[] = options.rows.map((row) => {
    try {
      const input = parseAttributes(row.attributes);
      const raw = row.identifier ?? input.id ?? (typeof input.email === "string" ? input.email : undefined);
      if (raw === undefined || raw === "") throw new ValidationError("row has no id or email");
      parseIdentifier(options.workspace, raw);
      return { raw, input };
    } catch (error) {
      return { error };
    }
  });
  const results: IdentifyManyResult[] = [];
  for (let start = 0; start < parsed.length; start += IDENTIFY_BATCH_SIZE) {
    const batch = parsed.slice(start, start + IDENTIFY_BATCH_SIZE);
    const outcomes = await transactionWithRetry((tx) => identifyBatch(tx, options.workspace, batch));
    for (const outcome of outcomes) {
      if (!("error" in outcome)) results.push({ ok: true, cioId: outcome.cioId, created: outcome.created });
      else if (outcome.error instanceof SuppressedIdentifierError) results.push({ ok: false, reason: "identifier is suppressed" });
      else if (outcome.error instanceof ValidationError) results.push({ ok: false, reason: outcome.error.errors.join("; ") });
      else throw outcome.error;
    }
  }
  return results;
}
