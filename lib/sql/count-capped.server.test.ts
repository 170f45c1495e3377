// The count's time budget is PostgreSQL's statement_timeout, which the embedded PGlite doesn't enforce
// (it counts to the end, over the small workspaces it holds): tested on the server.
import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { countCapped, countWithinBudget } from "./count-capped";

describe("[DATABASE] countCapped on PostgreSQL", () => {
  it("settles for the estimate when the exact count would take longer than its budget", async () => {
    // Each row sleeps 20 ms: counting 100 of them takes 2 s, far past the 100 ms budget.
    const slow = Prisma.sql`generate_series(1, 100) g WHERE pg_sleep(0.02) IS NOT NULL`;
    const started = Date.now();
    const counted = await countCapped(slow, 10_000, 100);
    expect(counted.isExact).toBe(false);
    expect(counted.count).toBeGreaterThan(0);
    // Cut short, not counted to the end (the margin is for a busy machine).
    expect(Date.now() - started).toBeLessThan(1_500);
    // Within budget it is exact.
    expect(await countCapped(Prisma.sql`generate_series(1, 3) g WHERE pg_sleep(0.01) IS NOT NULL`, 10_000, 1_000)).toEqual({ count: 3, isExact: true });
  });

  it("counts past the cap when uncapped within budget, and settles for the estimate past the budget", async () => {
    expect(await countWithinBudget(Prisma.sql`generate_series(1, 25000) g`, 1_000)).toEqual({ count: 25_000, isExact: true });
    const slow = await countWithinBudget(Prisma.sql`generate_series(1, 30) g WHERE pg_sleep(0.02) IS NOT NULL`, 100);
    expect(slow.isExact).toBe(false);
    expect(slow.count).toBeGreaterThan(0);
  });
});
