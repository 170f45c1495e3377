// Identify's prepared statements on real PostgreSQL (PGlite prepares nothing here): once warm, the
// server must reuse one generic plan instead of planning the whole statement again on every call,
// which cost the Track API's hot path ~0.5 ms of database CPU per request (issue #12).
import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";

const { poolQuery } = await import("../db");
const { identify } = await import("./identify");

type PlanCounts = { statement: string; generic: number; custom: number };

describe("[PEOPLE] identify's prepared statements", () => {
  it("settle on a generic plan for new people and for updates", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    // One at a time: the pool hands back the connection it was given last, so every call and the
    // final look at pg_prepared_statements (which shows only its own session's) share a connection.
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = uniqueToken("plan");
      ids.push(id);
      await identify({ workspace, identifier: id, attributes: { email: uniqueEmail(), plan: "pro", seats: i } });
    }
    for (const [i, id] of ids.entries()) await identify({ workspace, identifier: id, attributes: { seats: 100 + i } });
    const plans = await poolQuery<PlanCounts>(Prisma.sql`
      SELECT statement, generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements
      WHERE name LIKE 'people_admin_%' AND statement NOT LIKE '%pg_prepared_statements%'`);
    const created = plans.find((p) => /INSERT INTO person/.test(p.statement) && /claims AS/.test(p.statement));
    const updated = plans.find((p) => /UPDATE person/.test(p.statement) && !/claims AS/.test(p.statement));
    // PostgreSQL tries five custom plans before it compares them with the generic one, and keeps that.
    const settled = (p: PlanCounts | undefined) => p !== undefined && p.generic > 0 && p.custom <= 5;
    expect({ created: settled(created), updated: settled(updated), plans: plans.map(({ generic, custom }) => ({ generic, custom })) }).toMatchObject({
      created: true,
      updated: true,
    });
  });
});
