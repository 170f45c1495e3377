// The transactional outbox: an event is written in the caller's transaction, beside what it reports
// (a rolled-back deletion emits nothing; a committed one has its event), with one delivery row per
// enabled endpoint subscribed to its type. Nothing is written when no endpoint wants the type. The
// delivery workers (lib/webhooks/deliver.ts) send it after the commit, never inside the transaction.
// The payload (the exact body that is signed) carries the plaintext a receiver needs, under
// data.people, data.person or data.identifiers only (lib/outbox/redact.ts hides exactly those): once
// every delivery has ended it is replaced by its redacted form (masked hints and keyed hashes).
import type { Workspace } from "../generated/prisma/client";
import type { Tx } from "../db";
import type { Actor } from "../audit/record-audit";
import { randomHexId } from "../random-id";
import type { WebhookEventType } from "./event-types";

// At most this many people in one event: a job's batch of 10,000 sends 10 events, never 10,000.
const PEOPLE_PER_EVENT = 1_000;

type WorkspaceRef = Pick<Workspace, "id">;

export function newWebhookEventId(): string {
  return `msg_${randomHexId()}`;
}

type OutboxMessage = { data: Record<string, unknown>; people?: number };

// Writes the messages as events of `type` (one statement), or nothing when no enabled endpoint of
// the workspace subscribes to it: then the messages aren't even built, so a deletion without
// webhooks pays one indexed read. Returns how many events were written.
async function emitWebhookEvents(
  tx: Tx,
  options: { workspaceId: string; type: WebhookEventType; receiptId?: string | null; messages: () => OutboxMessage[]; now?: Date },
): Promise<number> {
  const endpoints = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM webhook_endpoint WHERE workspace_id = ${options.workspaceId} AND enabled AND ${options.type} = ANY(event_types)`;
  if (!endpoints.length) return 0;
  const messages = options.messages();
  if (!messages.length) return 0;
  const now = options.now ?? new Date();
  const ids = messages.map(() => newWebhookEventId());
  const payloads = messages.map((m) => JSON.stringify({ type: options.type, timestamp: now.toISOString(), data: m.data }));
  await tx.$executeRaw`
    WITH events AS (
      INSERT INTO webhook_event (id, workspace_id, type, payload, people, receipt_id, created_at)
      SELECT e.id, ${options.workspaceId}, ${options.type}, e.payload, e.people, ${options.receiptId ?? null}, ${now}
      FROM unnest(${ids}::text[], ${payloads}::text[], ${messages.map((m) => m.people ?? 0)}::int[]) AS e(id, payload, people)
      RETURNING id
    )
    INSERT INTO webhook_delivery (event_id, endpoint_id, next_attempt_at, created_at)
    SELECT events.id, ep, ${now}, ${now} FROM events CROSS JOIN unnest(${endpoints.map((e) => e.id)}::text[]) AS ep`;
  return ids.length;
}

const actorOf = (actor: Actor) => ({ kind: actor.type });

type DeletedPerson = { cioId: string; externalId: string | null; email: string | null };

// Splits values into the chunks of one message each.
function chunks<T>(values: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += PEOPLE_PER_EVENT) out.push(values.slice(i, i + PEOPLE_PER_EVENT));
  return out;
}

// person.deleted for people deleted in this transaction, PEOPLE_PER_EVENT a message.
export async function emitPeopleDeleted(
  tx: Tx,
  options: { workspace: WorkspaceRef; people: DeletedPerson[]; suppressed: boolean; actor: Actor; receiptId: string },
): Promise<number> {
  const { workspace, people } = options;
  if (!people.length) return 0;
  const base = { receipt_id: options.receiptId, actor: actorOf(options.actor), suppressed: options.suppressed };
  const messages = () =>
    chunks(people).map((chunk): OutboxMessage => ({
      people: chunk.length,
      data: { ...base, people: chunk.map((p) => ({ cio_id: p.cioId, id: p.externalId, email: p.email })) },
    }));
  return emitWebhookEvents(tx, { workspaceId: workspace.id, type: "person.deleted", receiptId: options.receiptId, messages });
}

// identifier.suppressed / identifier.unsuppressed for values (ids, emails) suppressed without a person
// or freed, PEOPLE_PER_EVENT values a message.
export async function emitIdentifierEvent(
  tx: Tx,
  options: { workspace: WorkspaceRef; type: "identifier.suppressed" | "identifier.unsuppressed"; identifiers: { kind: "id" | "email"; value: string }[]; actor: Actor; receiptId: string },
): Promise<number> {
  if (!options.identifiers.length) return 0;
  const base = { receipt_id: options.receiptId, actor: actorOf(options.actor) };
  const messages = () =>
    chunks(options.identifiers).map((chunk): OutboxMessage => ({
      data: { ...base, identifiers: chunk },
    }));
  return emitWebhookEvents(tx, { workspaceId: options.workspace.id, type: options.type, receiptId: options.receiptId, messages });
}

// deletion.completed / failed / cancelled of a job or an erasure list: counts only, no personal data.
export async function emitDeletionEnded(
  tx: Tx,
  options: {
    workspaceId: string;
    type: "deletion.completed" | "deletion.failed" | "deletion.cancelled";
    receiptId: string;
    actor: Actor;
    jobId?: string;
    suppressed: boolean;
    deleted: number;
    total: number;
    source: "job" | "list";
  },
): Promise<number> {
  const data = {
    receipt_id: options.receiptId,
    actor: actorOf(options.actor),
    source: options.source,
    ...(options.jobId ? { job_id: options.jobId } : {}),
    suppressed: options.suppressed,
    deleted: options.deleted,
    total: options.total,
  };
  return emitWebhookEvents(tx, { workspaceId: options.workspaceId, type: options.type, receiptId: options.receiptId, messages: () => [{ data }] });
}

// person.exported: which person (a downstream system may log access requests), by identifiers.
export async function emitPersonExported(
  tx: Tx,
  options: { workspace: WorkspaceRef; person: DeletedPerson; actor: Actor; receiptId: string },
): Promise<number> {
  const { workspace, person } = options;
  const base = { receipt_id: options.receiptId, actor: actorOf(options.actor) };
  return emitWebhookEvents(tx, {
    workspaceId: workspace.id,
    type: "person.exported",
    receiptId: options.receiptId,
    messages: () => [
      {
        people: 1,
        data: { ...base, person: { cio_id: person.cioId, id: person.externalId, email: person.email } },
      },
    ],
  });
}
