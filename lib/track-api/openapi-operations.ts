// The Track API's operations as the OpenAPI document lists them: each names the zod schema its route
// validates the request with (the same object, imported from where the route imports it), the
// schemas of its answers, and examples that the agreement test (openapi.test.ts) parses with them.
import type { z } from "zod";
import { MAX_BODY_BYTES } from "../api/http";
import * as docs from "./openapi-schemas";
import { batchBodySchema, entityItemSchema, eventBodySchema, identifyBodySchema, MAX_BATCH_BYTES, MAX_BATCH_ERRORS_LISTED, MAX_BATCH_ITEMS } from "./schemas";

// An answer without a schema has no body (204).
export type ApiResponse = { description: string; schema?: z.ZodType; contentType?: string; headers?: Record<string, string>; example?: unknown };
export type ApiOperation = {
  method: "get" | "put" | "post" | "delete";
  path: string;
  operationId: string;
  api: "Track API" | "App API";
  summary: string;
  description?: string;
  pathParams?: z.ZodObject;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; contentType?: string; required: boolean; example?: unknown };
  responses: Record<string, ApiResponse>;
};

const fmt = (n: number) => n.toLocaleString("en-US");
// lib/imports/import-people.ts's caps, written here so that serving the document loads no database
// code; openapi.test.ts checks they are the same.
export const DOCUMENTED_IMPORT_CAPS = { bytes: 52_428_800, rows: 1_000_000 };
const RECEIPT_HEADER = { "X-Receipt-Id": "The receipt id of this erasure (v2 entity: on delete and suppress)." };

// The answers every API shares, by status.
export const errors = {
  badRequest: { description: "Bad JSON, a body over the limits, a bad email, an empty or over-long identifier, an unknown cio_ id.", schema: docs.errorsSchema },
  unauthorized: { description: "No key, a wrong key or a revoked key.", schema: docs.errorsSchema, example: { meta: { errors: ["unauthorized"] } } },
  notFound: { description: "No such person or import.", schema: docs.errorsSchema },
  methodNotAllowed: { description: "Another method; the Allow header lists those served.", schema: docs.errorsSchema },
  tooLarge: { description: `A body over ${fmt(MAX_BODY_BYTES)} bytes.`, schema: docs.errorsSchema },
  suppressed: { description: "The path or body names a suppressed identifier; nothing was stored.", schema: docs.errorsSchema },
} satisfies Record<string, ApiResponse>;

const ok: ApiResponse = { description: "Done.", schema: docs.emptySchema, example: {} };
const okWithReceipt: ApiResponse = {
  description: "Done. `X-Receipt-Id` names the erasure's certificate (`GET /v1/receipts/{id}`); the body stays `{}`.",
  schema: docs.emptySchema,
  headers: RECEIPT_HEADER,
  example: {},
};
const trackErrors = { "400": errors.badRequest, "401": errors.unauthorized, "405": errors.methodNotAllowed, "413": errors.tooLarge };
const person = { pathParams: docs.identifierPathSchema, api: "Track API" } as const;

export const TRACK_OPERATIONS: ApiOperation[] = [
  {
    ...person,
    method: "put",
    path: "/api/v1/customers/{identifier}",
    operationId: "identify",
    summary: "Create or update a person",
    description:
      "Creates the person when no one holds the identifier (unless `_update: true`), else updates their attributes. To change a person's `id` or `email`, address them as `cio_<cio_id>`. A suppressed identifier in the path or body answers 409 and stores nothing.",
    body: { schema: identifyBodySchema, required: false, example: { email: "ada@example.com", first_name: "Ada", plan: "pro", created_at: 1700000000 } },
    responses: { "200": ok, ...trackErrors, "409": errors.suppressed },
  },
  {
    ...person,
    method: "delete",
    path: "/api/v1/customers/{identifier}",
    operationId: "deletePerson",
    summary: "Delete a person (no suppression)",
    description: "Removes the person and their attributes; their activity stays. Deleting someone who doesn't exist is also 200.",
    responses: { "200": okWithReceipt, ...trackErrors },
  },
  {
    ...person,
    method: "post",
    path: "/api/v1/customers/{identifier}/suppress",
    operationId: "suppress",
    summary: "Delete the person and suppress their identifiers",
    description:
      "Deletes the person holding the identifier, suppresses all their identifiers and redacts their activity, in one transaction. An identifier that matches nobody is suppressed on its own. No body needed.",
    responses: { "200": okWithReceipt, ...trackErrors },
  },
  {
    ...person,
    method: "post",
    path: "/api/v1/customers/{identifier}/unsuppress",
    operationId: "unsuppress",
    summary: "Free the identifiers suppressed together with this one",
    description: "The next identify creates a new person (a new cio_id) without any history.",
    responses: { "200": ok, ...trackErrors },
  },
  {
    ...person,
    method: "post",
    path: "/api/v1/customers/{identifier}/events",
    operationId: "trackEvent",
    summary: "Record an event for a person",
    description: "Stored once per event `id`. Events for an unknown person or a suppressed identifier answer 200 and store nothing.",
    body: { schema: eventBodySchema, required: true, example: { name: "purchased", id: "01HZY3V4K8Q2N6T9W1X5C7B3D0", timestamp: 1700000000, data: { price: 23.45 } } },
    responses: { "200": ok, ...trackErrors },
  },
  {
    api: "Track API",
    method: "get",
    path: "/api/v1/ping",
    operationId: "ping",
    summary: "Check the credentials",
    description: "Authenticates and does nothing else: 200 `{}` with a valid Track key, 401 otherwise.",
    responses: { "200": ok, "401": errors.unauthorized, "405": errors.methodNotAllowed },
  },
  {
    api: "Track API",
    method: "post",
    path: "/api/v2/entity",
    operationId: "entity",
    summary: "One action on one person (v2)",
    description:
      'Customer.io\'s v2 body: `type: "person"`, exactly one of `identifiers.id`, `identifiers.email` or `identifiers.cio_id`, and an `action`: `identify` (with `attributes`), `delete`, `event`, `page` or `screen` (with `name`, optional `id`, `timestamp`; `attributes` is the event\'s data), `suppress`, `unsuppress`. Another action answers 400 naming it. The rules are v1\'s: a suppressed identifier on identify answers 409 and stores nothing; events for it are dropped.',
    body: { schema: entityItemSchema, required: true, example: { type: "person", identifiers: { email: "ada@example.com" }, action: "identify", attributes: { plan: "pro" } } },
    responses: { "200": okWithReceipt, ...trackErrors, "409": errors.suppressed },
  },
  {
    api: "Track API",
    method: "post",
    path: "/api/v2/batch",
    operationId: "batch",
    summary: "Many v2 items in one call",
    description: `\`{"batch":[…]}\` of entity items, at most ${fmt(MAX_BATCH_BYTES)} bytes and ${fmt(MAX_BATCH_ITEMS)} items. Every item is validated first; the valid ones are applied in order, each on its own. The answer lists the items that failed by index and why (never their values; the first ${MAX_BATCH_ERRORS_LISTED}, and \`error_count\` in all); the others were applied. If the database fails part-way, the answer is 207 with \`results\`, each item's status (\`applied\`, \`failed\`, \`not_attempted\`): send the \`not_attempted\` ones again (an event with an \`id\` is stored once however often it is sent). \`TRACK_RATE_LIMIT\` counts a batch's items.`,
    body: {
      schema: batchBodySchema,
      required: true,
      example: {
        batch: [
          { type: "person", identifiers: { id: "42" }, action: "event", name: "signed_up", attributes: { plan: "pro" } },
          { type: "person", identifiers: { cio_id: "a1b2c3d4e5f6a7b8" }, action: "suppress" },
        ],
      },
    },
    responses: {
      "200": { description: "The batch was read; `errors` names the items not applied.", schema: docs.batchResultSchema, example: { errors: [{ batch_index: 1, reason: "identifiers.cio_id is not a cio_id" }], error_count: 1 } },
      "207": { description: "The database failed part-way: `results` gives each item's status.", schema: docs.batchResultSchema },
      ...trackErrors,
      "413": { description: `A body over ${fmt(MAX_BATCH_BYTES)} bytes or ${fmt(MAX_BATCH_ITEMS)} items.`, schema: docs.errorsSchema },
    },
  },
  {
    api: "Track API",
    method: "post",
    path: "/api/v1/imports",
    operationId: "importPeople",
    summary: "Import people from CSV",
    description: `The body is a CSV file of at most ${fmt(DOCUMENTED_IMPORT_CAPS.bytes)} bytes and ${fmt(DOCUMENTED_IMPORT_CAPS.rows)} rows, streamed. A declared Content-Length over the cap is answered 413 before anything is read; a body found over a cap while streaming stops the import with 413 (bytes) or 400 (rows), the error envelope and the summary of the rows imported before it. The header row maps \`id\` and \`email\` to identifiers and every other column to an attribute; empty cells are left alone. Rows with a suppressed identifier, an invalid email or an over-limit value are rejected and listed in the error report.`,
    query: docs.importQuerySchema,
    body: { schema: docs.csvSchema, contentType: "text/csv", required: true, example: "id,email,plan\n42,ada@example.com,pro\n" },
    responses: {
      "200": {
        description: "The import's summary.",
        schema: docs.importSummarySchema,
        example: { id: "imp_01", status: "completed", created: 1, updated: 0, rejected: 0, errors_url: "/api/v1/imports/imp_01/errors" },
      },
      "400": errors.badRequest,
      "401": errors.unauthorized,
      "405": errors.methodNotAllowed,
      "413": { description: `The body is over ${fmt(DOCUMENTED_IMPORT_CAPS.bytes)} bytes.`, schema: docs.errorsSchema },
      "415": { description: "The body is not text/csv.", schema: docs.errorsSchema },
    },
  },
  {
    api: "Track API",
    method: "get",
    path: "/api/v1/imports/{id}/errors",
    operationId: "importErrors",
    summary: "An import's error report",
    description: "CSV with the columns `row` (line in the file, header = 1) and `reason`; never the rejected values.",
    pathParams: docs.importIdPathSchema,
    responses: {
      "200": { description: "The report.", schema: docs.csvSchema, contentType: "text/csv", example: "row,reason\n4,identifier is suppressed\n" },
      "401": errors.unauthorized,
      "404": errors.notFound,
    },
  },
];
