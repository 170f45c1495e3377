// An attribute's JSON value as SQL, with its name written as a string literal rather than a bind
// parameter: PostgreSQL matches a filter to an expression index only when the expression is the
// same, so the filters of lib/segments/conditions.ts and the indexes of lib/attribute-indexes both
// spell it through here. An E'' literal escapes the same way whatever standard_conforming_strings
// says, so no name can end the string early.
import { isStorableText } from "../text";

export function attributeJsonSql(name: string, table = "p"): string {
  if (!isStorableText(name)) throw new Error("attribute name is not storable text");
  const literal = name.replaceAll("\\", "\\\\").replaceAll("'", "''");
  return `(${table ? `${table}.` : ""}attributes -> E'${literal}')`;
}
