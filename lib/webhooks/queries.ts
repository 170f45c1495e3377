// What the Webhooks pages show: endpoints (never their secrets) and, per endpoint, the delivery log
// (each event's attempts: time, status code, latency, first 1 KB of the answer; never headers),
// newest first in keyset pages, filtered by status.
import "server-only";
import { Prisma, type Workspace } from "../generated/prisma/client";
import { db } from "../db";
import type { DeliveryLogSearchParams, DeliveryStatus } from "./search-params";

const LOG_PAGE_SIZE = 25;

export type WebhookEndpointSummary = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  rotatingUntil: Date | null;
  createdAt: Date;
  pending: number;
};

export async function listWebhookEndpoints(options: { workspace: Workspace; now?: Date }): Promise<WebhookEndpointSummary[]> {
  const now = options.now ?? new Date();
  const rows = await db.webhookEndpoint.findMany({
    where: { workspaceId: options.workspace.id },
    orderBy: { createdAt: "asc" },
    select: { id: true, url: true, description: true, eventTypes: true, enabled: true, disabledReason: true, failingSince: true, previousExpiresAt: true, createdAt: true },
  });
  const pending = rows.length
    ? await db.$queryRaw<{ endpoint_id: string; n: number }[]>`
        SELECT endpoint_id, count(*)::int AS n FROM webhook_delivery WHERE status = 'pending' AND endpoint_id = ANY(${rows.map((r) => r.id)}::text[]) GROUP BY endpoint_id`
    : [];
  const pendingOf = new Map(pending.map((p) => [p.endpoint_id, p.n]));
  return rows.map(({ previousExpiresAt, ...row }) => ({
    ...row,
    rotatingUntil: previousExpiresAt && previousExpiresAt > now ? previousExpiresAt : null,
    pending: pendingOf.get(row.id) ?? 0,
  }));
}

export async function getWebhookEndpoint(options: { workspace: Workspace; id: string }) {
  return db.webhookEndpoint.findFirst({
    where: { id: options.id, workspaceId: options.workspace.id },
    select: { id: true, url: true, description: true, eventTypes: true, enabled: true, disabledReason: true },
  });
}

// Times as ISO text: the rows go to the delivery log's client table as they are.
type DeliveryAttempt = { attemptedAt: string; statusCode: number | null; latencyMs: number; responseBody: string; error: string | null };
export type DeliveryLogRow = {
  id: string;
  eventId: string;
  type: string;
  people: number;
  receiptId: string | null;
  status: DeliveryStatus;
  createdAt: string;
  nextAttemptAt: string | null;
  payloadHeld: boolean;
  attempts: DeliveryAttempt[];
};

export async function findWebhookDeliveries(options: { workspace: Workspace; endpointId: string; params: DeliveryLogSearchParams; take?: number }) {
  const { workspace, endpointId, params } = options;
  const take = options.take ?? LOG_PAGE_SIZE;
  const conditions = [Prisma.sql`d.endpoint_id = ${endpointId}`, Prisma.sql`ep.workspace_id = ${workspace.id}`];
  if (params.status) conditions.push(Prisma.sql`d.status = ${params.status}::"WebhookDeliveryStatus"`);
  if (params.cursor) conditions.push(Prisma.sql`d.id < ${BigInt(params.cursor)}`);
  const rows = await db.$queryRaw<
    { id: bigint; event_id: string; type: string; people: number; receipt_id: string | null; status: DeliveryStatus; created_at: Date; next_attempt_at: Date; held: boolean }[]
  >`
    SELECT d.id, d.event_id, e.type, e.people, e.receipt_id, d.status::text AS status, d.created_at, d.next_attempt_at, e.payload IS NOT NULL AS held
    FROM webhook_delivery d JOIN webhook_endpoint ep ON ep.id = d.endpoint_id JOIN webhook_event e ON e.id = d.event_id
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY d.id DESC
    LIMIT ${take + 1}`;
  const page = rows.slice(0, take);
  const attempts = page.length
    ? await db.$queryRaw<{ delivery_id: bigint; attempted_at: Date; status_code: number | null; latency_ms: number; response_body: string; error: string | null }[]>`
        SELECT delivery_id, attempted_at, status_code, latency_ms, response_body, error FROM webhook_attempt
        WHERE delivery_id = ANY(${page.map((r) => r.id)}::bigint[]) ORDER BY id`
    : [];
  const byDelivery = new Map<string, DeliveryAttempt[]>();
  for (const a of attempts) {
    const list = byDelivery.get(String(a.delivery_id)) ?? [];
    list.push({ attemptedAt: a.attempted_at.toISOString(), statusCode: a.status_code, latencyMs: a.latency_ms, responseBody: a.response_body, error: a.error });
    byDelivery.set(String(a.delivery_id), list);
  }
  const result: DeliveryLogRow[] = page.map((r) => ({
    id: String(r.id),
    eventId: r.event_id,
    type: r.type,
    people: r.people,
    receiptId: r.receipt_id,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    nextAttemptAt: r.status === "pending" ? r.next_attempt_at.toISOString() : null,
    payloadHeld: r.held,
    attempts: byDelivery.get(String(r.id)) ?? [],
  }));
  return { rows: result, nextCursor: rows.length > take ? String(page[page.length - 1].id) : null };
}
