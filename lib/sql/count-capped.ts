// "Exact up to a cap, else the planner's estimate": what every list page shows as its total, so no
// page view counts a million rows. Counting 10,000 index entries costs a few ms; EXPLAIN is instant.
// Some filters make even those 10,000 expensive (a segment combined with a search or an attribute
// finds its matches by joining hundreds of thousands of rows: 300–800 ms at 1,000,000 people), so
// the exact count also has a time budget; past it the total is the estimate too. (PGlite doesn't
// enforce statement_timeout: the embedded database, which holds small workspaces, counts to the end.)
import "server-only";
import { db } from "../db";
import { databaseErrorCode } from "../errors";
import { Prisma } from "../generated/prisma/client";

const COUNT_CAP = 10_000;
// What an exact count may take before the page settles for the estimate.
const COUNT_BUDGET_MS = 100;
const QUERY_CANCELED = "57014";

// A list's total; isExact is false when count is the planner's estimate (shown as "≈").
export type CappedCount = { count: number; isExact: boolean };

// The planner's row estimate for `SELECT 1 FROM <from>`.
async function estimateRows(from: Prisma.Sql): Promise<number> {
  const plan = await db.$queryRaw<{ "QUERY PLAN": unknown }[]>`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${from}`;
  const raw = plan[0]?.["QUERY PLAN"];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: { "Plan Rows": number } }[];
  return Math.round(parsed[0]?.Plan?.["Plan Rows"] ?? 0);
}

// Rows of `from` counted up to cap + 1 (all of them when cap is null), or null when that takes longer
// than budgetMs.
async function countUpTo(from: Prisma.Sql, cap: number | null, budgetMs: number): Promise<number | null> {
  try {
    return await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('statement_timeout', ${String(budgetMs)}, true) AS budget`;
      const limit = cap === null ? Prisma.empty : Prisma.sql`LIMIT ${cap + 1}`;
      const [{ n }] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} ${limit}) capped`;
      return n;
    });
  } catch (error) {
    if (databaseErrorCode(error) === QUERY_CANCELED) return null;
    throw error;
  }
}

// Counts the rows of `from` (a FROM … WHERE … clause without the FROM keyword) exactly up to `cap`;
// past it, the planner's estimate, never below cap + 1. When the exact count would take longer than
// budgetMs, the estimate as it stands.
export async function countCapped(from: Prisma.Sql, cap = COUNT_CAP, budgetMs = COUNT_BUDGET_MS): Promise<CappedCount> {
  const n = await countUpTo(from, cap, budgetMs);
  if (n !== null && n <= cap) return { count: n, isExact: true };
  const estimate = await estimateRows(from);
  return { count: n === null ? estimate : Math.max(estimate, cap + 1), isExact: false };
}

// Counts every row of `from` when that takes at most budgetMs, otherwise the planner's estimate: for
// totals that are cheap to count exactly on a quiet database (a segment's membership rows, ~100 ms for
// 333,000 members) but slow on a busy one (a million-person deletion job beside it: 800 ms).
export async function countWithinBudget(from: Prisma.Sql, budgetMs: number): Promise<CappedCount> {
  const n = await countUpTo(from, null, budgetMs);
  return n === null ? { count: await estimateRows(from), isExact: false } : { count: n, isExact: true };
}
