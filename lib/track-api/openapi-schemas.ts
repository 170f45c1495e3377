// The zod schemas the OpenAPI document is generated from for what the routes answer, and for the
// path and query parameters that no zod schema reads (the domain checks them: identifiers in
// lib/identity/identifiers.ts). Requests are documented from the schemas the routes validate with
// (./schemas.ts, ./v2.ts); these describe the rest, and the agreement test checks their examples.
import { z } from "zod";
import { espEmailSchema, espTypeSchema, MAX_EMAIL_BYTES } from "../esp-suppression/schemas";
import { MAX_IDENTIFIER_BYTES } from "../identity/identifiers";
import { MAX_BATCH_ERRORS_LISTED } from "./schemas";

export const identifierPathSchema = z.object({
  identifier: z
    .string()
    .min(1)
    .max(MAX_IDENTIFIER_BYTES)
    .meta({
      description: `\`cio_<cio_id>\`, or (email-or-ID workspaces) an email, or an \`id\`. 1–${MAX_IDENTIFIER_BYTES} bytes. A value shaped like an email is an email; anything else is an id.`,
    }),
});
export const importIdPathSchema = z.object({ id: z.string() });
export const receiptIdPathSchema = z.object({ id: z.string().regex(/^rcpt_[a-z2-7]{20}$/) });
export const importQuerySchema = z.object({ file_name: z.string().optional() });

export const emptySchema = z.strictObject({}).meta({ description: "`{}`" });
export const errorsSchema = z.object({ meta: z.object({ errors: z.array(z.string()) }) });
export const csvSchema = z.string();

export const batchResultSchema = z.object({
  errors: z
    .array(z.object({ batch_index: z.number().int(), reason: z.string() }))
    .max(MAX_BATCH_ERRORS_LISTED)
    .meta({ description: `The first ${MAX_BATCH_ERRORS_LISTED} items not applied, by index, and why (never their values).` }),
  error_count: z.number().int(),
  results: z.array(z.enum(["applied", "failed", "not_attempted"])).optional(),
  receipts: z
    .array(z.object({ batch_index: z.number().int(), receipt_id: z.string() }))
    .optional()
    .meta({ description: "Present when the batch applied a delete or suppress item: each one's receipt id (its certificate of erasure)." }),
  meta: z.object({ errors: z.array(z.string()) }).optional(),
});

const identifiersSchema = z.object({ id: z.string().nullable(), email: z.string().nullable(), cio_id: z.string() });

export const searchResultSchema = z.object({
  identifiers: z.array(identifiersSchema),
  ids: z.array(z.string()).meta({ description: "The `id` of each person who has one." }),
  next: z.string().meta({ description: "Pass as `start` for the next page; empty on the last page." }),
});

export const customerResultSchema = z.object({
  customer: z.object({
    id: z.string().nullable(),
    identifiers: identifiersSchema,
    attributes: z.record(z.string(), z.unknown()),
    timestamps: z.record(z.string(), z.number().int()),
    unsubscribed: z.boolean(),
    devices: z.array(z.record(z.string(), z.unknown())),
  }),
});

const activitySchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  event_id: z.string().nullable(),
  timestamp: z.number().int(),
  customer_id: z.string().nullable(),
  customer_identifiers: identifiersSchema,
});
export const activitiesResultSchema = z.object({ activities: z.array(activitySchema), next: z.string() });

export const personExportSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: "identifiers, attributes, unsubscribe state, segment memberships, every activity with its data." });
export const certificateSchema = z
  .object({ certificate: z.record(z.string(), z.unknown()), signature: z.string() })
  .meta({ description: "Ed25519 over the RFC 8785 canonical JSON of certificate." });

export const importSummarySchema = z.object({
  id: z.string(),
  status: z.enum(["completed", "failed"]),
  created: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
  failure: z.string().optional(),
  errors_url: z.string(),
});

// The email suppression list (lib/esp-suppression/api.ts): the path's type and email are checked with
// these schemas (the type by isEspSuppressionType, over the same list), the answers are Customer.io's.
const espType = espTypeSchema.meta({ description: "The suppression type." });
const espEmail = espEmailSchema.meta({ description: `An email address, at most ${MAX_EMAIL_BYTES} bytes (surrounding spaces are trimmed).` });
export const espTypePathSchema = z.object({ type: espType });
export const espEmailPathSchema = z.object({ email: espEmail });
export const espTypeEmailPathSchema = z.object({ type: espType, email: espEmail });

const espEntrySchema = z.object({
  email: z.string(),
  created: z.number().int().meta({ description: "When it was listed, in Unix seconds." }),
  reason: z.string().meta({ description: "Why, or empty." }),
  status: z.string().meta({ description: "The SMTP status code as a string, or empty." }),
});
export const espSuppressionListSchema = z.object({
  category: espTypeSchema,
  suppressions: z.array(espEntrySchema).meta({ description: "Newest first; `limit` entries from `offset`." }),
});
export const espSuppressionSearchSchema = z.object({
  suppressions: z.array(espEntrySchema.extend({ type: espTypeSchema })).meta({ description: "One entry per type the address is listed under; empty when none." }),
});
