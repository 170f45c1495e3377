import { describe, expect, it } from "vitest";
import { db } from "../db";
import { getWorkspace } from "./workspace";

describe("[DB] the database and the workspace", () => {
  it("has every migration applied", async () => {
    const rows = await db.$queryRaw<{ n: number }[]>`select count(*)::int as n from _prisma_migrations where finished_at is not null`;
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it("creates the workspace once, with a hashing secret, and returns the same one after", async () => {
    const [first, second] = await Promise.all([getWorkspace(), getWorkspace()]);
    expect(first.id).toBe(second.id);
    expect(first.hashSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(await db.workspace.count({ where: { id: first.id } })).toBe(1);
  });
});
