// Webhook endpoints (Settings → Webhooks, admins): create (the signing secret is returned once),
// edit, enable or disable, rotate the secret (the old one keeps signing for 24 hours), delete, and
// send a test event. Every change is audited; URLs are checked (url-safety) before anything is stored.
import "server-only";
import type { Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { NotFoundError } from "../errors";
import { randomHexId } from "../random-id";
import { newWebhookEventId } from "../outbox/emit";
import { isWebhookEventType, TEST_EVENT_TYPE, type WebhookEventType } from "../outbox/event-types";
import { disableEndpointInTransaction, purgeEndedEvents } from "./deliver";
import { encryptSecret, newSigningSecret } from "./secrets";
import { parseEndpointUrl, resolveEndpointAddress } from "./url-safety";

// Input staff can correct; `field` puts the message next to that field.
export class WebhookInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
const MAX_ENDPOINTS = 20;

export type EndpointInput = { url: string; description: string; eventTypes: string[] };

function newEndpointId(): string {
  return `whe_${randomHexId()}`;
}

// The URL as it will be stored, checked for form and for where its name points now.
async function checkedUrl(raw: string): Promise<string> {
  const url = parseEndpointUrl(raw);
  await resolveEndpointAddress(url);
  return url.toString();
}

function checkedTypes(types: string[]): WebhookEventType[] {
  const unique = [...new Set(types)];
  if (!unique.length) throw new WebhookInputError("Choose at least one event type.", "eventTypes");
  const unknown = unique.find((t) => !isWebhookEventType(t));
  if (unknown !== undefined) throw new WebhookInputError("Unknown event type.", "eventTypes");
  return unique as WebhookEventType[];
}

// Where an audit entry names an endpoint: its id and host (no path: it can hold a token).
const auditTarget = (id: string, url: string) => ({ endpointId: id, host: new URL(url).host });

export async function createWebhookEndpoint(options: { workspace: Workspace; input: EndpointInput; actor: Actor }): Promise<{ id: string; secret: string }> {
  const { workspace, input, actor } = options;
  const url = await checkedUrl(input.url);
  const eventTypes = checkedTypes(input.eventTypes);
  const id = newEndpointId();
  const secret = newSigningSecret();
  await db.$transaction(async (tx) => {
    const count = await tx.webhookEndpoint.count({ where: { workspaceId: workspace.id } });
    if (count >= MAX_ENDPOINTS) throw new WebhookInputError(`At most ${MAX_ENDPOINTS} endpoints.`);
    await tx.webhookEndpoint.create({ data: { id, workspaceId: workspace.id, url, description: input.description, eventTypes, secret: encryptSecret(id, secret) } });
    await recordAudit({ tx, workspaceId: workspace.id, actor, action: "webhook_endpoint.create", details: { ...auditTarget(id, url), eventTypes } });
  });
  return { id, secret };
}

async function endpointOf(workspace: Workspace, id: string) {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id, workspaceId: workspace.id } });
  if (!endpoint) throw new NotFoundError("This endpoint no longer exists.");
  return endpoint;
}

export async function updateWebhookEndpoint(options: { workspace: Workspace; id: string; input: EndpointInput; actor: Actor }): Promise<void> {
  const { workspace, input, actor } = options;
  const endpoint = await endpointOf(workspace, options.id);
  const url = await checkedUrl(input.url);
  const eventTypes = checkedTypes(input.eventTypes);
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { url, description: input.description, eventTypes } });
    await recordAudit({ tx, workspaceId: workspace.id, actor, action: "webhook_endpoint.update", details: { ...auditTarget(endpoint.id, url), eventTypes } });
  });
}

// Enabling clears an automatic disable's reason and its run of failures; disabling gives up the
// endpoint's pending deliveries (so their plaintext goes).
export async function setWebhookEndpointEnabled(options: { workspace: Workspace; id: string; enabled: boolean; actor: Actor; now?: Date }): Promise<void> {
  const { workspace, actor, enabled } = options;
  const endpoint = await endpointOf(workspace, options.id);
  await db.$transaction(async (tx) => {
    if (enabled) await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: true, disabledReason: null, failingSince: null } });
    else await disableEndpointInTransaction(tx, endpoint.id, null, options.now ?? new Date());
    await recordAudit({ tx, workspaceId: workspace.id, actor, action: "webhook_endpoint.update", details: { ...auditTarget(endpoint.id, endpoint.url), enabled } });
  });
}

// A new secret, returned once; the previous one signs too for ROTATION_OVERLAP_MS.
export async function rotateWebhookSecret(options: { workspace: Workspace; id: string; actor: Actor; now?: Date }): Promise<{ secret: string; previousExpiresAt: Date }> {
  const { workspace, actor } = options;
  const endpoint = await endpointOf(workspace, options.id);
  const secret = newSigningSecret();
  const previousExpiresAt = new Date((options.now ?? new Date()).getTime() + ROTATION_OVERLAP_MS);
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { secret: encryptSecret(endpoint.id, secret), previousSecret: endpoint.secret, previousExpiresAt } });
    await recordAudit({ tx, workspaceId: workspace.id, actor, action: "webhook_endpoint.rotate_secret", details: auditTarget(endpoint.id, endpoint.url) });
  });
  return { secret, previousExpiresAt };
}

// Deletes the endpoint with its deliveries and log; events nothing else waits on are purged.
export async function deleteWebhookEndpoint(options: { workspace: Workspace; id: string; actor: Actor; now?: Date }): Promise<void> {
  const { workspace, actor } = options;
  const endpoint = await endpointOf(workspace, options.id);
  await db.$transaction(async (tx) => {
    const events = await tx.$queryRaw<{ event_id: string }[]>`SELECT DISTINCT event_id FROM webhook_delivery WHERE endpoint_id = ${endpoint.id} AND status = 'pending'`;
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    await purgeEndedEvents(tx, events.map((e) => e.event_id), options.now ?? new Date());
    await recordAudit({ tx, workspaceId: workspace.id, actor, action: "webhook_endpoint.delete", details: auditTarget(endpoint.id, endpoint.url) });
  });
}

// Queues a webhook.test event for this endpoint only (no personal data); the worker sends it.
export async function sendTestWebhook(options: { workspace: Workspace; id: string; actor: Actor; now?: Date }): Promise<{ eventId: string }> {
  const { workspace, actor } = options;
  const endpoint = await endpointOf(workspace, options.id);
  if (!endpoint.enabled) throw new WebhookInputError("Enable the endpoint before sending a test event.");
  const now = options.now ?? new Date();
  const eventId = newWebhookEventId();
  const body = { type: TEST_EVENT_TYPE, timestamp: now.toISOString(), data: { endpoint_id: endpoint.id, message: "A test event from People admin." } };
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO webhook_event (id, workspace_id, type, payload, created_at)
      VALUES (${eventId}, ${workspace.id}, ${TEST_EVENT_TYPE}, ${JSON.stringify(body)}, ${now})`;
    await tx.$executeRaw`INSERT INTO webhook_delivery (event_id, endpoint_id, next_attempt_at, created_at) VALUES (${eventId}, ${endpoint.id}, ${now}, ${now})`;
    await recordAudit({ tx, workspaceId: workspace.id, actor, action: "webhook_endpoint.test", details: auditTarget(endpoint.id, endpoint.url) });
  });
  return { eventId };
}

// Sends a delivery again now, while its event still holds its payload.
export async function resendWebhookDelivery(options: { workspace: Workspace; deliveryId: bigint; actor: Actor; now?: Date }): Promise<void> {
  const { workspace, actor } = options;
  const now = options.now ?? new Date();
  await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ event_id: string; endpoint_id: string; held: boolean; enabled: boolean }[]>`
      SELECT d.event_id, d.endpoint_id, e.payload IS NOT NULL AS held, ep.enabled
      FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id JOIN webhook_endpoint ep ON ep.id = d.endpoint_id
      WHERE d.id = ${options.deliveryId} AND ep.workspace_id = ${workspace.id}
      FOR UPDATE OF e, d`;
    if (!row) throw new NotFoundError("This delivery no longer exists.");
    if (!row.held) throw new WebhookInputError("The payload was purged once every endpoint had received it (or given up): it can't be sent again.");
    if (!row.enabled) throw new WebhookInputError("Enable the endpoint before resending.");
    await tx.$executeRaw`
      UPDATE webhook_delivery SET status = 'pending', next_attempt_at = ${now}, finished_at = NULL, locked_by = NULL, locked_until = NULL
      WHERE id = ${options.deliveryId}`;
    await recordAudit({ tx, workspaceId: workspace.id, actor, action: "webhook_delivery.resend", details: { endpointId: row.endpoint_id, eventId: row.event_id } });
  });
}
