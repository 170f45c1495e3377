import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ValidationError } from "../errors";
import { identify } from "../people/identify";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import { activityOf } from "../test/activity";
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
