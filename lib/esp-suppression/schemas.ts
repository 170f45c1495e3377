// Input shapes of the email suppression list, shared by pages, Server Actions and the App API.
import { z } from "zod";
import { isEmail } from "../identity/identifiers";
import { isStorableText, UNSTORABLE_TEXT } from "../text";

export const ESP_SUPPRESSION_TYPES = ["bounces", "blocks", "spam_reports", "invalid_emails"] as const;
export type EspSuppressionType = (typeof ESP_SUPPRESSION_TYPES)[number];
export type EspSuppressionOrigin = "recipient" | "admin" | "api";

// Labels shared by the tabs, the table cells and the chart legend.
export const ESP_TYPE_OPTIONS: { value: EspSuppressionType; label: string; color: string }[] = [
  { value: "bounces", label: "Bounces", color: "#6366f1" },
  { value: "blocks", label: "Blocks", color: "#f59e0b" },
  { value: "spam_reports", label: "Spam reports", color: "#ef4444" },
  { value: "invalid_emails", label: "Invalid emails", color: "#64748b" },
];

export function isEspSuppressionType(value: unknown): value is EspSuppressionType {
  return typeof value === "string" && (ESP_SUPPRESSION_TYPES as readonly string[]).includes(value);
}

export const MAX_EMAIL_BYTES = 254;
const MAX_REASON_LENGTH = 1000;
export const ESP_PAGE_SIZE = 50;

// Zod runs every check even after one fails; `abort` stops at the first size problem, so the shape is
// only ever looked at on a value of bounded size.
export const espEmailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .min(1, { error: "Enter an email address", abort: true })
  .refine((value) => Buffer.byteLength(value, "utf8") <= MAX_EMAIL_BYTES, { error: `Email must be at most ${MAX_EMAIL_BYTES} bytes`, abort: true })
  .refine((value) => isStorableText(value) && isEmail(value), "Enter a valid email address");

export const espTypeSchema = z.enum(ESP_SUPPRESSION_TYPES, { error: "Choose a suppression type" });

const optionalReason = z
  .string()
  .trim()
  .max(MAX_REASON_LENGTH, { error: `Reason must be at most ${MAX_REASON_LENGTH} characters`, abort: true })
  .refine(isStorableText, `Reason ${UNSTORABLE_TEXT}`)
  .optional()
  .transform((value) => (value ? value : undefined));

const optionalStatusCode = z
  .union([z.number(), z.string()])
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === "") return undefined;
    const n = typeof value === "number" ? value : Number(value.trim());
    if (!Number.isInteger(n) || n < 100 || n > 999) {
      ctx.addIssue({ code: "custom", message: "Status code must be a number from 100 to 999" });
      return z.NEVER;
    }
    return n;
  });

// One entry to add, from the form, the App API or a CSV row.
export const addEspSuppressionSchema = z.object({
  email: espEmailSchema,
  type: espTypeSchema,
  reason: optionalReason,
  statusCode: optionalStatusCode,
});
export type AddEspSuppressionInput = z.input<typeof addEspSuppressionSchema>;

// App API paging, as Customer.io documents it: limit 1–1000 (default 100), offset ≥ 0.
export const espApiPagingSchema = z.object({
  limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be an integer").min(1, "limit must be at least 1").max(1000, "limit must be at most 1000").default(100).meta({ description: "Entries per page." }),
  offset: z.coerce.number({ error: "offset must be a number" }).int("offset must be an integer").min(0, "offset must not be negative").max(10_000_000, "offset is too large").default(0).meta({ description: "Entries to skip." }),
});

// The App API's body for adding an address (POST /v1/esp/suppression/:type/:email), as Customer.io
// takes it: an optional reason and SMTP status; addEspSuppressionSchema then checks both. Other
// fields are accepted and ignored.
export const espApiBodySchema = z
  .object({
    reason: z.string().max(1000, "reason must be at most 1000 characters").optional(),
    status: z.union([z.string(), z.number()]).optional(),
  })
  .passthrough();
