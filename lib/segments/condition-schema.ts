// The condition tree shared by the People page filter, data-driven segments and the App API's
// customer search: types and zod schema. Client-safe (no database code); the SQL compiler is in
// ./conditions.ts, which re-exports all of this.
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT } from "../text";

export const ATTRIBUTE_OPERATORS = ["eq", "neq", "contains", "exists", "not_exists", "gt", "lt", "before", "after"] as const;
export type AttributeOperator = (typeof ATTRIBUTE_OPERATORS)[number];

// Operators that take no value.
export const VALUELESS_OPERATORS: readonly AttributeOperator[] = ["exists", "not_exists"];

export const OPERATOR_LABELS: Record<AttributeOperator, string> = {
  eq: "equals",
  neq: "does not equal",
  contains: "contains",
  exists: "exists",
  not_exists: "does not exist",
  gt: "is greater than",
  lt: "is less than",
  before: "is before",
  after: "is after",
};

export type AttributeValue = string | number | boolean;

export type AttributeCondition = {
  attribute: { field: string; operator: AttributeOperator; value?: AttributeValue };
};
type SegmentCondition = { segment: { id: string } };
export type Condition =
  | { and: Condition[] }
  | { or: Condition[] }
  | { not: Condition }
  | AttributeCondition
  | SegmentCondition;

// Bounds that keep one filter cheap to parse and to plan.
const MAX_CONDITION_DEPTH = 6;
const MAX_CONDITION_NODES = 50;
const MAX_FIELD_BYTES = 150;
const MAX_VALUE_LENGTH = 1000;

const attributeSchema = z
  .object({
    field: z.string().trim().min(1, "field is required").max(MAX_FIELD_BYTES).refine(isStorableText, `field ${UNSTORABLE_TEXT}`),
    operator: z.enum(ATTRIBUTE_OPERATORS),
    value: z
      .union([z.string().max(MAX_VALUE_LENGTH).refine(isStorableText, `value ${UNSTORABLE_TEXT}`), z.number().finite(), z.boolean()])
      .optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (!VALUELESS_OPERATORS.includes(a.operator) && (a.value === undefined || a.value === "")) {
      ctx.addIssue({ code: "custom", message: `operator ${a.operator} needs a value`, path: ["value"] });
    }
    if ((a.operator === "gt" || a.operator === "lt") && a.value !== undefined && toNumber(a.value) === null) {
      ctx.addIssue({ code: "custom", message: `operator ${a.operator} needs a number`, path: ["value"] });
    }
    if ((a.operator === "before" || a.operator === "after") && a.value !== undefined && toUnixSeconds(a.value) === null) {
      ctx.addIssue({ code: "custom", message: `operator ${a.operator} needs a date or unix timestamp`, path: ["value"] });
    }
  });

const baseConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ and: z.array(baseConditionSchema).max(MAX_CONDITION_NODES) }).strict(),
    z.object({ or: z.array(baseConditionSchema).max(MAX_CONDITION_NODES) }).strict(),
    z.object({ not: baseConditionSchema }).strict(),
    z.object({ attribute: attributeSchema }).strict(),
    z
      .object({ segment: z.object({ id: z.union([z.string().min(1).max(100), z.number().int()]).transform(String) }).strict() })
      .strict(),
  ]),
);

// The depth or size problem of a raw (unvalidated) filter, or null. It walks the value with a stack of
// its own, through every and/or/not the recursive schema would descend into, and stops at the first
// excess, so a 100,000-deep `not` is refused here instead of overflowing the call stack below.
function conditionBoundsError(value: unknown): string | null {
  const pending: { node: unknown; depth: number }[] = [{ node: value, depth: 1 }];
  let nodes = 0;
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (node === null || typeof node !== "object" || Array.isArray(node)) continue;
    if (depth > MAX_CONDITION_DEPTH) return `conditions nest at most ${MAX_CONDITION_DEPTH} deep`;
    if (++nodes > MAX_CONDITION_NODES) return `at most ${MAX_CONDITION_NODES} conditions`;
    const { and, or, not } = node as Record<string, unknown>;
    for (const list of [and, or]) {
      if (!Array.isArray(list)) continue;
      if (list.length > MAX_CONDITION_NODES) return `at most ${MAX_CONDITION_NODES} conditions`;
      for (const child of list) pending.push({ node: child, depth: depth + 1 });
    }
    if (not !== undefined) pending.push({ node: not, depth: depth + 1 });
  }
  return null;
}

// The validated condition tree, bounded in depth and size (checked before the recursive schema runs).
export const conditionSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    const error = conditionBoundsError(value);
    if (error) ctx.addIssue({ code: "custom", message: error });
  })
  .pipe(baseConditionSchema);

// Parses an unknown value into a condition, or null when it isn't one.
export function parseCondition(value: unknown): Condition | null {
  const result = conditionSchema.safeParse(value);
  return result.success ? result.data : null;
}

// The ids of the segments a condition refers to (for dependency order and cycle checks).
export function referencedSegmentIds(condition: Condition): string[] {
  if ("and" in condition) return condition.and.flatMap(referencedSegmentIds);
  if ("or" in condition) return condition.or.flatMap(referencedSegmentIds);
  if ("not" in condition) return referencedSegmentIds(condition.not);
  if ("segment" in condition) return [condition.segment.id];
  return [];
}

// True when the condition selects nothing beyond "everyone" (an empty and).
export function isEmptyCondition(condition: Condition | null | undefined): boolean {
  if (!condition) return true;
  if ("and" in condition) return condition.and.every(isEmptyCondition);
  return false;
}

export function toNumber(value: AttributeValue): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

// Dates: unix seconds (as number or numeric string) or anything Date.parse accepts (ISO 8601).
export function toUnixSeconds(value: AttributeValue): number | null {
  const n = toNumber(value);
  if (n !== null) return n;
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}
