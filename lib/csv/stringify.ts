// CSV output for every export and report: csv-stringify, with each cell defused against spreadsheet
// formulas. Exported cells hold text from outside (emails, bounce reasons, API key names, import
// rows) that a spreadsheet would otherwise run.
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null | undefined;

// Spreadsheets read a cell starting with = + - @ as a formula, and one starting with a tab or a line
// break after trimming it.
const FORMULA_START = /^[=+\-@\t\r\n]/;

// One cell as it may be written: text that would start a formula gets a leading apostrophe, which
// spreadsheets show as plain text (OWASP's advice). Numbers can't carry a formula and stay numbers.
export function defuseCsvCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

// Rows (a header row included, if any) as CSV text, every cell defused.
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows.map((row) => row.map(defuseCsvCell)));
}
