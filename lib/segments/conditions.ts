// The condition tree shared by the People page filter, data-driven segments and the App API's
// customer search, and its compiler to a parameterized SQL WHERE fragment over `person p`. The
// types and zod schema live in ./condition-schema.ts (client-safe) and are re-exported here.
import { attributeJsonSql } from "../sql/attribute-expression";
import { Prisma } from "../generated/prisma/client";
import { toNumber, toUnixSeconds, type AttributeCondition, type AttributeValue, type AttributeOperator, type Condition } from "./condition-schema";

export * from "./condition-schema";

// Identifier fields map to person columns; everything else is an attribute in person.attributes.
const COLUMN_FIELDS = new Set(["id", "email", "cio_id"]);

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

// Dates are unix seconds (created_at style) or ISO 8601 strings, which order as text. jsonb orders
// null < strings < numbers < booleans, so one bound on the jsonb value holds every match of either
// kind ("before": below the number; "after": above the string), which an indexed attribute's index
// answers by range without reading the rows; the exact test beside it keeps other values out.
function dateRangeSql(field: string, operator: "before" | "after", seconds: number, iso: string): Prisma.Sql {
  const op = Prisma.raw(operator === "after" ? ">" : "<");
  const indexed = Prisma.raw(attributeJsonSql(field));
  const bound = operator === "before" ? Prisma.sql`${indexed} < to_jsonb(${seconds}::numeric)` : Prisma.sql`${indexed} > to_jsonb(${iso}::text)`;
  return Prisma.sql`(${bound} AND ((jsonb_typeof(${indexed}) = 'number' AND ${indexed} ${op} to_jsonb(${seconds}::numeric)) OR (jsonb_typeof(${indexed}) = 'string' AND (${indexed} #>> '{}') ${op} ${iso})))`;
}

function attributeCondition({ field, operator, value }: AttributeCondition["attribute"]): Prisma.Sql {
  if (COLUMN_FIELDS.has(field)) return columnCondition(field, operator, value);
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
      // jsonb compares numbers numerically; the type check keeps strings out (jsonb orders them below
      // numbers). Written with the literal name, so an indexed attribute's index serves the range.
      const indexed = Prisma.raw(attributeJsonSql(field));
      return Prisma.sql`(${indexed} ${op} to_jsonb(${toNumber(value!)}::numeric) AND jsonb_typeof(${indexed}) = 'number')`;
    }
    case "before":
    case "after": {
      const seconds = toUnixSeconds(value!)!;
      const iso = new Date(seconds * 1000).toISOString();
      return dateRangeSql(field, operator, seconds, iso);
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
