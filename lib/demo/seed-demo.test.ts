import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestWorkspace } from "../test/factories";
import { seedDemo } from "./seed-demo";

const counts = async (workspaceId: string) => ({
  people: await db.person.count({ where: { workspaceId } }),
  claims: await db.identifierClaim.count({ where: { workspaceId } }),
  activities: await db.activity.count({ where: { workspaceId } }),
  segments: await db.segment.count({ where: { workspaceId } }),
  memberships: await db.segmentMembership.count({ where: { segment: { workspaceId } } }),
  espSuppressions: await db.espSuppression.count({ where: { workspaceId } }),
  users: await db.user.count({ where: { email: { in: ["admin@example.com", "support@example.com"] } } }),
  trackKeys: await db.apiKey.count({ where: { workspaceId, kind: "track" } }),
});

describe("[SEED] demo data", () => {
  it("seeds people with claims, activity, segments, suppression entries, users and a key — and a second run adds nothing", async () => {
    const workspace = await createTestWorkspace();
    const log = () => {};
    await seedDemo({ workspace, people: 120, log });
    const first = await counts(workspace.id);
    expect(first.people).toBe(120);
    expect(first.claims).toBe(240); // id + email per person in email_or_id mode
    expect(first.activities).toBe(600);
    expect(first.segments).toBe(6);
    expect(first.memberships).toBeGreaterThan(0);
    expect(first.espSuppressions).toBe(200);
    expect(first.users).toBe(2);
    expect(first.trackKeys).toBe(1);

    await seedDemo({ workspace, people: 120, log });
    expect(await counts(workspace.id)).toEqual(first);

    // A bigger run tops up without touching the existing people.
    await seedDemo({ workspace, people: 150, log });
    const topped = await counts(workspace.id);
    expect(topped.people).toBe(150);
    expect(topped.activities).toBe(750);
  });
});
