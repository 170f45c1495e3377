// The email suppression list entries an erasure leaves in place: a deleted person's email stays on
// the list on purpose (so nobody emails them), and their certificate of erasure says so. Recorded in
// the deletion's transaction as type, reason and a masked email, never the address itself.
import "server-only";
import type { Tx } from "../db";
import { maskEmail } from "../identity/identifiers";
import type { EspSuppressionType } from "../generated/prisma/client";

// One entry as a certificate names it.
type KeptEspEntry = { type: EspSuppressionType; reason: string | null; statusCode: number | null; emailHint: string };

// What an erasure records: the first MAX_LISTED_ESP_ENTRIES entries and how many there were.
export type KeptEspEntries = { total: number; entries: KeptEspEntry[] };

const MAX_LISTED_ESP_ENTRIES = 1_000;
const MAX_REASON_CHARS = 200;
// Anything shaped like an address inside a bounce reason ("550 5.1.1 <jo@x.org>: no such user").
const EMAIL_IN_TEXT = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;

// A reason as a certificate may carry it: addresses masked, bounded in length.
function maskReason(reason: string | null): string | null {
  if (!reason) return null;
  const masked = reason.replace(EMAIL_IN_TEXT, (email) => maskEmail(email));
  return masked.length > MAX_REASON_CHARS ? `${Array.from(masked).slice(0, MAX_REASON_CHARS).join("")}…` : masked;
}

// The list's entries for these emails (normalized keys), inside the erasure's transaction.
export async function findKeptEspEntries(tx: Tx, { workspaceId, emailKeys }: { workspaceId: string; emailKeys: string[] }): Promise<KeptEspEntries> {
  const keys = [...new Set(emailKeys)];
  if (keys.length === 0) return { total: 0, entries: [] };
  const rows = await tx.$queryRaw<{ type: EspSuppressionType; reason: string | null; status_code: number | null; email: string; total: number }[]>`
    SELECT type::text AS type, reason, status_code, email, (count(*) OVER ())::int AS total
    FROM esp_suppression
    WHERE workspace_id = ${workspaceId} AND email_key = ANY(${keys}::text[])
    ORDER BY email_key, type
    LIMIT ${MAX_LISTED_ESP_ENTRIES}`;
  return {
    total: rows[0]?.total ?? 0,
    entries: rows.map((row) => ({
      type: row.type,
      reason: maskReason(row.reason),
      statusCode: row.status_code,
      emailHint: maskEmail(row.email),
    })),
  };
}
