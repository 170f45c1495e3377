// The App API's operations as the OpenAPI document lists them (see ./openapi-operations.ts): each
// names the zod schemas its route parses the query and body with.
import * as docs from "./openapi-schemas";
import { espApiBodySchema, espApiPagingSchema } from "../esp-suppression/schemas";
import { errors, type ApiOperation } from "./openapi-operations";
import { activitiesQuerySchema, idTypeQuerySchema, pageQuerySchema, searchBodySchema } from "./schemas";

const readErrors = { "400": errors.badRequest, "401": errors.unauthorized, "404": errors.notFound };
const person = { api: "App API", pathParams: docs.identifierPathSchema, query: idTypeQuerySchema } as const;
const ESP_TYPES = "`bounces`, `blocks`, `spam_reports` or `invalid_emails`";
const espBadRequest = (what: string) => ({ description: `A type other than ${ESP_TYPES}, or an invalid email${what}.`, schema: docs.errorsSchema });
const espEntry = { email: "ada@example.com", created: 1700000000, reason: "550 5.1.1 mailbox unavailable", status: "550" };

export const APP_OPERATIONS: ApiOperation[] = [
  {
    api: "App API",
    method: "post",
    path: "/v1/customers",
    operationId: "searchCustomers",
    summary: "Search people with a filter",
    query: pageQuerySchema,
    body: {
      schema: searchBodySchema,
      required: true,
      example: { filter: { and: [{ attribute: { field: "plan", operator: "eq", value: "pro" } }, { not: { segment: { id: 3 } } }] } },
    },
    responses: {
      "200": {
        description: "One page of matching people, in cio_id order.",
        schema: docs.searchResultSchema,
        example: { identifiers: [{ id: "42", email: "ada@example.com", cio_id: "a1b2c3d4e5f6a7b8" }], ids: ["42"], next: "" },
      },
      "400": errors.badRequest,
      "401": errors.unauthorized,
    },
  },
  {
    ...person,
    method: "get",
    path: "/v1/customers/{identifier}/attributes",
    operationId: "getCustomerAttributes",
    summary: "A person's identifiers and attributes",
    responses: { "200": { description: "The person.", schema: docs.customerResultSchema }, ...readErrors },
  },
  {
    ...person,
    method: "get",
    path: "/v1/customers/{identifier}/activities",
    operationId: "getCustomerActivities",
    summary: "A person's activity, newest first",
    query: activitiesQuerySchema,
    responses: {
      "200": {
        description: "One page of activity.",
        schema: docs.activitiesResultSchema,
        example: {
          activities: [
            {
              id: "act_1",
              type: "event",
              name: "purchased",
              data: { price: 23.45 },
              event_id: null,
              timestamp: 1700000000,
              customer_id: "42",
              customer_identifiers: { id: "42", email: null, cio_id: "a1b2c3d4e5f6a7b8" },
            },
          ],
          next: "",
        },
      },
      ...readErrors,
    },
  },
  {
    ...person,
    method: "get",
    path: "/v1/customers/{identifier}/export",
    operationId: "exportCustomerData",
    summary: "Everything held about a person (access request) as one JSON document, streamed; audited",
    responses: {
      "200": { description: "identifiers, attributes, unsubscribe state, segment memberships, every activity with its data.", schema: docs.personExportSchema },
      ...readErrors,
      "409": { description: "The identifier is suppressed: its person was deleted, nothing is held.", schema: docs.errorsSchema },
    },
  },
  {
    api: "App API",
    method: "get",
    path: "/v1/receipts/{id}",
    operationId: "getErasureCertificate",
    summary: "The signed certificate of erasure of a deletion or suppression receipt (verify it against /.well-known/erasure-keys.json)",
    pathParams: docs.receiptIdPathSchema,
    responses: {
      "200": { description: "{ certificate, signature }: Ed25519 over the RFC 8785 canonical JSON of certificate.", schema: docs.certificateSchema },
      "400": errors.badRequest,
      "401": errors.unauthorized,
      "404": { description: "No erasure has this receipt.", schema: docs.errorsSchema },
      "409": { description: "The receipt's deletion job is still running.", schema: docs.errorsSchema },
    },
  },
  {
    api: "App API",
    method: "get",
    path: "/v1/esp/search_suppression/{email}",
    operationId: "searchEspSuppression",
    summary: "Every suppression type an email address is listed under",
    description: "Matches the address case-insensitively. An address listed under no type answers 200 with no suppressions.",
    pathParams: docs.espEmailPathSchema,
    responses: {
      "200": { description: "The address's entries, one per type.", schema: docs.espSuppressionSearchSchema, example: { suppressions: [{ type: "bounces", ...espEntry }] } },
      "400": { description: "An invalid email.", schema: docs.errorsSchema },
      "401": errors.unauthorized,
    },
  },
  {
    api: "App API",
    method: "get",
    path: "/v1/esp/suppression/{type}",
    operationId: "listEspSuppressions",
    summary: "The addresses listed under one suppression type, newest first",
    pathParams: docs.espTypePathSchema,
    query: espApiPagingSchema,
    responses: {
      "200": { description: "One page of the type's entries.", schema: docs.espSuppressionListSchema, example: { category: "bounces", suppressions: [espEntry] } },
      "400": { description: `A type other than ${ESP_TYPES}, or a \`limit\` outside 1–1000 or a negative \`offset\`.`, schema: docs.errorsSchema },
      "401": errors.unauthorized,
    },
  },
  {
    api: "App API",
    method: "post",
    path: "/v1/esp/suppression/{type}/{email}",
    operationId: "addEspSuppression",
    summary: "List an email address under a suppression type",
    description: "Adding an address already listed under the type changes nothing and also answers 200. `status` is the SMTP status code (100–999); other fields are ignored. No body needed.",
    pathParams: docs.espTypeEmailPathSchema,
    body: { schema: espApiBodySchema, required: false, example: { reason: "550 5.1.1 mailbox unavailable", status: 550 } },
    responses: {
      "200": { description: "Listed.", schema: docs.emptySchema, example: {} },
      "400": espBadRequest(", bad JSON, a `reason` over 1,000 characters or a `status` that is not a number from 100 to 999"),
      "401": errors.unauthorized,
      "413": errors.tooLarge,
    },
  },
  {
    api: "App API",
    method: "delete",
    path: "/v1/esp/suppression/{type}/{email}",
    operationId: "removeEspSuppression",
    summary: "Take an email address off the list under a suppression type",
    pathParams: docs.espTypeEmailPathSchema,
    responses: {
      "204": { description: "Removed; no body." },
      "400": espBadRequest(""),
      "401": errors.unauthorized,
      "404": { description: "The address is not listed under this type.", schema: docs.errorsSchema, example: { meta: { errors: ["email is not on the suppression list for this type"] } } },
    },
  },
];
