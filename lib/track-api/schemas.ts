// Request bodies of the Track and App APIs, validated with zod. Person attributes are checked in
// depth by lib/people/attributes (the same rules for every way in); here only their shape.
import { z } from "zod";
import { byteLength } from "../identity/identifiers";
import { isStorableText, UNSTORABLE_TEXT } from "../text";

export const MAX_EVENT_NAME_BYTES = 100;
export const MAX_EVENT_DATA_BYTES = 100_000;
const MAX_EVENT_DATA_DEPTH = 32;
export const MAX_SEARCH_LIMIT = 1000;
// Track API v2: the actions on people, and Customer.io's cap on a batch body.
export const V2_ACTIONS = ["identify", "delete", "event", "page", "screen", "suppress", "unsuppress"] as const;
export const MAX_BATCH_BYTES = 500_000;
// Items per batch (413 above), and refused items listed in its answer (the rest are counted).
export const MAX_BATCH_ITEMS = 1000;
export const MAX_BATCH_ERRORS_LISTED = 100;

const jsonObject = (what: string) =>
  z.custom<Record<string, unknown>>((value) => typeof value === "object" && value !== null && !Array.isArray(value), {
    message: `${what} must be a JSON object`,
  });

// The first problem of event data that JSON.stringify or the jsonb column would fail on: nesting
// deeper than MAX_EVENT_DATA_DEPTH, or a key or string PostgreSQL can't store. Walks with a stack of
// its own, so a 1 MB body of nested brackets is measured here instead of overflowing the call stack.
function eventDataProblem(data: object): string | null {
  const pending: { node: object; depth: number }[] = [{ node: data, depth: 1 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (depth > MAX_EVENT_DATA_DEPTH) return `data must nest at most ${MAX_EVENT_DATA_DEPTH} levels deep`;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (!isStorableText(key) || (typeof child === "string" && !isStorableText(child))) return `data ${UNSTORABLE_TEXT}`;
      if (child !== null && typeof child === "object") pending.push({ node: child, depth: depth + 1 });
    }
  }
  return null;
}

// PUT /api/v1/customers/:identifier: a flat object of attributes. Their rules are checked by
// lib/people/attributes, not here, so the OpenAPI document reads them from this description.
export const identifyBodySchema = jsonObject("body").meta({
  type: "object",
  description:
    "Flat attributes (string, number, boolean; null removes one): at most 300, names ≤ 150 bytes, values ≤ 1,000 bytes. Reserved: `id`, `email`, `created_at` (unix seconds), `unsubscribed` (boolean), `_update` (true: never create).",
  maxProperties: 300,
  properties: {
    id: { type: ["string", "number"] },
    email: { type: ["string", "null"], format: "email" },
    created_at: { type: "integer" },
    unsubscribed: { type: "boolean" },
    _update: { type: "boolean" },
  },
  additionalProperties: { type: ["string", "number", "boolean", "null"] },
});

// POST /api/v1/customers/:identifier/events.
export const eventBodySchema = z.object({
  name: z
    .string({ error: "name is required" })
    .refine((name) => name.trim().length > 0, "name must not be empty")
    .refine((name) => byteLength(name) <= MAX_EVENT_NAME_BYTES, { error: `name must be at most ${MAX_EVENT_NAME_BYTES} bytes`, abort: true })
    .refine(isStorableText, `name ${UNSTORABLE_TEXT}`)
    .meta({ description: `1–${MAX_EVENT_NAME_BYTES} bytes.` }),
  type: z.enum(["event", "page", "screen"], { error: "type must be event, page or screen" }).optional().meta({ default: "event" }),
  // The client's ULID (or any unique string): the same id twice is stored once.
  id: z
    .string()
    .min(1, "id must not be empty")
    .max(100, { error: "id must be at most 100 characters", abort: true })
    .refine(isStorableText, `id ${UNSTORABLE_TEXT}`)
    .optional()
    .meta({ description: "The client's ULID: the same id twice is stored once." }),
  // Unix seconds.
  timestamp: z
    .number({ error: "timestamp must be a unix timestamp in seconds" })
    .int()
    .nonnegative()
    .optional()
    .meta({ description: "Unix seconds; default now." }),
  data: jsonObject("data")
    .superRefine((data, ctx) => {
      const problem = eventDataProblem(data);
      if (problem) ctx.addIssue({ code: "custom", message: problem, continue: false });
    })
    .refine((data) => byteLength(JSON.stringify(data)) <= MAX_EVENT_DATA_BYTES, `data must be at most ${MAX_EVENT_DATA_BYTES} bytes`)
    .optional()
    .meta({ type: "object", description: `At most ${MAX_EVENT_DATA_BYTES.toLocaleString("en-US")} bytes as JSON.` }),
});
export type EventBody = z.infer<typeof eventBodySchema>;

// POST /v1/customers: { filter } in Customer.io's shape (checked by lib/segments/conditions).
export const searchBodySchema = z.object({
  filter: z.unknown().meta({
    description:
      "Customer.io's filter: one of `and`, `or` (arrays), `not` (one filter), `segment: {id}`, `attribute: {field, operator, value}` (operator: eq, exists, neq, contains, not_exists, gt, lt, before, after).",
  }),
});

// ?start=&limit= of the App API's cursor pagination.
export const pageQuerySchema = z.object({
  start: z.string().max(200).optional().meta({ description: "The `next` value of the previous page." }),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int("limit must be an integer")
    .min(1, "limit must be at least 1")
    .max(MAX_SEARCH_LIMIT, `limit must be at most ${MAX_SEARCH_LIMIT}`)
    .default(50),
});

const idType = z
  .enum(["id", "email", "cio_id"], { error: "id_type must be id, email or cio_id" })
  .optional()
  .meta({ description: "How to read `identifier`; when absent it is read as the Track API reads it." });

// ?id_type= of the App API's per-person endpoints.
export const idTypeQuerySchema = z.object({ id_type: idType });

export const activitiesQuerySchema = pageQuerySchema.extend({
  id_type: idType,
  type: z
    .enum(["event", "page", "screen", "attribute_change", "profile_created", "profile_deleted", "profile_suppressed"], {
      error: "type is not an activity type",
    })
    .optional(),
  name: z
    .string()
    .max(100, { abort: true })
    .refine(isStorableText, `name ${UNSTORABLE_TEXT}`)
    .optional(),
});

// Track API v2: one item's identifiers.
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

// One v2 item's shape; validateItem then checks the action, the identifier and the attributes or
// event. The descriptions are the OpenAPI document's.
export const entityItemSchema = z.object({
  type: z.literal("person", { error: 'type must be "person"' }),
  identifiers: identifiersSchema.meta({ description: "Exactly one of `id`, `email` (email-or-ID workspaces) or `cio_id`." }),
  action: z.string({ error: "action is required" }).meta({ enum: [...V2_ACTIONS] }),
  attributes: jsonObject("attributes")
    .optional()
    .meta({ type: "object", description: "identify: the person's attributes (see PUT /api/v1/customers/{identifier}); event, page, screen: the event's data." }),
  name: z.unknown().optional().meta({ type: "string", description: "event: its name; page: the URL; screen: the screen's name." }),
  id: z.unknown().optional().meta({ type: "string", description: "event: the client's ULID, stored once." }),
  timestamp: z.unknown().optional().meta({ type: "integer", description: "event: unix seconds; default now." }),
});

// POST /api/v2/batch: the items, each validated on its own by validateItem.
export const batchBodySchema = z.object(
  { batch: z.array(z.unknown(), { error: "batch must be an array of items" }).min(1, "batch must not be empty") },
  { error: "body must be a JSON object with a batch array" },
);

