// Events (track API): stored as activity of a known person, once per client event id; events naming a
// suppressed identifier are ignored and leave nothing behind.
import type { Prisma, Workspace } from "../generated/prisma/client";
import type { Tx } from "../db";
import { ValidationError } from "../errors";
import { findClaims, lockPersonForEvent, RetryTransaction, transactionWithRetry } from "../identity/claims";
import { byteLength, hashIdentifier, parseIdentifier } from "../identity/identifiers";

export const MAX_EVENT_NAME_BYTES = 100;
export const MAX_EVENT_DATA_BYTES = 100_000;
const MAX_CLIENT_EVENT_ID_BYTES = 100;

export type TrackEventInput = {
  name: string;
  type?: "event" | "page" | "screen";
  id?: string;
  // Unix seconds, or a Date.
  timestamp?: number | Date;
  data?: Record<string, unknown>;
};

export type TrackEventOutcome = "stored" | "duplicate" | "suppressed" | "unknown_person";

function validateEvent(event: TrackEventInput): { name: string; type: "event" | "page" | "screen"; id: string | null; timestamp: Date; data: Record<string, unknown> | null } {
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

// Stores an event for the person named by identifier. Reports, rather than throws, the cases the API
// answers 200 {} for anyway: a suppressed identifier (nothing stored), an unknown person (nothing
// created), a client event id seen before (stored once).
export async function trackEvent(options: {
  workspace: Workspace;
  identifier: string;
  event: TrackEventInput;
}): Promise<{ outcome: TrackEventOutcome }> {
  const { workspace } = options;
  const target = parseIdentifier(workspace, options.identifier);
  const event = validateEvent(options.event);
  const outcome = await transactionWithRetry(async (tx): Promise<TrackEventOutcome> => {
    let cioId: string;
    if (target.kind === "cio_id") {
      cioId = target.cioId;
    } else {
      const kind = target.kind;
      const hash = hashIdentifier(workspace, kind, kind === "email" ? target.key : target.value);
      const [claim] = await findClaims(tx, workspace.id, [{ kind, hash }]);
      if (claim?.suppressionId) return "suppressed";
      if (!claim?.cioId) return "unknown_person";
      cioId = claim.cioId;
    }
    // A suppress (which deletes the row) waits for this insert to commit and then redacts it, or
    // has committed already and we find no person. The bucket lock keeps events from starving it.
    await lockPersonForEvent(tx, cioId);
    const locked = await tx.$queryRaw<{ cio_id: string }[]>`
      SELECT cio_id FROM person WHERE workspace_id = ${workspace.id} AND cio_id = ${cioId} FOR KEY SHARE`;
    if (!locked.length) {
      if (target.kind === "cio_id") return "unknown_person";
      throw new RetryTransaction("person vanished");
    }
    return insertEvent(tx, workspace.id, cioId, event);
  });
  return { outcome };
}

async function insertEvent(
  tx: Tx,
  workspaceId: string,
  cioId: string,
  event: ReturnType<typeof validateEvent>,
): Promise<TrackEventOutcome> {
  const data = event.data === null ? null : JSON.stringify(event.data as Prisma.InputJsonValue);
  const inserted = await tx.$executeRaw`
    INSERT INTO activity (workspace_id, cio_id, type, name, data, client_event_id, timestamp)
    VALUES (${workspaceId}, ${cioId}, ${event.type}::"ActivityType", ${event.name}, ${data}::jsonb, ${event.id}, ${event.timestamp})
    ON CONFLICT (workspace_id, client_event_id) DO NOTHING`;
  return inserted === 1 ? "stored" : "duplicate";
}
