// The count's time budget is PostgreSQL's statement_timeout, which the embedded PGlite doesn't enforce
// (it counts to the end, over the small workspaces it holds): tested on the server.
import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { countCapped } from "./count-capped";

describe("[DATABASE] countCapped on PostgreSQL", () => {
  it("settles for the estimate when the exact count would take longer than its budget", async () => {
    // Each row sleeps 20 ms: counting 30 of them can't finish within 100 ms.
    const slow = Prisma.sql`generate_series(1, 30) g WHERE pg_sleep(0.02) IS NOT NULL`;
    const started = Date.now();
    const counted = await countCapped(slow, 10_000, 100);
    expect(counted.isExact).toBe(false);
    expect(counted.count).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(500);
    // Within budget it is exact.
    expect(await countCapped(Prisma.sql`generate_series(1, 3) g WHERE pg_sleep(0.01) IS NOT NULL`, 10_000, 1_000)).toEqual({ count: 3, isExact: true });
  });
});
