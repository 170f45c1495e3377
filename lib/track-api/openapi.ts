// The OpenAPI 3.1 description of the Track API v1 and v2, the App API subset and the CSV import, served at
// /api/openapi.json, generated from the zod schemas the routes validate with (zod 4's z.toJSONSchema):
// a changed schema changes the document. The operations, and the examples the agreement test parses,
// are listed in ./openapi-operations.ts and ./openapi-app-operations.ts.
import { z } from "zod";
import { APP_OPERATIONS } from "./openapi-app-operations";
import { TRACK_OPERATIONS, type ApiOperation, type ApiResponse } from "./openapi-operations";
import { batchBodySchema, entityItemSchema } from "./schemas";

type JsonSchema = Record<string, unknown>;

// Every operation of the document, in the order it lists them.
export const API_OPERATIONS: ApiOperation[] = [...TRACK_OPERATIONS, ...APP_OPERATIONS];

const SECURITY = { "Track API": "trackBasic", "App API": "appBearer" } as const;
const ENTITY_ITEM_REF = "#/components/schemas/EntityItem";

// What a request sends, so query strings read as their input (a coerced limit is a number) and
// checks zod can't express in JSON Schema (refinements, custom objects described by .meta) are left out.
function toJsonSchema(schema: z.ZodType): JsonSchema {
  const json: JsonSchema = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", override: batchItems });
  delete json.$schema;
  return json;
}

// A batch's items are z.unknown() on purpose (each is validated on its own by validateItem, so one bad
// item doesn't refuse the batch); the document says what each must be.
function batchItems(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  if (ctx.zodSchema === batchBodySchema.shape.batch) ctx.jsonSchema.items = { $ref: ENTITY_ITEM_REF };
}

// One OpenAPI parameter per property of a path or query schema.
function parametersOf(schema: z.ZodObject | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = toJsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    ...(description ? { description } : {}),
    schema: property,
  }));
}

function contentOf(schema: z.ZodType, contentType = "application/json", example?: unknown) {
  return { [contentType]: { schema: toJsonSchema(schema), ...(example === undefined ? {} : { example }) } };
}

function responseOf(response: ApiResponse) {
  const headers = Object.entries(response.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: "string" } }] as const);
  return {
    description: response.description,
    ...(headers.length ? { headers: Object.fromEntries(headers) } : {}),
    ...(response.schema ? { content: contentOf(response.schema, response.contentType, response.example) } : {}),
  };
}

function operationOf(operation: ApiOperation) {
  const parameters = [...parametersOf(operation.pathParams, "path"), ...parametersOf(operation.query, "query")];
  const { body } = operation;
  return {
    tags: [operation.api],
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    security: [{ [SECURITY[operation.api]]: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: { required: body.required, content: contentOf(body.schema, body.contentType, body.example) } } : {}),
    responses: Object.fromEntries(Object.entries(operation.responses).map(([status, response]) => [status, responseOf(response)])),
  };
}

function pathsOf(operations: ApiOperation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) (paths[operation.path] ??= {})[operation.method] = operationOf(operation);
  return paths;
}

const DESCRIPTION =
  "A Customer.io-compatible subset: point an existing Customer.io client at this base URL. The Track API (HTTP Basic `site_id:api_key`) identifies, deletes, suppresses and unsuppresses people and records events; the App API (Bearer key) searches people, reads their attributes and activity, and reads and edits the email suppression list. Errors use Customer.io's envelope `{\"meta\":{\"errors\":[…]}}` and never repeat the identifier or attribute values sent. Past a rate limit the answer is 429 with `Retry-After` (Track: `TRACK_RATE_LIMIT` items per second per workspace, when set; App API: `READ_RATE_LIMIT` calls per second per key); an App API read whose statement runs over `READ_STATEMENT_TIMEOUT_MS` is stopped and answered 503.";

// The document; `serverUrl` is the app's configured origin (never a request's Host header).
export function openApiDocument(serverUrl: string, operations: ApiOperation[] = API_OPERATIONS) {
  return {
    openapi: "3.1.0",
    info: { title: "People admin API", version: "1.0.0", description: DESCRIPTION },
    servers: [{ url: serverUrl }],
    tags: [
      { name: "Track API", description: "HTTP Basic auth with a Track API site ID and key." },
      { name: "App API", description: "Bearer auth with an App API key." },
    ],
    paths: pathsOf(operations),
    components: {
      securitySchemes: {
        trackBasic: { type: "http", scheme: "basic", description: "Username: site ID; password: Track API key." },
        appBearer: { type: "http", scheme: "bearer", description: "An App API key." },
      },
      schemas: { EntityItem: toJsonSchema(entityItemSchema) },
    },
  };
}
