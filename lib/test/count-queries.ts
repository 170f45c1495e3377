// Counts the statements this process sends to the database (every round trip through node-postgres,
// BEGIN and COMMIT included) while fn runs. Tests use it to hold hot paths to a query budget.
import pg from "pg";

type Query = typeof pg.Client.prototype.query;

export async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  const statements: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .apply(this) and put back afterwards
  const original: Query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    statements.push((typeof first === "string" ? first : (first?.text ?? "")).replace(/\s+/g, " ").slice(0, 80));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as Query;
  try {
    const result = await fn();
    return { result, count: statements.length, statements };
  } finally {
    pg.Client.prototype.query = original;
  }
}
