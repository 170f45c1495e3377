// The OpenAPI 3.1 description of the Track API v1 and v2, the App API subset and the CSV import, served at
// /api/openapi.json. Kept beside the routes so that a change to one shows up next to the other.
import { MAX_BODY_BYTES } from "../api/http";
import { MAX_BATCH_BYTES, MAX_BATCH_ERRORS_LISTED, MAX_BATCH_ITEMS, MAX_EVENT_DATA_BYTES, MAX_EVENT_NAME_BYTES, MAX_SEARCH_LIMIT, V2_ACTIONS } from "./schemas";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (schema: object) => ({ "application/json": { schema } });

const identifierParam = {
  name: "identifier",
  in: "path",
  required: true,
  description:
    "`cio_<cio_id>`, or (email-or-ID workspaces) an email, or an `id`. 1–150 bytes. A value shaped like an email is an email; anything else is an id.",
  schema: { type: "string", minLength: 1, maxLength: 150 },
};
const idTypeParam = {
  name: "id_type",
  in: "query",
  required: false,
  description: "How to read `identifier`; when absent it is read as the Track API reads it.",
  schema: { type: "string", enum: ["id", "email", "cio_id"] },
};
const pageParams = [
  { name: "start", in: "query", required: false, description: "The `next` value of the previous page.", schema: { type: "string" } },
  { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: MAX_SEARCH_LIMIT, default: 50 } },
];

const trackErrors = {
  "400": response("BadRequest"),
  "401": response("Unauthorized"),
  "405": response("MethodNotAllowed"),
  "413": response("PayloadTooLarge"),
};
const ok = { "200": { description: "Done.", content: json(ref("Empty")) } };
// A deletion's answer: the body stays {}; X-Receipt-Id names its certificate (GET /v1/receipts/{id}).
const okWithReceipt = {
  "200": {
    description: "Done. `X-Receipt-Id` names the erasure's certificate (`GET /v1/receipts/{id}`); the body stays `{}`.",
    headers: { "X-Receipt-Id": { description: "The receipt id of this erasure (v2 entity: on delete and suppress).", schema: { type: "string" } } },
    content: json(ref("Empty")),
  },
};

// The document; `serverUrl` is the app's configured origin (never a request's Host header).
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "People admin API",
      version: "1.0.0",
      description:
        "A Customer.io-compatible subset: point an existing Customer.io client at this base URL. The Track API (HTTP Basic `site_id:api_key`) identifies, deletes, suppresses and unsuppresses people and records events; the App API (Bearer key) searches people and reads their attributes and activity. Errors use Customer.io's envelope `{\"meta\":{\"errors\":[…]}}` and never repeat the identifier or attribute values sent. Past a rate limit the answer is 429 with `Retry-After` (Track: `TRACK_RATE_LIMIT` items per second per workspace, when set; App API: `READ_RATE_LIMIT` calls per second per key); an App API read whose statement runs over `READ_STATEMENT_TIMEOUT_MS` is stopped and answered 503.",
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: "Track API", description: "HTTP Basic auth with a Track API site ID and key." },
      { name: "App API", description: "Bearer auth with an App API key." },
    ],
    paths: {
      "/api/v1/customers/{identifier}": {
        parameters: [identifierParam],
        put: {
          tags: ["Track API"],
          operationId: "identify",
          summary: "Create or update a person",
          description:
            "Creates the person when no one holds the identifier (unless `_update: true`), else updates their attributes. To change a person's `id` or `email`, address them as `cio_<cio_id>`. A suppressed identifier in the path or body answers 409 and stores nothing.",
          security: [{ trackBasic: [] }],
          requestBody: { required: false, content: json(ref("Attributes")) },
          responses: { ...ok, ...trackErrors, "409": response("Suppressed") },
        },
        delete: {
          tags: ["Track API"],
          operationId: "deletePerson",
          summary: "Delete a person (no suppression)",
          description: "Removes the person and their attributes; their activity stays. Deleting someone who doesn't exist is also 200.",
          security: [{ trackBasic: [] }],
          responses: { ...okWithReceipt, ...trackErrors },
        },
      },
      "/api/v1/customers/{identifier}/suppress": {
        parameters: [identifierParam],
        post: {
          tags: ["Track API"],
          operationId: "suppress",
          summary: "Delete the person and suppress their identifiers",
          description:
            "Deletes the person holding the identifier, suppresses all their identifiers and redacts their activity, in one transaction. An identifier that matches nobody is suppressed on its own. No body needed.",
          security: [{ trackBasic: [] }],
          responses: { ...okWithReceipt, ...trackErrors },
        },
      },
      "/api/v1/customers/{identifier}/unsuppress": {
        parameters: [identifierParam],
        post: {
          tags: ["Track API"],
          operationId: "unsuppress",
          summary: "Free the identifiers suppressed together with this one",
          description: "The next identify creates a new person (a new cio_id) without any history.",
          security: [{ trackBasic: [] }],
          responses: { ...ok, ...trackErrors },
        },
      },
      "/api/v1/customers/{identifier}/events": {
        parameters: [identifierParam],
        post: {
          tags: ["Track API"],
          operationId: "trackEvent",
          summary: "Record an event for a person",
          description:
            "Stored once per event `id`. Events for an unknown person or a suppressed identifier answer 200 and store nothing.",
          security: [{ trackBasic: [] }],
          requestBody: { required: true, content: json(ref("Event")) },
          responses: { ...ok, ...trackErrors },
        },
      },
      "/api/v1/ping": {
        get: {
          tags: ["Track API"],
          operationId: "ping",
          summary: "Check the credentials",
          description: "Authenticates and does nothing else: 200 `{}` with a valid Track key, 401 otherwise.",
          security: [{ trackBasic: [] }],
          responses: { ...ok, "401": response("Unauthorized"), "405": response("MethodNotAllowed") },
        },
      },
      "/api/v2/entity": {
        post: {
          tags: ["Track API"],
          operationId: "entity",
          summary: "One action on one person (v2)",
          description:
            "Customer.io's v2 body: `type: \"person\"`, exactly one of `identifiers.id`, `identifiers.email` or `identifiers.cio_id`, and an `action`: `identify` (with `attributes`), `delete`, `event`, `page` or `screen` (with `name`, optional `id`, `timestamp`; `attributes` is the event's data), `suppress`, `unsuppress`. Another action answers 400 naming it. The rules are v1's: a suppressed identifier on identify answers 409 and stores nothing; events for it are dropped.",
          security: [{ trackBasic: [] }],
          requestBody: { required: true, content: json(ref("EntityItem")) },
          responses: { ...okWithReceipt, ...trackErrors, "409": response("Suppressed") },
        },
      },
      "/api/v2/batch": {
        post: {
          tags: ["Track API"],
          operationId: "batch",
          summary: "Many v2 items in one call",
          description: `\`{"batch":[…]}\` of entity items, at most ${MAX_BATCH_BYTES.toLocaleString("en-US")} bytes and ${MAX_BATCH_ITEMS.toLocaleString("en-US")} items. Every item is validated first; the valid ones are applied in order, each on its own. The answer lists the items that failed by index and why (never their values; the first ${MAX_BATCH_ERRORS_LISTED}, and \`error_count\` in all); the others were applied. If the database fails part-way, the answer is 207 with \`results\`, each item's status (\`applied\`, \`failed\`, \`not_attempted\`): send the \`not_attempted\` ones again (an event with an \`id\` is stored once however often it is sent). \`TRACK_RATE_LIMIT\` counts a batch's items.`,
          security: [{ trackBasic: [] }],
          requestBody: {
            required: true,
            content: json({ type: "object", required: ["batch"], properties: { batch: { type: "array", minItems: 1, items: ref("EntityItem") } } }),
          },
          responses: {
            "200": { description: "The batch was read; `errors` names the items not applied.", content: json(ref("BatchResult")) },
            "207": { description: "The database failed part-way: `results` gives each item's status.", content: json(ref("BatchResult")) },
            ...trackErrors,
            "413": { description: `A body over ${MAX_BATCH_BYTES.toLocaleString("en-US")} bytes or ${MAX_BATCH_ITEMS.toLocaleString("en-US")} items.`, content: json(ref("Errors")) },
          },
        },
      },
      "/api/v1/imports": {
        post: {
          tags: ["Track API"],
          operationId: "importPeople",
          summary: "Import people from CSV",
          description:
            "The body is a CSV file of at most 52,428,800 bytes and 1,000,000 rows, streamed. A declared Content-Length over the cap is answered 413 before anything is read; a body found over a cap while streaming stops the import with 413 (bytes) or 400 (rows), the error envelope and the summary of the rows imported before it. The header row maps `id` and `email` to identifiers and every other column to an attribute; empty cells are left alone. Rows with a suppressed identifier, an invalid email or an over-limit value are rejected and listed in the error report.",
          security: [{ trackBasic: [] }],
          parameters: [{ name: "file_name", in: "query", required: false, schema: { type: "string" } }],
          requestBody: { required: true, content: { "text/csv": { schema: { type: "string" } } } },
          responses: {
            "200": { description: "The import's summary.", content: json(ref("ImportSummary")) },
            "400": response("BadRequest"),
            "401": response("Unauthorized"),
            "405": response("MethodNotAllowed"),
            "413": { description: "The body is over 52,428,800 bytes.", content: json(ref("Errors")) },
            "415": { description: "The body is not text/csv.", content: json(ref("Errors")) },
          },
        },
      },
      "/api/v1/imports/{id}/errors": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        get: {
          tags: ["Track API"],
          operationId: "importErrors",
          summary: "An import's error report",
          description: "CSV with the columns `row` (line in the file, header = 1) and `reason`; never the rejected values.",
          security: [{ trackBasic: [] }],
          responses: {
            "200": { description: "The report.", content: { "text/csv": { schema: { type: "string" } } } },
            "401": response("Unauthorized"),
            "404": response("NotFound"),
          },
        },
      },
      "/v1/customers": {
        post: {
          tags: ["App API"],
          operationId: "searchCustomers",
          summary: "Search people with a filter",
          security: [{ appBearer: [] }],
          parameters: pageParams,
          requestBody: { required: true, content: json({ type: "object", required: ["filter"], properties: { filter: ref("Filter") } }) },
          responses: {
            "200": {
              description: "One page of matching people, in cio_id order.",
              content: json({
                type: "object",
                properties: {
                  identifiers: { type: "array", items: ref("Identifiers") },
                  ids: { type: "array", items: { type: "string" }, description: "The `id` of each person who has one." },
                  next: { type: "string", description: "Pass as `start` for the next page; empty on the last page." },
                },
              }),
            },
            "400": response("BadRequest"),
            "401": response("Unauthorized"),
          },
        },
      },
      "/v1/customers/{identifier}/attributes": {
        parameters: [identifierParam, idTypeParam],
        get: {
          tags: ["App API"],
          operationId: "getCustomerAttributes",
          summary: "A person's identifiers and attributes",
          security: [{ appBearer: [] }],
          responses: {
            "200": { description: "The person.", content: json({ type: "object", properties: { customer: ref("Customer") } }) },
            "400": response("BadRequest"),
            "401": response("Unauthorized"),
            "404": response("NotFound"),
          },
        },
      },
      "/v1/customers/{identifier}/activities": {
        parameters: [identifierParam, idTypeParam],
        get: {
          tags: ["App API"],
          operationId: "getCustomerActivities",
          summary: "A person's activity, newest first",
          security: [{ appBearer: [] }],
          parameters: [
            ...pageParams,
            { name: "type", in: "query", required: false, schema: { type: "string" } },
            { name: "name", in: "query", required: false, schema: { type: "string" } },
          ],
          responses: {
            "200": {
              description: "One page of activity.",
              content: json({ type: "object", properties: { activities: { type: "array", items: ref("Activity") }, next: { type: "string" } } }),
            },
            "400": response("BadRequest"),
            "401": response("Unauthorized"),
            "404": response("NotFound"),
          },
        },
      },
      "/v1/customers/{identifier}/export": {
        parameters: [identifierParam, idTypeParam],
        get: {
          tags: ["App API"],
          operationId: "exportCustomerData",
          summary: "Everything held about a person (access request) as one JSON document, streamed; audited",
          security: [{ appBearer: [] }],
          responses: {
            "200": { description: "identifiers, attributes, unsubscribe state, segment memberships, every activity with its data.", content: json({ type: "object" }) },
            "400": response("BadRequest"),
            "401": response("Unauthorized"),
            "404": response("NotFound"),
            "409": { description: "The identifier is suppressed: its person was deleted, nothing is held.", content: json(ref("Errors")) },
          },
        },
      },
      "/v1/receipts/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", pattern: "^rcpt_[a-z2-7]{20}$" } }],
        get: {
          tags: ["App API"],
          operationId: "getErasureCertificate",
          summary: "The signed certificate of erasure of a deletion or suppression receipt (verify it against /.well-known/erasure-keys.json)",
          security: [{ appBearer: [] }],
          responses: {
            "200": { description: "{ certificate, signature }: Ed25519 over the RFC 8785 canonical JSON of certificate.", content: json({ type: "object" }) },
            "400": response("BadRequest"),
            "401": response("Unauthorized"),
            "404": { description: "No erasure has this receipt.", content: json(ref("Errors")) },
            "409": { description: "The receipt's deletion job is still running.", content: json(ref("Errors")) },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        trackBasic: { type: "http", scheme: "basic", description: "Username: site ID; password: Track API key." },
        appBearer: { type: "http", scheme: "bearer", description: "An App API key." },
      },
      schemas: {
        Empty: { type: "object", additionalProperties: false, description: "`{}`" },
        Errors: {
          type: "object",
          required: ["meta"],
          properties: { meta: { type: "object", properties: { errors: { type: "array", items: { type: "string" } } } } },
        },
        Attributes: {
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
        },
        Event: {
          type: "object",
          required: ["name"],
          properties: {
            name: { type: "string", description: `1–${MAX_EVENT_NAME_BYTES} bytes.` },
            type: { type: "string", enum: ["event", "page", "screen"], default: "event" },
            id: { type: "string", description: "The client's ULID: the same id twice is stored once." },
            timestamp: { type: "integer", description: "Unix seconds; default now." },
            data: { type: "object", description: `At most ${MAX_EVENT_DATA_BYTES.toLocaleString("en-US")} bytes as JSON.` },
          },
        },
        EntityItem: {
          type: "object",
          required: ["type", "identifiers", "action"],
          properties: {
            type: { const: "person" },
            identifiers: {
              type: "object",
              minProperties: 1,
              maxProperties: 1,
              properties: { id: { type: ["string", "integer"] }, email: { type: "string", format: "email" }, cio_id: { type: "string" } },
              additionalProperties: false,
            },
            action: { type: "string", enum: [...V2_ACTIONS] },
            attributes: { type: "object", description: "identify: the person's attributes (see Attributes); event, page, screen: the event's data." },
            name: { type: "string", description: "event: its name; page: the URL; screen: the screen's name." },
            id: { type: "string", description: "event: the client's ULID, stored once." },
            timestamp: { type: "integer", description: "event: unix seconds; default now." },
          },
        },
        BatchResult: {
          type: "object",
          properties: {
            errors: {
              type: "array",
              items: { type: "object", properties: { batch_index: { type: "integer" }, reason: { type: "string" } } },
            },
            error_count: { type: "integer" },
            results: { type: "array", items: { type: "string", enum: ["applied", "failed", "not_attempted"] } },
            receipts: {
              type: "array",
              description: "Present when the batch applied a delete or suppress item: each one's receipt id (its certificate of erasure).",
              items: { type: "object", properties: { batch_index: { type: "integer" }, receipt_id: { type: "string" } } },
            },
          },
        },
        Identifiers: {
          type: "object",
          properties: { id: { type: ["string", "null"] }, email: { type: ["string", "null"] }, cio_id: { type: "string" } },
        },
        Customer: {
          type: "object",
          properties: {
            id: { type: ["string", "null"] },
            identifiers: ref("Identifiers"),
            attributes: { type: "object" },
            timestamps: { type: "object", additionalProperties: { type: "integer" } },
            unsubscribed: { type: "boolean" },
            devices: { type: "array", items: { type: "object" } },
          },
        },
        Activity: {
          type: "object",
          properties: {
            id: { type: "string" },
            type: { type: "string" },
            name: { type: ["string", "null"] },
            data: { type: ["object", "null"] },
            event_id: { type: ["string", "null"] },
            timestamp: { type: "integer" },
            customer_id: { type: ["string", "null"] },
            customer_identifiers: ref("Identifiers"),
          },
        },
        Filter: {
          description: "Customer.io's filter: one of `and`, `or` (arrays), `not` (one filter), `segment: {id}`, `attribute: {field, operator, value}`.",
          oneOf: [
            { type: "object", required: ["and"], properties: { and: { type: "array", items: ref("Filter") } } },
            { type: "object", required: ["or"], properties: { or: { type: "array", items: ref("Filter") } } },
            { type: "object", required: ["not"], properties: { not: ref("Filter") } },
            { type: "object", required: ["segment"], properties: { segment: { type: "object", properties: { id: { type: ["string", "integer"] } } } } },
            {
              type: "object",
              required: ["attribute"],
              properties: {
                attribute: {
                  type: "object",
                  required: ["field", "operator"],
                  properties: {
                    field: { type: "string" },
                    operator: { type: "string", enum: ["eq", "exists", "neq", "contains", "not_exists", "gt", "lt", "before", "after"] },
                    value: { type: ["string", "number", "boolean"] },
                  },
                },
              },
            },
          ],
        },
        ImportSummary: {
          type: "object",
          properties: {
            id: { type: "string" },
            status: { type: "string", enum: ["completed", "failed"] },
            created: { type: "integer" },
            updated: { type: "integer" },
            rejected: { type: "integer" },
            failure: { type: "string" },
            errors_url: { type: "string" },
          },
        },
      },
      responses: {
        BadRequest: {
          description: "Bad JSON, a body over the limits, a bad email, an empty or over-long identifier, an unknown cio_ id.",
          content: json(ref("Errors")),
        },
        Unauthorized: { description: "No key, a wrong key or a revoked key.", content: json(ref("Errors")) },
        NotFound: { description: "No such person or import.", content: json(ref("Errors")) },
        MethodNotAllowed: { description: "Another method; the Allow header lists those served.", content: json(ref("Errors")) },
        PayloadTooLarge: { description: `A body over ${MAX_BODY_BYTES.toLocaleString("en-US")} bytes.`, content: json(ref("Errors")) },
        Suppressed: { description: "The path or body names a suppressed identifier; nothing was stored.", content: json(ref("Errors")) },
      },
    },
  };
}
