// Events (track API): stored as activity of a known person, once per client event id; events naming a
// suppressed identifier are ignored and leave nothing behind.
import { Prisma, type Workspace } from "../generated/prisma/client";
import { poolQuery } from "../db";
import { createCoalescer, type Settled } from "../database/coalescer";
import { ValidationError } from "../errors";
import { MAX_ATTEMPTS } from "../identity/retry-transaction";
import { byteLength, hashIdentifier, parseIdentifier } from "../identity/identifiers";
import { cioHintName, eventKeyHint, identifierHintName, rememberEventKey } from "../profile-keys/event-key-hints";
import { hashClientEventId, seal, unwrapKey } from "../profile-keys/sealing";
import { storeEventsTogether, type PreparedEvent, type TrackEventOutcome } from "./store-events-together";

const MAX_EVENT_NAME_BYTES = 100;
const MAX_EVENT_DATA_BYTES = 100_000;
const MAX_CLIENT_EVENT_ID_BYTES = 100;

export type TrackEventInput = {
  name: string;
  type?: "event" | "page" | "screen";
  id?: string;
  // Unix seconds, or a Date.
  timestamp?: number | Date;
  data?: Record<string, unknown>;
};

function validateEvent(event: TrackEventInput): PreparedEvent["event"] {
  const errors: string[] = [];
  if (!event || typeof event !== "object") throw new ValidationError("event must be a JSON object");
  if (typeof event.name !== "string" || event.name.trim() === "") errors.push("name is required");
  else if (byteLength(event.name) > MAX_EVENT_NAME_BYTES) errors.push(`name must be at most ${MAX_EVENT_NAME_BYTES} bytes`);
  const type = event.type ?? "event";
  if (!["event", "page", "screen"].includes(type)) errors.push("type must be event, page or screen");
  if (event.id !== undefined && event.id !== null && (typeof event.id !== "string" || event.id === "" || byteLength(event.id) > MAX_CLIENT_EVENT_ID_BYTES)) {
    errors.push(`id must be a non-empty string of at most ${MAX_CLIENT_EVENT_ID_BYTES} bytes`);
  }
  let timestamp = new Date();
  if (event.timestamp !== undefined && event.timestamp !== null) {
    timestamp = event.timestamp instanceof Date ? event.timestamp : new Date(Number(event.timestamp) * 1000);
    if (typeof event.timestamp !== "number" && !(event.timestamp instanceof Date)) errors.push("timestamp must be unix seconds");
    else if (Number.isNaN(timestamp.getTime())) errors.push("timestamp must be unix seconds");
  }
  const data = event.data ?? null;
  if (data !== null && (typeof data !== "object" || Array.isArray(data))) errors.push("data must be a JSON object");
  else if (data !== null && byteLength(JSON.stringify(data)) > MAX_EVENT_DATA_BYTES) errors.push(`data must be at most ${MAX_EVENT_DATA_BYTES} bytes`);
  if (errors.length) throw new ValidationError(errors);
  return { name: event.name, type, id: event.id ?? null, timestamp, data };
}

// Stores an event for the person named by identifier, sealed under the person's event key, once per
// client event id. Reports, rather than throws, the cases the API answers 200 {} for anyway: a
// suppressed identifier (nothing stored), an unknown person (nothing created), a client event id seen
// before (stored once). Throws ValidationError on bad input, before any statement.
export async function trackEvent(options: {
  workspace: Workspace;
  identifier: string;
  event: TrackEventInput;
}): Promise<{ outcome: TrackEventOutcome }> {
  const { workspace } = options;
  const target = parseIdentifier(workspace, options.identifier);
  const event = validateEvent(options.event);
  const claimed =
    target.kind === "cio_id"
      ? null
      : { kind: target.kind, hash: hashIdentifier(workspace, target.kind, target.kind === "email" ? target.key : target.value) };
  const cioId = target.kind === "cio_id" ? target.cioId : null;
  const hint = claimed ? identifierHintName(workspace.id, claimed.kind, claimed.hash) : cioHintName(workspace.id, cioId ?? "");
  const clientEventHash = event.id === null ? null : hashClientEventId(workspace, event.id);
  return { outcome: await coalescedEvents(workspace.id, { workspace, claimed, cioId, hint, clientEventHash, event }) };
}

// Events of one workspace in this process: up to EVENT_LANES at once each on its own (one statement);
// past that, the waiting ones go together in one statement (lib/activity/store-events-together.ts),
// and those it leaves (a person's key not known here yet) go on alone.
const EVENT_LANES = 4;
const coalescedEvents = createCoalescer<PreparedEvent, TrackEventOutcome>({
  one: storeEventAlone,
  many: async (items) => {
    const outcomes = await storeEventsTogether(items);
    const settled: Settled<TrackEventOutcome>[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome !== null) settled.push({ ok: true, value: outcome });
      else settled.push(await storeEventAlone(items[i]).then((value) => ({ ok: true, value }), (error: unknown) => ({ ok: false, error })));
    }
    return settled;
  },
  lanes: EVENT_LANES,
  maxBatch: 100,
});

// One event in one statement: read the claim and the person, insert unless the client event id was
// seen. The payload is sealed before the statement, under the key the person was last seen with; when
// that isn't (yet) known, the statement stores nothing and returns the key, and the next one stores.
// No lock on the person: a deletion committing while the statement runs finds the event's row as if
// the event had come just before it. Suppressed, the row is sealed under a key the suppress has
// deleted, so it is forgotten like the rest of that history; deleted without suppression, it stays
// with the old profile's kept key, as earlier events do, and an erasure later forgets it with them.
async function storeEventAlone({ workspace, claimed, cioId, hint, clientEventHash, event }: PreparedEvent): Promise<TrackEventOutcome> {
  for (let attempt = 1; ; attempt++) {
    const known = eventKeyHint(hint);
    const sealed = known ? seal(known.key, { name: event.name, data: event.data, clientEventId: event.id }).toString("base64") : null;
    const [row] = await poolQuery<{ claimed: boolean; suppressed: boolean; found: number; stored: number; key_id: string | null; event_key: Buffer | null }>(Prisma.sql`
      WITH claim AS (
        SELECT cio_id, suppression_id FROM identifier_claim
        WHERE ${claimed ? Prisma.sql`workspace_id = ${workspace.id} AND kind = ${claimed.kind}::"IdentifierKind" AND value_hash = ${claimed.hash}` : Prisma.sql`FALSE`}
      ),
      person_row AS (
        SELECT p.cio_id, p.key_id FROM person p
        WHERE p.workspace_id = ${workspace.id}
          AND p.cio_id = ${cioId !== null ? Prisma.sql`${cioId}::text` : Prisma.sql`(SELECT cio_id FROM claim)`}
      ),
      inserted AS (
        INSERT INTO activity (workspace_id, key_id, type, sealed, client_event_hash, timestamp)
        SELECT ${workspace.id}, key_id, ${event.type}::"ActivityType", decode(${sealed}::text, 'base64'), ${clientEventHash}::text, ${event.timestamp.toISOString()}::timestamp(3)
        FROM person_row
        WHERE key_id = ${known?.keyId ?? null}::bigint
        ON CONFLICT (workspace_id, client_event_hash) DO NOTHING
        RETURNING 1
      )
      SELECT EXISTS (SELECT 1 FROM claim WHERE cio_id IS NOT NULL) AS claimed,
        EXISTS (SELECT 1 FROM claim WHERE suppression_id IS NOT NULL) AS suppressed,
        (SELECT count(*) FROM person_row)::int AS found,
        (SELECT count(*) FROM inserted)::int AS stored,
        (SELECT key_id::text FROM person_row) AS key_id,
        (SELECT k.event_key FROM profile_key k WHERE k.id = (SELECT key_id FROM person_row) AND k.id IS DISTINCT FROM ${known?.keyId ?? null}::bigint) AS event_key`);
    if (row.suppressed) return "suppressed";
    if (row.found === 0) {
      // The claim named a person deleted since: read the claim again (now gone, or a suppression's).
      if (row.claimed && attempt < MAX_ATTEMPTS) continue;
      return "unknown_person";
    }
    if (row.key_id !== null && row.key_id === known?.keyId) return row.stored === 1 ? "stored" : "duplicate";
    // Not sealed under this person's key (first event of theirs here, or the identifier moved on).
    const key = row.event_key && row.key_id ? unwrapKey(workspace, row.event_key) : null;
    if (!key || !row.key_id) throw new Error("person has no readable profile key");
    rememberEventKey(hint, { keyId: row.key_id, key });
    if (attempt >= MAX_ATTEMPTS + 1) throw new Error("event key kept changing");
  }
}
