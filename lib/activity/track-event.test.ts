import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ValidationError } from "../errors";
import { identify } from "../people/identify";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import { activityOf } from "../test/activity";
import { countQueries } from "../test/count-queries";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { getWorkspace } from "../workspace/workspace";
import { trackEvent } from "./track-event";

const actor = { type: "system" } as const;

describe("[EVENTS] track events", () => {
  it("stores an event as activity of the person, by id, email or cio_", async () => {
    const workspace = await getWorkspace();
    const id = uniqueToken("id");
    const email = uniqueEmail();
    const { cioId } = await identify({ workspace, identifier: id, attributes: { email }, actor });
    expect(await trackEvent({ workspace, identifier: id, event: { name: "purchase", data: { total: 12 }, timestamp: 1_700_000_000 } })).toEqual({
      outcome: "stored",
    });
    expect(await trackEvent({ workspace, identifier: email.toUpperCase(), event: { name: "/pricing", type: "page" } })).toEqual({ outcome: "stored" });
    expect(await trackEvent({ workspace, identifier: `cio_${cioId}`, event: { name: "home", type: "screen" } })).toEqual({ outcome: "stored" });
    const rows = (await activityOf(workspace, cioId!)).filter((r) => ["event", "page", "screen"].includes(r.type));
    expect(rows.map((r) => [r.type, r.name])).toEqual([
      ["event", "purchase"],
      ["page", "/pricing"],
      ["screen", "home"],
    ]);
    expect(rows[0].data).toEqual({ total: 12 });
    expect(rows[0].timestamp.getTime()).toBe(1_700_000_000_000);
  });

  it("stores the same client event id once", async () => {
    const workspace = await getWorkspace();
    const id = uniqueToken("id");
    const { cioId } = await identify({ workspace, identifier: id, attributes: {}, actor });
    const eventId = uniqueToken("01H");
    expect((await trackEvent({ workspace, identifier: id, event: { name: "a", id: eventId } })).outcome).toBe("stored");
    expect((await trackEvent({ workspace, identifier: id, event: { name: "a", id: eventId } })).outcome).toBe("duplicate");
    expect((await activityOf(workspace, cioId!)).filter((r) => r.type === "event")).toMatchObject([{ clientEventId: eventId }]);
  });

  it("creates nothing for unknown people", async () => {
    const workspace = await createTestWorkspace();
    expect(await trackEvent({ workspace, identifier: uniqueToken("ghost"), event: { name: "a" } })).toEqual({ outcome: "unknown_person" });
    expect(await trackEvent({ workspace, identifier: "cio_00000000000000000000", event: { name: "a" } })).toEqual({ outcome: "unknown_person" });
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.activity.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("events arriving together are stored together, with the same outcomes as one by one", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const people = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
      const id = uniqueToken(`tog${i}`);
      return { id, cioId: (await identify({ workspace, identifier: id, attributes: { email: uniqueEmail() }, actor })).cioId! };
    }));
    const gone = uniqueToken("gone");
    await identify({ workspace, identifier: gone, attributes: {}, actor });
    await suppressIdentifier({ workspace, identifier: gone, actor });
    const twice = uniqueToken("01H");
    const calls = [
      ...people.flatMap(({ id, cioId }, i) => [
        { identifier: id, event: { name: `by-id-${i}`, data: { i } } },
        { identifier: `cio_${cioId}`, event: { name: `by-cio-${i}`, type: "page" as const } },
      ]),
      { identifier: people[0].id, event: { name: "first", id: twice } },
      { identifier: people[0].id, event: { name: "second", id: twice } },
      { identifier: gone, event: { name: "suppressed" } },
      { identifier: uniqueToken("nobody"), event: { name: "unknown" } },
    ];
    const { result, count } = await countQueries(() => Promise.all(calls.map((call) => trackEvent({ workspace, ...call }))));
    expect(result.map((r) => r.outcome)).toEqual([...people.flatMap(() => ["stored", "stored"]), "stored", "duplicate", "suppressed", "unknown_person"]);
    // 16 events: four at once on their own, the rest in far fewer statements than one each.
    expect(count).toBeLessThan(calls.length / 2);
    for (const [i, { cioId }] of people.entries()) {
      const rows = (await activityOf(workspace, cioId)).filter((r) => r.type !== "profile_created" && r.type !== "attribute_change");
      // (Requests in flight together land in no promised order.)
      const byName = rows.map((r) => [r.type, r.name, r.data]).sort((a, b) => String(a[1]).localeCompare(String(b[1])));
      expect(byName).toEqual([["page", `by-cio-${i}`, null], ["event", `by-id-${i}`, { i }], ...(i === 0 ? [["event", "first", null]] : [])]);
    }
    expect(await db.activity.count({ where: { workspaceId: workspace.id, clientEventHash: { not: null } } })).toBe(1);
  });

  it("validates name, type, timestamp and data sizes", async () => {
    const workspace = await getWorkspace();
    const id = uniqueToken("id");
    await identify({ workspace, identifier: id, attributes: {}, actor });
    await expect(trackEvent({ workspace, identifier: id, event: { name: "" } })).rejects.toThrow(ValidationError);
    await expect(trackEvent({ workspace, identifier: id, event: { name: "n".repeat(101) } })).rejects.toThrow(/100 bytes/);
    expect((await trackEvent({ workspace, identifier: id, event: { name: "n".repeat(100) } })).outcome).toBe("stored");
    await expect(trackEvent({ workspace, identifier: id, event: { name: "a", type: "click" as "event" } })).rejects.toThrow(/type/);
    await expect(trackEvent({ workspace, identifier: id, event: { name: "a", data: { big: "x".repeat(100_000) } } })).rejects.toThrow(/100000 bytes/);
    await expect(trackEvent({ workspace, identifier: id, event: { name: "a", timestamp: "soon" as unknown as number } })).rejects.toThrow(/timestamp/);
  });
});
