// Several events of one workspace stored in one statement (the group commit of lib/database/coalescer.ts):
// under load, each event would otherwise pay a round trip and a commit of its own. Same rules as one
// event alone (lib/activity/track-event.ts); an event whose person's key this process doesn't know
// yet, or whose claim named a person deleted since, is left to that path (null).
import { Prisma, type Workspace } from "../generated/prisma/client";
import { poolQuery } from "../db";
import type { IdentifierKind } from "../identity/identifiers";
import { eventKeyHint } from "../profile-keys/event-key-hints";
import { seal } from "../profile-keys/sealing";

export type TrackEventOutcome = "stored" | "duplicate" | "suppressed" | "unknown_person";

// An event checked and hashed, ready to store: the person by a claimed identifier's keyed hash or by cio_id.
export type PreparedEvent = {
  workspace: Workspace;
  claimed: { kind: IdentifierKind; hash: string } | null;
  cioId: string | null;
  // Where this process keeps the person's event key (lib/profile-keys/event-key-hints.ts).
  hint: string;
  clientEventHash: string | null;
  event: { name: string; type: "event" | "page" | "screen"; id: string | null; timestamp: Date; data: Record<string, unknown> | null };
};

type Row = { ord: number; claimed: boolean; suppressed: boolean; found: boolean; key_matched: boolean; inserted: boolean };

export async function storeEventsTogether(items: PreparedEvent[]): Promise<(TrackEventOutcome | null)[]> {
  const workspace = items[0].workspace;
  const input = items.flatMap((item, ord) => {
    const known = eventKeyHint(item.hint);
    if (!known) return [];
    const { event } = item;
    return [
      {
        ord,
        kind: item.claimed?.kind ?? null,
        hash: item.claimed?.hash ?? null,
        cio: item.cioId,
        key: known.keyId,
        sealed: seal(known.key, { name: event.name, data: event.data, clientEventId: event.id }).toString("base64"),
        ceh: item.clientEventHash,
        type: event.type,
        ts: event.timestamp.toISOString(),
      },
    ];
  });
  const outcomes: (TrackEventOutcome | null)[] = items.map(() => null);
  if (!input.length) return outcomes;
  // Inserted in input order, so of two events with one client event id the first is stored.
  const rows = await poolQuery<Row>(Prisma.sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
        AS i(ord int, kind text, hash text, cio text, key bigint, sealed text, ceh text, type text, ts text)
    ),
    -- (LIMIT 1 keeps each look-up a probe of its unique index: joined, the planner would hash the
    -- workspace's claims and people for a handful of events.)
    resolved AS MATERIALIZED (
      SELECT i.*, c.cio_id IS NOT NULL AS claimed, c.suppression_id IS NOT NULL AS suppressed, p.key_id, p.cio_id IS NOT NULL AS found
      FROM input i
      LEFT JOIN LATERAL (
        SELECT cio_id, suppression_id FROM identifier_claim
        WHERE i.kind IS NOT NULL AND workspace_id = ${workspace.id} AND kind = i.kind::"IdentifierKind" AND value_hash = i.hash LIMIT 1
      ) c ON TRUE
      LEFT JOIN LATERAL (
        SELECT cio_id, key_id FROM person WHERE workspace_id = ${workspace.id} AND cio_id = COALESCE(i.cio, c.cio_id) LIMIT 1
      ) p ON TRUE
    ),
    inserted AS (
      INSERT INTO activity (workspace_id, key_id, type, sealed, client_event_hash, timestamp)
      SELECT ${workspace.id}, key_id, type::"ActivityType", decode(sealed, 'base64'), ceh, ts::timestamp(3)
      FROM resolved WHERE key_id = key
      ORDER BY ord
      ON CONFLICT (workspace_id, client_event_hash) DO NOTHING
      RETURNING client_event_hash
    )
    SELECT ord, claimed, suppressed, found, key_id IS NOT DISTINCT FROM key AS key_matched,
      (ceh IS NULL OR ceh IN (SELECT client_event_hash FROM inserted WHERE client_event_hash IS NOT NULL)) AS inserted
    FROM resolved`);
  const storedHashes = new Set<string>();
  for (const row of rows.sort((a, b) => a.ord - b.ord)) {
    const item = items[row.ord];
    if (row.suppressed) outcomes[row.ord] = "suppressed";
    else if (!row.found) outcomes[row.ord] = row.claimed ? null : "unknown_person";
    else if (!row.key_matched) outcomes[row.ord] = null;
    else if (!row.inserted || (item.clientEventHash !== null && storedHashes.has(item.clientEventHash))) outcomes[row.ord] = "duplicate";
    else {
      outcomes[row.ord] = "stored";
      if (item.clientEventHash !== null) storedHashes.add(item.clientEventHash);
    }
  }
  return outcomes;
}
