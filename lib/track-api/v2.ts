// Track API v2 (Customer.io's /api/v2/entity and /api/v2/batch) for people: one body shape for
// every action, mapped onto the same domain calls as v1, so the rules (suppressed identifiers,
// `_update`, id/email changes only via cio_, de-duplicated event ids) are v1's own.
import { z } from "zod";
import type { Actor } from "../audit/record-audit";
import { trackEvent } from "../activity/track-event";
import { logError, SuppressedIdentifierError, ValidationError } from "../errors";
import type { Workspace } from "../generated/prisma/client";
import { identifierValueErrors, isCioId, isEmail } from "../identity/identifiers";
import { deletePersonByIdentifier } from "../deletion/delete-people";
import { identify } from "../people/identify";
import { identifyMany } from "../people/identify-many";
import { parseAttributes } from "../people/attributes";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { unsuppressIdentifier } from "../suppression/suppress";
import { HttpError, jsonResponse, zodMessages } from "../api/http";
import { entityItemSchema, eventBodySchema, MAX_BATCH_BYTES, MAX_BATCH_ERRORS_LISTED, MAX_BATCH_ITEMS, V2_ACTIONS, type EventBody } from "./schemas";

export { MAX_BATCH_BYTES, MAX_BATCH_ERRORS_LISTED, MAX_BATCH_ITEMS };
type V2Action = (typeof V2_ACTIONS)[number];

export type V2Item =
  | { action: "identify"; identifier: string; attributes: Record<string, unknown> }
  | { action: "event" | "page" | "screen"; identifier: string; event: EventBody }
  | { action: "delete" | "suppress" | "unsuppress"; identifier: string };

const isAction = (value: string): value is V2Action => (V2_ACTIONS as readonly string[]).includes(value);

// The identifier string the domain reads (cio_<id>, an email, an id) for the one identifier given.
function identifierOf(workspace: Workspace, identifiers: z.infer<typeof entityItemSchema>["identifiers"]): string {
  if (identifiers.cio_id !== undefined) {
    if (!isCioId(identifiers.cio_id)) throw new ValidationError("identifiers.cio_id is not a cio_id");
    return `cio_${identifiers.cio_id}`;
  }
  if (identifiers.email !== undefined) {
    if (workspace.identificationMode !== "email_or_id") {
      throw new ValidationError("identifiers.email does not identify people in an ID-only workspace; use identifiers.id");
    }
    if (!isEmail(identifiers.email)) throw new ValidationError("identifiers.email is not a valid email");
    return identifiers.email;
  }
  const id = String(identifiers.id);
  const errors = identifierValueErrors("identifiers.id", id);
  if (errors.length) throw new ValidationError(errors);
  return id;
}

// Checks one item completely (shape, identifier, attributes or event) without touching the database.
// Throws HttpError(400) or ValidationError with messages that never quote the item's values, except
// an unsupported action's name when it is a plain word.
export function validateItem(workspace: Workspace, raw: unknown): V2Item {
  const parsed = entityItemSchema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, zodMessages(parsed.error));
  const item = parsed.data;
  if (!isAction(item.action)) {
    const named = /^[A-Za-z_]{1,40}$/.test(item.action) ? `"${item.action}" ` : "";
    throw new HttpError(400, [`action ${named}is not supported for people; use one of ${V2_ACTIONS.join(", ")}`]);
  }
  const identifier = identifierOf(workspace, item.identifiers);
  switch (item.action) {
    case "identify":
      parseAttributes(item.attributes ?? {});
      return { action: "identify", identifier, attributes: item.attributes ?? {} };
    case "event":
    case "page":
    case "screen": {
      const body = { name: item.name, id: item.id, timestamp: item.timestamp, data: item.attributes, type: item.action };
      const event = eventBodySchema.safeParse(body);
      if (!event.success) throw new HttpError(400, zodMessages(event.error));
      return { action: item.action, identifier, event: event.data };
    }
    default:
      return { action: item.action, identifier };
  }
}

// Applies one validated item, as v1 would the same call; a delete or suppress returns its receipt.
export async function applyItem(options: { workspace: Workspace; actor: Actor; item: V2Item }): Promise<string | void> {
  const { workspace, actor, item } = options;
  switch (item.action) {
    case "identify":
      await identify({ workspace, identifier: item.identifier, attributes: item.attributes, actor });
      return;
    case "event":
    case "page":
    case "screen":
      await trackEvent({ workspace, identifier: item.identifier, event: item.event });
      return;
    case "delete":
      return (await deletePersonByIdentifier({ workspace, identifier: item.identifier, actor })).receiptId;
    case "suppress":
      return (await suppressIdentifier({ workspace, identifier: item.identifier, actor })).receiptId;
    case "unsuppress":
      await unsuppressIdentifier({ workspace, identifier: item.identifier, actor });
      return;
  }
}

type BatchError = { batch_index: number; reason: string };
// What became of each item: applied; failed (refused: `errors` says why, sending it again won't
// help); not_attempted (not applied because the database failed at or before it: send it again).
type BatchItemStatus = "applied" | "failed" | "not_attempted";
// An applied delete or suppress item and the receipt of its certificate of erasure.
type BatchReceipt = { batch_index: number; receipt_id: string };
export type BatchOutcome = { statuses: BatchItemStatus[]; errors: BatchError[]; interruptedAt: number | null; receipts: BatchReceipt[] };

// Why an item was refused, for the batch response: the messages the API would answer for it alone;
// null for anything else (the database failed).
function reasonOf(error: unknown): string | null {
  if (error instanceof HttpError) return error.errors.join("; ");
  if (error instanceof ValidationError) return error.errors.join("; ");
  if (error instanceof SuppressedIdentifierError) return "identifier is suppressed";
  return null;
}

// 413 for a batch of more than MAX_BATCH_ITEMS items, before any is read: each item is a write of
// its own, and the answer must stay bounded whatever the body holds.
export function refuseOverItemCap(batch: unknown[]): void {
  if (batch.length > MAX_BATCH_ITEMS) {
    throw new HttpError(413, [`batch has ${batch.length.toLocaleString("en-US")} items; at most ${MAX_BATCH_ITEMS.toLocaleString("en-US")} per request`]);
  }
}

// POST /api/v2/batch: every item is validated first; the valid ones are applied in order, each on its
// own (one refused leaves the others applied). When the database fails (an error that isn't the
// item's own fault), nothing more is attempted and the outcome says where it stopped.
export async function applyBatch(options: { workspace: Workspace; actor: Actor; batch: unknown[] }): Promise<BatchOutcome> {
  refuseOverItemCap(options.batch);
  const statuses: BatchItemStatus[] = options.batch.map(() => "not_attempted");
  const errors: BatchError[] = [];
  const receipts: BatchReceipt[] = [];
  const refuse = (index: number, reason: string) => {
    statuses[index] = "failed";
    errors.push({ batch_index: index, reason });
  };
  const valid: { index: number; item: V2Item }[] = [];
  options.batch.forEach((raw, index) => {
    try {
      valid.push({ index, item: validateItem(options.workspace, raw) });
    } catch (error) {
      const reason = reasonOf(error);
      if (reason === null) throw error;
      refuse(index, reason);
    }
  });
  const stop: { at: number | null } = { at: null };
  const interrupt = (index: number, error: unknown) => {
    stop.at = index;
    logError("[api] v2 batch stopped: the database failed", error);
  };
  // Runs of consecutive identify items go through the set-based identifyMany (rows in order, each
  // refused on its own; a run of at most MAX_BATCH_ITEMS is one transaction, so it applies whole or
  // not at all); the other actions apply one by one between them.
  for (let i = 0; i < valid.length && stop.at === null; ) {
    if (valid[i].item.action === "identify") {
      const run: { index: number; item: Extract<V2Item, { action: "identify" }> }[] = [];
      for (; i < valid.length && valid[i].item.action === "identify"; i++) run.push(valid[i] as (typeof run)[number]);
      try {
        const results = await identifyMany({
          workspace: options.workspace,
          actor: options.actor,
          rows: run.map(({ item }) => ({ identifier: item.identifier, attributes: item.attributes })),
        });
        results.forEach((result, n) => {
          if (result.ok) statuses[run[n].index] = "applied";
          else refuse(run[n].index, result.reason);
        });
      } catch (error) {
        interrupt(run[0].index, error);
      }
      continue;
    }
    const { index, item } = valid[i++];
    try {
      const receiptId = await applyItem({ workspace: options.workspace, actor: options.actor, item });
      statuses[index] = "applied";
      if (receiptId) receipts.push({ batch_index: index, receipt_id: receiptId });
    } catch (error) {
      const reason = reasonOf(error);
      if (reason === null) interrupt(index, error);
      else refuse(index, reason);
    }
  }
  return { statuses, errors: errors.sort((a, b) => a.batch_index - b.batch_index), interruptedAt: stop.at, receipts };
}

// The batch's answer: 200 with the refused items (the first MAX_BATCH_ERRORS_LISTED, and how many in
// all); 207 with every item's status when the database failed part-way, so that a client sends again
// exactly the items marked not_attempted (an event with an `id` is stored once however often it comes).
export function batchResponse(outcome: BatchOutcome): Response {
  const body = {
    errors: outcome.errors.slice(0, MAX_BATCH_ERRORS_LISTED),
    error_count: outcome.errors.length,
    ...(outcome.receipts.length ? { receipts: outcome.receipts } : {}),
  };
  if (outcome.interruptedAt === null) return jsonResponse(body);
  const message = `the database failed at batch_index ${outcome.interruptedAt}: the items marked not_attempted in results were not applied; send them again`;
  return jsonResponse({ ...body, results: outcome.statuses, meta: { errors: [message] } }, { status: 207 });
}
