// Track API v2 (Customer.io's /api/v2/entity and /api/v2/batch) for people: one body shape for
// every action, mapped onto the same domain calls as v1, so the rules (suppressed identifiers,
// `_update`, id/email changes only via cio_, de-duplicated event ids) are v1's own.
import { z } from "zod";
import type { Actor } from "../audit/record-audit";
import { trackEvent } from "../activity/track-event";
import { SuppressedIdentifierError, ValidationError } from "../errors";
import type { Workspace } from "../generated/prisma/client";
import { identifierValueErrors, isCioId, isEmail } from "../identity/identifiers";
import { deletePersonByIdentifier } from "../deletion/delete-people";
import { identify, identifyMany } from "../people/identify";
import { parseAttributes } from "../people/attributes";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { unsuppressIdentifier } from "../suppression/suppress";
import { HttpError, zodMessages } from "../api/http";
import { eventBodySchema, MAX_BATCH_BYTES, V2_ACTIONS, type EventBody } from "./schemas";

export { MAX_BATCH_BYTES };
type V2Action = (typeof V2_ACTIONS)[number];

const identifiersSchema = z
  .object(
    {
      id: z.union([z.string(), z.number().int()], { error: "identifiers.id must be a string or an integer" }).optional(),
      email: z.string({ error: "identifiers.email must be a string" }).optional(),
      cio_id: z.string({ error: "identifiers.cio_id must be a string" }).optional(),
    },
    { error: "identifiers must be an object with one of id, email or cio_id" },
  )
  .strict()
  .refine((value) => Object.values(value).filter((v) => v !== undefined).length === 1, "identifiers must hold exactly one of id, email or cio_id");

const jsonObject = (what: string) =>
  z.custom<Record<string, unknown>>((value) => typeof value === "object" && value !== null && !Array.isArray(value), {
    message: `${what} must be a JSON object`,
  });

const itemSchema = z.object({
  type: z.literal("person", { error: 'type must be "person"' }),
  identifiers: identifiersSchema,
  action: z.string({ error: "action is required" }),
  attributes: jsonObject("attributes").optional(),
  name: z.unknown().optional(),
  id: z.unknown().optional(),
  timestamp: z.unknown().optional(),
});

export type V2Item =
  | { action: "identify"; identifier: string; attributes: Record<string, unknown> }
  | { action: "event" | "page" | "screen"; identifier: string; event: EventBody }
  | { action: "delete" | "suppress" | "unsuppress"; identifier: string };

const isAction = (value: string): value is V2Action => (V2_ACTIONS as readonly string[]).includes(value);

// The identifier string the domain reads (cio_<id>, an email, an id) for the one identifier given.
function identifierOf(workspace: Workspace, identifiers: z.infer<typeof identifiersSchema>): string {
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
  const parsed = itemSchema.safeParse(raw);
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

export const batchBodySchema = z.object(
  { batch: z.array(z.unknown(), { error: "batch must be an array of items" }).min(1, "batch must not be empty") },
  { error: "body must be a JSON object with a batch array" },
);

export type BatchError = { batch_index: number; reason: string };
// An applied delete or suppress item and the receipt of its certificate of erasure.
export type BatchReceipt = { batch_index: number; receipt_id: string };

// Why an item failed, for the batch response: the messages the API would answer for it alone.
function reasonOf(error: unknown): string {
  if (error instanceof HttpError) return error.errors.join("; ");
  if (error instanceof ValidationError) return error.errors.join("; ");
  if (error instanceof SuppressedIdentifierError) return "identifier is suppressed";
  throw error;
}

// POST /api/v2/batch: every item is validated first; the valid ones are applied in order, each on its
// own (one failing leaves the others applied). Returns the items that failed and why.
export async function applyBatch(options: { workspace: Workspace; actor: Actor; batch: unknown[] }): Promise<{ errors: BatchError[]; receipts?: BatchReceipt[] }> {
  const errors: BatchError[] = [];
  const receipts: BatchReceipt[] = [];
  const valid: { index: number; item: V2Item }[] = [];
  options.batch.forEach((raw, index) => {
    try {
      valid.push({ index, item: validateItem(options.workspace, raw) });
    } catch (error) {
      errors.push({ batch_index: index, reason: reasonOf(error) });
    }
  });
  // Runs of consecutive identify items go through the set-based identifyMany (rows in order, each
  // refused on its own); the other actions apply one by one between them.
  for (let i = 0; i < valid.length; ) {
    if (valid[i].item.action === "identify") {
      const run: { index: number; item: Extract<V2Item, { action: "identify" }> }[] = [];
      for (; i < valid.length && valid[i].item.action === "identify"; i++) run.push(valid[i] as (typeof run)[number]);
      const results = await identifyMany({
        workspace: options.workspace,
        actor: options.actor,
        rows: run.map(({ item }) => ({ identifier: item.identifier, attributes: item.attributes })),
      });
      results.forEach((result, n) => {
        if (!result.ok) errors.push({ batch_index: run[n].index, reason: result.reason });
      });
      continue;
    }
    const { index, item } = valid[i++];
    try {
      const receiptId = await applyItem({ workspace: options.workspace, actor: options.actor, item });
      if (receiptId) receipts.push({ batch_index: index, receipt_id: receiptId });
    } catch (error) {
      errors.push({ batch_index: index, reason: reasonOf(error) });
    }
  }
  return { errors: errors.sort((a, b) => a.batch_index - b.batch_index), ...(receipts.length ? { receipts } : {}) };
}
