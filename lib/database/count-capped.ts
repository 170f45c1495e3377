// "Exact up to a cap, else the planner's estimate": what every list page shows as its total, so no
// page view counts a million rows. Counting 10,000 index entries costs a few ms; EXPLAIN is instant.
import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";

export const COUNT_CAP = 10_000;

// A list's total; isExact is false when count is the planner's estimate (shown as "≈").
export type CappedCount = { count: number; isExact: boolean };

// The planner's row estimate for `SELECT 1 FROM <from>`.
async function estimateRows(from: Prisma.Sql): Promise<number> {
  const plan = await db.$queryRaw<{ "QUERY PLAN": unknown }[]>`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${from}`;
  const raw = plan[0]?.["QUERY PLAN"];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: { "Plan Rows": number } }[];
  return Math.round(parsed[0]?.Plan?.["Plan Rows"] ?? 0);
}

// Counts the rows of `from` (a FROM … WHERE … clause without the FROM keyword) exactly up to `cap`;
// past it, the planner's estimate, never below cap + 1.
export async function countCapped(from: Prisma.Sql, cap = COUNT_CAP): Promise<CappedCount> {
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} LIMIT ${cap + 1}) capped`;
  if (n <= cap) return { count: n, isExact: true };
  return { count: Math.max(await estimateRows(from), cap + 1), isExact: false };
}
