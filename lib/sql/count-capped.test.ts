import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { countCapped } from "./count-capped";

describe("[DATABASE] countCapped", () => {
  it("counts exactly up to the cap and gives the planner's estimate past it, never below cap + 1", async () => {
    expect(await countCapped(Prisma.sql`generate_series(1, 30) g`)).toEqual({ count: 30, isExact: true });
    expect(await countCapped(Prisma.sql`generate_series(1, 30) g`, 30)).toEqual({ count: 30, isExact: true });
    // The planner knows generate_series' size exactly.
    expect(await countCapped(Prisma.sql`generate_series(1, 30) g`, 10)).toEqual({ count: 30, isExact: false });
    // A WHERE clause it can only guess at still never reads below the cap.
    const guessed = await countCapped(Prisma.sql`generate_series(1, 30) g WHERE g % 2 = ${0}`, 10);
    expect(guessed).toEqual({ count: 11, isExact: false });
    expect(await countCapped(Prisma.sql`generate_series(1, 30) g WHERE g = ${7}`, 10)).toEqual({ count: 1, isExact: true });
  });
});
