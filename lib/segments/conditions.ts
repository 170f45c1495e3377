// The condition tree shared by the People page filter, data-driven segments and the App API's
// customer search, and its compiler to a parameterized SQL WHERE fragment over `person p`.
import { z } from "zod";
import { Prisma } from "../generated/prisma/client";

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
export type SegmentCondition = { segment: { id: string } };
export type Condition =
  | { and: Condition[] }
  | { or: Condition[] }
  | { not: Condition }
  | AttributeCondition
  | SegmentCondition;

// Bounds that keep one filter cheap to parse and to plan.
export const MAX_CONDITION_DEPTH = 6;
export const MAX_CONDITION_NODES = 50;
const MAX_FIELD_BYTES = 150;
const MAX_VALUE_LENGTH = 1000;

// Identifier fields map to person columns; everything else is an attribute in person.attributes.
const COLUMN_FIELDS = new Set(["id", "email", "cio_id"]);

const attributeSchema = z
  .object({
    field: z.string().trim().min(1, "field is required").max(MAX_FIELD_BYTES),
    operator: z.enum(ATTRIBUTE_OPERATORS),
    value: z.union([z.string().max(MAX_VALUE_LENGTH), z.number().finite(), z.boolean()]).optional(),
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
) as z.ZodType<Condition>;

// The validated condition tree, bounded in depth and size.
export const conditionSchema = baseConditionSchema.superRefine((condition, ctx) => {
  const { depth, nodes } = measure(condition);
  if (depth > MAX_CONDITION_DEPTH) ctx.addIssue({ code: "custom", message: `conditions nest at most ${MAX_CONDITION_DEPTH} deep` });
  if (nodes > MAX_CONDITION_NODES) ctx.addIssue({ code: "custom", message: `at most ${MAX_CONDITION_NODES} conditions` });
});

function measure(condition: Condition, depth = 1): { depth: number; nodes: number } {
  const children = "and" in condition ? condition.and : "or" in condition ? condition.or : "not" in condition ? [condition.not] : [];
  let maxDepth = depth;
  let nodes = 1;
  for (const child of children) {
    const m = measure(child, depth + 1);
    maxDepth = Math.max(maxDepth, m.depth);
    nodes += m.nodes;
  }
  return { depth: maxDepth, nodes };
}

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

function toNumber(value: AttributeValue): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

// Dates: unix seconds (as number or numeric string) or anything Date.parse accepts (ISO 8601).
function toUnixSeconds(value: AttributeValue): number | null {
  const n = toNumber(value);
  if (n !== null) return n;
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// The typed JSON values an attribute equal to `value` may hold: a form sends "20" for the number 20
// and "true" for the boolean, so each reading is tried (each one a GIN-indexable containment).
function equalCandidates(value: AttributeValue): AttributeValue[] {
  if (typeof value !== "string") return [value];
  const candidates: AttributeValue[] = [value];
  const n = toNumber(value);
  if (n !== null) candidates.push(n);
  if (value === "true" || value === "false") candidates.push(value === "true");
  return candidates;
}

function columnCondition(field: string, operator: AttributeOperator, value: AttributeValue | undefined): Prisma.Sql {
  const column = field === "id" ? Prisma.sql`p.external_id` : field === "email" ? Prisma.sql`p.email_key` : Prisma.sql`p.cio_id`;
  const text = value === undefined ? "" : field === "email" ? String(value).trim().toLowerCase() : String(value);
  switch (operator) {
    case "eq":
      return Prisma.sql`${column} = ${text}`;
    case "neq":
      return Prisma.sql`${column} IS DISTINCT FROM ${text}`;
    case "contains":
      return Prisma.sql`${column} LIKE ${`%${escapeLike(text)}%`}`;
    case "exists":
      return Prisma.sql`${column} IS NOT NULL`;
    case "not_exists":
      return Prisma.sql`${column} IS NULL`;
    case "gt":
    case "after":
      return Prisma.sql`${column} > ${text}`;
    case "lt":
    case "before":
      return Prisma.sql`${column} < ${text}`;
  }
}

function attributeCondition({ field, operator, value }: AttributeCondition["attribute"]): Prisma.Sql {
  if (COLUMN_FIELDS.has(field)) return columnCondition(field, operator, value);
  const json = Prisma.sql`p.attributes -> ${field}`;
  switch (operator) {
    case "eq":
    case "neq": {
      const contains = Prisma.join(
        equalCandidates(value!).map((v) => Prisma.sql`p.attributes @> ${JSON.stringify({ [field]: v })}::jsonb`),
        " OR ",
      );
      return operator === "eq" ? Prisma.sql`(${contains})` : Prisma.sql`NOT (${contains})`;
    }
    case "contains":
      return Prisma.sql`(p.attributes ->> ${field}) ILIKE ${`%${escapeLike(String(value))}%`}`;
    case "exists":
      return Prisma.sql`(p.attributes ? ${field})`;
    case "not_exists":
      return Prisma.sql`NOT (p.attributes ? ${field})`;
    case "gt":
    case "lt": {
      const op = Prisma.raw(operator === "gt" ? ">" : "<");
      // jsonb compares numbers numerically; the type check keeps strings out (jsonb orders them below numbers).
      return Prisma.sql`(jsonb_typeof(${json}) = 'number' AND ${json} ${op} to_jsonb(${toNumber(value!)}::numeric))`;
    }
    case "before":
    case "after": {
      const op = Prisma.raw(operator === "after" ? ">" : "<");
      const seconds = toUnixSeconds(value!)!;
      const iso = new Date(seconds * 1000).toISOString();
      // Dates are unix seconds (created_at style) or ISO 8601 strings, which order as text.
      return Prisma.sql`((jsonb_typeof(${json}) = 'number' AND ${json} ${op} to_jsonb(${seconds}::numeric)) OR (jsonb_typeof(${json}) = 'string' AND (p.attributes ->> ${field}) ${op} ${iso}))`;
    }
  }
}

// Compiles a condition to a parenthesized WHERE fragment over `person p`. Every value is a bind
// parameter; equality compiles to jsonb containment so the GIN index on attributes applies, and
// segment references read the materialized segment_membership. The caller adds the workspace filter.
export function conditionToSql({ workspaceId, condition }: { workspaceId: string; condition: Condition }): Prisma.Sql {
  if ("and" in condition) {
    if (condition.and.length === 0) return Prisma.sql`TRUE`;
    return Prisma.sql`(${Prisma.join(condition.and.map((c) => conditionToSql({ workspaceId, condition: c })), " AND ")})`;
  }
  if ("or" in condition) {
    if (condition.or.length === 0) return Prisma.sql`FALSE`;
    return Prisma.sql`(${Prisma.join(condition.or.map((c) => conditionToSql({ workspaceId, condition: c })), " OR ")})`;
  }
  if ("not" in condition) return Prisma.sql`(NOT ${conditionToSql({ workspaceId, condition: condition.not })})`;
  if ("segment" in condition) {
    // The join through segment keeps a foreign workspace's segment id from matching anything.
    return Prisma.sql`EXISTS (SELECT 1 FROM segment_membership sm JOIN segment s ON s.id = sm.segment_id WHERE sm.segment_id = ${condition.segment.id} AND s.workspace_id = ${workspaceId} AND sm.cio_id = p.cio_id)`;
  }
  return attributeCondition(condition.attribute);
}
