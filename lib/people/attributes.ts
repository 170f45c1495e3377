// Validation of a person's attribute map (the identify body): flat JSON values, Customer.io's size
// limits, and the reserved keys id, email, created_at, unsubscribed and _update.
import { z } from "zod";
import { ValidationError } from "../errors";
import { byteLength, identifierValueErrors, isEmail } from "../identity/identifiers";
import { isStorableText, UNSTORABLE_TEXT } from "../text";

export const MAX_ATTRIBUTES = 300;
const MAX_ATTRIBUTE_NAME_BYTES = 150;
const MAX_ATTRIBUTE_VALUE_BYTES = 1000;
// Unix seconds fit in far fewer digits; a longer string is refused before it is matched.
const MAX_TIMESTAMP_DIGITS = 20;
export const RESERVED_ATTRIBUTE_KEYS = ["id", "email", "created_at", "unsubscribed", "_update"] as const;

export type AttributeValue = string | number | boolean;

export type ParsedAttributes = {
  // Plain attributes to set; null removes an attribute.
  attributes: Record<string, AttributeValue | null>;
  id?: string;
  // undefined: not given; null: remove the email.
  email?: string | null;
  createdAt?: Date;
  unsubscribed?: boolean;
  // true: update an existing person only, never create.
  update: boolean;
};

// What is wrong with an attribute name (empty, too long, text PostgreSQL can't store), or null.
export function attributeNameError(name: string): string | null {
  if (name.length === 0) return "attribute names must not be empty";
  if (byteLength(name) > MAX_ATTRIBUTE_NAME_BYTES) return `attribute name over ${MAX_ATTRIBUTE_NAME_BYTES} bytes`;
  if (!isStorableText(name)) return `attribute names ${UNSTORABLE_TEXT}`;
  return null;
}

const attributeValue = z.union([z.string(), z.number().refine(Number.isFinite, "must be a finite number"), z.boolean(), z.null()]);

const attributesSchema = z
  .record(z.string(), z.unknown(), { error: "attributes must be a JSON object" })
  .superRefine((input, ctx) => {
    const keys = Object.keys(input);
    if (keys.length > MAX_ATTRIBUTES) ctx.addIssue({ code: "custom", message: `at most ${MAX_ATTRIBUTES} attributes` });
    for (const key of keys) {
      const value = input[key];
      const nameError = attributeNameError(key);
      if (nameError) ctx.addIssue({ code: "custom", message: nameError });
      switch (key) {
        case "id":
          if (typeof value !== "string" && typeof value !== "number")
            ctx.addIssue({ code: "custom", message: "id must be a string or number" });
          else identifierValueErrors("id", String(value)).forEach((message) => ctx.addIssue({ code: "custom", message }));
          break;
        case "email": {
          if (value === null || value === "") break;
          if (typeof value !== "string") {
            ctx.addIssue({ code: "custom", message: "email is not a valid email address" });
            break;
          }
          // The size first: nothing looks at the shape of an over-long value.
          const sizeErrors = identifierValueErrors("email", value);
          if (sizeErrors.length) sizeErrors.forEach((message) => ctx.addIssue({ code: "custom", message }));
          else if (!isEmail(value)) ctx.addIssue({ code: "custom", message: "email is not a valid email address" });
          break;
        }
        case "created_at":
          if (!(typeof value === "number" || (typeof value === "string" && value.length <= MAX_TIMESTAMP_DIGITS && /^\d+$/.test(value))) || !Number.isFinite(Number(value)))
            ctx.addIssue({ code: "custom", message: "created_at must be a unix timestamp in seconds" });
          break;
        case "unsubscribed":
          if (typeof value !== "boolean") ctx.addIssue({ code: "custom", message: "unsubscribed must be true or false" });
          break;
        case "_update":
          if (typeof value !== "boolean") ctx.addIssue({ code: "custom", message: "_update must be true or false" });
          break;
        default: {
          if (!attributeValue.safeParse(value).success) {
            ctx.addIssue({ code: "custom", message: `attribute ${JSON.stringify(key.slice(0, 40))} must be a string, number or boolean` });
          } else if (value !== null && byteLength(`${value as string | number | boolean}`) > MAX_ATTRIBUTE_VALUE_BYTES) {
            ctx.addIssue({ code: "custom", message: `attribute ${JSON.stringify(key.slice(0, 40))} is over ${MAX_ATTRIBUTE_VALUE_BYTES} bytes` });
          } else if (typeof value === "string" && !isStorableText(value)) {
            ctx.addIssue({ code: "custom", message: `attribute ${JSON.stringify(key.slice(0, 40))} ${UNSTORABLE_TEXT}` });
          }
        }
      }
    }
  });

// Parses an identify body; throws ValidationError listing every problem.
export function parseAttributes(input: unknown): ParsedAttributes {
  const result = attributesSchema.safeParse(input ?? {});
  if (!result.success) throw new ValidationError(result.error.issues.map((issue) => issue.message));
  const parsed: ParsedAttributes = { attributes: {}, update: false };
  for (const [key, value] of Object.entries(result.data)) {
    if (key === "id") parsed.id = String(value);
    else if (key === "email") parsed.email = value === null || value === "" ? null : (value as string).trim();
    else if (key === "created_at") parsed.createdAt = new Date(Number(value) * 1000);
    else if (key === "unsubscribed") parsed.unsubscribed = value as boolean;
    else if (key === "_update") parsed.update = value as boolean;
    else parsed.attributes[key] = value as AttributeValue | null;
  }
  return parsed;
}
