import { describe, expect, it } from "vitest";
import { db } from "../db";
import { vacuumAfterBulkDeletion } from "./maintenance";

describe("[DATABASE] maintenance after a bulk deletion", () => {
  it("vacuums and analyzes the tables a deletion rewrites", async () => {
    const before = new Date();
    await vacuumAfterBulkDeletion();
    const rows = await db.$queryRaw<{ relname: string; vacuumed: Date | null; analyzed: Date | null }[]>`
      SELECT relname::text AS relname, last_vacuum AS vacuumed, last_analyze AS analyzed FROM pg_stat_user_tables
      WHERE relname IN ('person', 'identifier_claim', 'segment_membership', 'profile_key', 'deleted_identifier', 'suppression') ORDER BY relname`;
    expect(rows.map((r) => r.relname)).toEqual(["deleted_identifier", "identifier_claim", "person", "profile_key", "segment_membership", "suppression"]);
    for (const row of rows) {
      expect(row.vacuumed!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
      expect(row.analyzed!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    }
  });
});
