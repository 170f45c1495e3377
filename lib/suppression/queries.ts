// Reads of the suppressed-profiles list for admins: hashes, masked hints, who and when. No plaintext
// identifier exists to show. Counts are exact up to COUNT_CAP, then the planner's estimate.
import "server-only";
import { toCsv } from "../csv/stringify";
import { countCapped, type CappedCount } from "../sql/count-capped";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";

const SUPPRESSIONS_PAGE_SIZE = 50;
const EXPORT_BATCH = 5000;

export type SuppressionRow = {
  id: string;
  idHint: string | null;
  emailHint: string | null;
  // In ID-only mode the email is remembered (hashed) until a switch to email-or-ID activates it.
  hasRememberedEmail: boolean;
  actorType: "user" | "api_key" | "system";
  // A staff member's email or an API key's name; null when that user or key is gone.
  actorLabel: string | null;
  receiptId: string;
  createdAt: Date;
};

type RawRow = {
  id: string;
  id_hint: string | null;
  email_hint: string | null;
  has_remembered: boolean;
  actor_type: SuppressionRow["actorType"];
  actor_label: string | null;
  receipt_id: string;
  created_at: Date;
};

const SELECT_ROW = Prisma.sql`
  SELECT s.id, s.id_hint, s.email_hint, s.remembered_email_hash, s.remembered_email_hash IS NOT NULL AS has_remembered,
         s.actor_type::text AS actor_type, COALESCE(u.email, k.name) AS actor_label, s.receipt_id, s.created_at
  FROM suppression s
  LEFT JOIN "user" u ON s.actor_type = 'user' AND u.id = s.actor_id
  LEFT JOIN api_key k ON s.actor_type = 'api_key' AND k.id = s.actor_id`;

function toRow(raw: RawRow): SuppressionRow {
  return {
    id: raw.id,
    idHint: raw.id_hint,
    emailHint: raw.email_hint,
    hasRememberedEmail: raw.has_remembered,
    actorType: raw.actor_type,
    actorLabel: raw.actor_label,
    receiptId: raw.receipt_id,
    createdAt: raw.created_at,
  };
}

// How many profiles are suppressed: exact up to COUNT_CAP, estimated past it.
async function countSuppressions({ workspaceId }: { workspaceId: string }): Promise<CappedCount> {
  return countCapped(Prisma.sql`suppression WHERE workspace_id = ${workspaceId}`);
}

// One page (1-based) of suppressed profiles, newest first, with the total.
export async function findSuppressions(options: { workspaceId: string; page?: number; pageSize?: number }) {
  const pageSize = options.pageSize ?? SUPPRESSIONS_PAGE_SIZE;
  const page = Math.max(1, options.page ?? 1);
  const [rows, total] = await Promise.all([
    db.$queryRaw<RawRow[]>`${SELECT_ROW}
      WHERE s.workspace_id = ${options.workspaceId}
      ORDER BY s.created_at DESC, s.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    countSuppressions(options),
  ]);
  return { rows: rows.map(toRow), total, page, pageSize };
}

const SUPPRESSIONS_EXPORT_COLUMNS = [
  "suppression_id",
  "created_at",
  "id_hint",
  "email_hint",
  "id_hash",
  "email_hash",
  "remembered_email_hash",
  "actor_type",
  "actor",
  "receipt_id",
];

// The whole list as CSV (header first), in keyset batches: the hashes (HMAC-SHA-256 under the
// workspace's secret), hints and dates. There is no plaintext to export.
export async function* exportSuppressionsCsv({ workspaceId }: { workspaceId: string }, batchSize = EXPORT_BATCH): AsyncGenerator<string> {
  yield toCsv([SUPPRESSIONS_EXPORT_COLUMNS]);
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const cursor: Prisma.Sql = after
      ? Prisma.sql`AND s.created_at <= ${after.createdAt}::timestamp AND (s.created_at < ${after.createdAt}::timestamp OR (s.created_at = ${after.createdAt}::timestamp AND s.id > ${after.id}))`
      : Prisma.empty;
    const rows: (RawRow & { remembered_email_hash: string | null; id_hash: string | null; email_hash: string | null })[] =
      await db.$queryRaw`
        SELECT p.*,
               (SELECT value_hash FROM identifier_claim c WHERE c.suppression_id = p.id AND c.kind = 'id') AS id_hash,
               (SELECT value_hash FROM identifier_claim c WHERE c.suppression_id = p.id AND c.kind = 'email') AS email_hash
        FROM (${SELECT_ROW}
          WHERE s.workspace_id = ${workspaceId} ${cursor}
          ORDER BY s.created_at DESC, s.id LIMIT ${batchSize}) p
        ORDER BY p.created_at DESC, p.id`;
    if (rows.length === 0) return;
    // The actor label is an API key's name or a user's email, both chosen by people: defused like every cell.
    yield toCsv(
      rows.map((row) => [
        row.id,
        row.created_at.toISOString(),
        row.id_hint,
        row.email_hint,
        row.id_hash,
        row.email_hash,
        row.remembered_email_hash,
        row.actor_type,
        row.actor_label,
        row.receipt_id,
      ]),
    );
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    after = { createdAt: last.created_at.toISOString(), id: last.id };
  }
}
