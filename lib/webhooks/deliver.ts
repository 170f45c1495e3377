// The delivery worker's work: claim due deliveries (FOR UPDATE SKIP LOCKED, then a lease of
// LEASE_MS, each claim committed on its own), POST each one signed outside any transaction, then
// record the attempt, the next try or the end, in one short transaction. A worker killed mid-send
// leaves its lease to run out; the next worker sends the same event again with the same webhook-id
// (at least once). Two workers never hold one delivery at once: the claim skips locked rows and
// leased ones. Once an event's every delivery has ended (delivered or given up), its plaintext
// payload is dropped and only the redacted form (hints, keyed hashes) stays.
// The clock is a parameter (tests move it); the database's own now() is never used here.
import { Webhook } from "standardwebhooks";
import { db, type Tx } from "../db";
import { randomHexId } from "../random-id";
import { redactEventBody } from "../outbox/redact";
import { decryptSecret } from "./secrets";
import { postWebhook, type SendResult } from "./send";
import { DISABLE_AFTER_FAILING_MS, nextAttemptAt } from "./schedule";

export type Clock = () => Date;
const systemClock: Clock = () => new Date();

// Longer than a send may take (10 s) plus recording it.
export const LEASE_MS = 60_000;

type Claimed = { id: bigint; event_id: string; endpoint_id: string; attempts: number; created_at: Date };

// Claims up to `limit` due deliveries for workerId until now + LEASE_MS.
async function claimDueDeliveries(options: { workerId: string; now: Date; limit: number }): Promise<Claimed[]> {
  const { workerId, now, limit } = options;
  const leaseEnd = new Date(now.getTime() + LEASE_MS);
  return db.$queryRaw<Claimed[]>`
    UPDATE webhook_delivery d SET locked_by = ${workerId}, locked_until = ${leaseEnd}, attempts = d.attempts + 1
    WHERE d.id IN (
      SELECT id FROM webhook_delivery
      WHERE status = 'pending' AND next_attempt_at <= ${now} AND (locked_until IS NULL OR locked_until <= ${now})
      ORDER BY next_attempt_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING d.id, d.event_id, d.endpoint_id, d.attempts, d.created_at`;
}

type EndpointForSend = { url: string; secret: string; previous_secret: string | null; previous_expires_at: Date | null; enabled: boolean };

// "v1,<sig>" under the current secret, and under the previous one while a rotation's 24 h last.
function signatureHeader(options: { endpointId: string; endpoint: EndpointForSend; messageId: string; timestamp: Date; body: string }): string | null {
  const { endpoint, endpointId } = options;
  const secrets = [endpoint.secret];
  if (endpoint.previous_secret && endpoint.previous_expires_at && endpoint.previous_expires_at > options.timestamp) secrets.push(endpoint.previous_secret);
  const signatures: string[] = [];
  for (const stored of secrets) {
    const secret = decryptSecret(endpointId, stored);
    if (secret) signatures.push(new Webhook(secret).sign(options.messageId, options.timestamp, options.body));
  }
  return signatures.length ? signatures.join(" ") : null;
}

// Sends one claimed delivery and records what happened. Returns the attempt's outcome.
async function deliverClaimed(claimed: Claimed, options: { workerId: string; clock: Clock; timeoutMs?: number }): Promise<"delivered" | "retry" | "failed" | "lost_lease"> {
  const [event] = await db.$queryRaw<{ payload: string | null }[]>`SELECT payload FROM webhook_event WHERE id = ${claimed.event_id}`;
  const [endpoint] = await db.$queryRaw<EndpointForSend[]>`
    SELECT url, secret, previous_secret, previous_expires_at, enabled FROM webhook_endpoint WHERE id = ${claimed.endpoint_id}`;
  const sentAt = options.clock();
  let result: SendResult;
  if (!event?.payload || !endpoint || !endpoint.enabled) {
    result = { statusCode: null, latencyMs: 0, body: "", error: !event?.payload ? "payload purged" : "endpoint disabled" };
    return recordAttempt(claimed, result, { ...options, sentAt, final: true });
  }
  const signature = signatureHeader({ endpointId: claimed.endpoint_id, endpoint, messageId: claimed.event_id, timestamp: sentAt, body: event.payload });
  if (!signature) {
    result = { statusCode: null, latencyMs: 0, body: "", error: "signing secret unreadable (the auth secret changed): rotate it" };
  } else {
    result = await postWebhook({
      url: endpoint.url,
      body: event.payload,
      timeoutMs: options.timeoutMs,
      headers: { "webhook-id": claimed.event_id, "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)), "webhook-signature": signature },
    });
  }
  return recordAttempt(claimed, result, { ...options, sentAt, final: false });
}

async function recordAttempt(
  claimed: Claimed,
  result: SendResult,
  options: { workerId: string; clock: Clock; sentAt: Date; final: boolean },
): Promise<"delivered" | "retry" | "failed" | "lost_lease"> {
  const now = options.clock();
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const next = ok || options.final ? null : nextAttemptAt({ attempts: claimed.attempts, failedAt: now, createdAt: claimed.created_at });
  const status = ok ? "delivered" : next ? "pending" : "failed";
  return db.$transaction(async (tx) => {
    // Locks in one order, endpoint → event → delivery, as disabling takes them (endpoint, then its
    // deliveries, then their events): a failure that disables the endpoint can't deadlock with a
    // delivery of it being recorded.
    await tx.$queryRaw`SELECT id FROM webhook_endpoint WHERE id = ${claimed.endpoint_id} FOR NO KEY UPDATE`;
    // The event next (when this may end it): a second delivery of it ending at the same time waits
    // here and then sees this one ended, so one of the two always purges.
    if (status !== "pending") await tx.$queryRaw`SELECT id FROM webhook_event WHERE id = ${claimed.event_id} FOR UPDATE`;
    const updated = await tx.$executeRaw`
      UPDATE webhook_delivery SET status = ${status}::"WebhookDeliveryStatus", next_attempt_at = ${next ?? now}, locked_by = NULL, locked_until = NULL,
        last_status = ${result.statusCode}, finished_at = ${status === "pending" ? null : now}
      WHERE id = ${claimed.id} AND locked_by = ${options.workerId} AND status = 'pending'`;
    await tx.$executeRaw`
      INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, latency_ms, response_body, error)
      VALUES (${claimed.id}, ${options.sentAt}, ${result.statusCode}, ${result.latencyMs}, ${result.body}, ${result.error})`;
    // Our lease ran out and another worker has the delivery now: it records the end.
    if (updated === 0) return "lost_lease" as const;
    if (ok) await tx.$executeRaw`UPDATE webhook_endpoint SET failing_since = NULL WHERE id = ${claimed.endpoint_id} AND failing_since IS NOT NULL`;
    else if (!options.final) await noteEndpointFailure(tx, claimed.endpoint_id, now);
    if (status !== "pending") await purgeEndedEvents(tx, [claimed.event_id], now);
    return ok ? ("delivered" as const) : status === "failed" ? ("failed" as const) : ("retry" as const);
  });
}

// Starts or continues the endpoint's run of failures; 5 days of it disable the endpoint (its pending
// deliveries are given up with it, and their events purged when nothing else waits on them).
async function noteEndpointFailure(tx: Tx, endpointId: string, now: Date): Promise<void> {
  const [endpoint] = await tx.$queryRaw<{ failing_since: Date }[]>`
    UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, ${now}) WHERE id = ${endpointId} RETURNING failing_since`;
  if (!endpoint || now.getTime() - endpoint.failing_since.getTime() < DISABLE_AFTER_FAILING_MS) return;
  await disableEndpointInTransaction(tx, endpointId, `Disabled automatically on ${now.toISOString().slice(0, 16).replace("T", " ")} UTC: every delivery failed for 5 days in a row.`, now);
}

// Disables an endpoint: its pending deliveries are given up and the events they held purged.
export async function disableEndpointInTransaction(tx: Tx, endpointId: string, reason: string | null, now: Date): Promise<void> {
  await tx.$executeRaw`UPDATE webhook_endpoint SET enabled = false, disabled_reason = ${reason} WHERE id = ${endpointId}`;
  const given = await tx.$queryRaw<{ event_id: string }[]>`
    UPDATE webhook_delivery SET status = 'failed', finished_at = ${now}, locked_by = NULL, locked_until = NULL
    WHERE endpoint_id = ${endpointId} AND status = 'pending' RETURNING event_id`;
  await purgeEndedEvents(tx, [...new Set(given.map((g) => g.event_id))], now);
}

// Replaces the plaintext payload of each of these events that no delivery waits on any more by its
// redacted form (lib/outbox/redact.ts: masked hints, keyed hashes under the event's workspace secret).
export async function purgeEndedEvents(tx: Tx, eventIds: string[], now: Date): Promise<number> {
  if (!eventIds.length) return 0;
  const ended = await tx.$queryRaw<{ id: string; payload: string; hash_secret: string }[]>`
    SELECT e.id, e.payload, w.hash_secret FROM webhook_event e JOIN workspace w ON w.id = e.workspace_id
    WHERE e.id = ANY(${eventIds}::text[]) AND e.payload IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id AND d.status = 'pending')
    FOR UPDATE OF e`;
  if (!ended.length) return 0;
  const redacted = ended.map((e) => JSON.stringify(redactEventBody({ hashSecret: e.hash_secret }, e.payload)));
  return tx.$executeRaw`
    UPDATE webhook_event e SET payload = NULL, redacted = r.redacted::jsonb, purged_at = ${now}
    FROM unnest(${ended.map((e) => e.id)}::text[], ${redacted}::text[]) AS r(id, redacted)
    WHERE e.id = r.id`;
}

// One pass: claims what is due and sends it, `concurrency` at a time. Returns the outcomes.
export async function runDeliveryPass(options: { workerId?: string; clock?: Clock; limit?: number; timeoutMs?: number } = {}) {
  const workerId = options.workerId ?? `wh_${randomHexId()}`;
  const clock = options.clock ?? systemClock;
  const claimed = await claimDueDeliveries({ workerId, now: clock(), limit: options.limit ?? 10 });
  const outcomes = await Promise.all(claimed.map((c) => deliverClaimed(c, { workerId, clock, timeoutMs: options.timeoutMs })));
  return { claimed: claimed.length, outcomes };
}
