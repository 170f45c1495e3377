// The Track API's hot paths in round trips: identify and events are paid per request, so the number
// of statements they send is their budget (see issue #12).
import { describe, expect, it } from "vitest";
import { trackEvent } from "../activity/track-event";
import { db } from "../db";
import { createSegment } from "../segments/segments";
import { countQueries } from "../test/count-queries";
import { createTestWorkspace, seedClaimedPeople, uniqueEmail, uniqueToken } from "../test/factories";
import { identify } from "./identify";
import { identifyMany } from "./identify-many";

describe("[PEOPLE] identify and events round trips", () => {
  it("identify and track stay within their query budget", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    await createSegment({ workspaceId: workspace.id, input: { name: "gold", kind: "data_driven", condition: { attribute: { field: "plan", operator: "eq", value: "gold" } } } });
    // The first identify of the workspace reads its segment list once; later ones use the cached copy.
    await identify({ workspace, identifier: uniqueToken("warm"), attributes: {} });
    const id = uniqueToken("rt");
    const created = await countQueries(() => identify({ workspace, identifier: id, attributes: { email: uniqueEmail(), plan: "gold" } }));
    const updated = await countQueries(() => identify({ workspace, identifier: id, attributes: { plan: "silver" } }));
    const unchanged = await countQueries(() => identify({ workspace, identifier: id, attributes: { plan: "silver" } }));
    const event = await countQueries(() => trackEvent({ workspace, identifier: id, event: { name: "purchase" } }));
    // Before #12: 9, 9, 5 and 6 statements; then BEGIN, one read, one write, COMMIT (4, 4, 3, 1). Now no
    // transaction: a new person is written by the read itself, an update is the read and one
    // compare-and-swap write, an unchanged person only the read (the segment list is cached), an
    // event one statement (sealed under the event key identify created here).
    expect([created.count, updated.count, unchanged.count, event.count]).toEqual([1, 2, 1, 1]);
    // A person this process didn't create: their first event here learns their key (two statements), then one.
    const { cioIds } = await seedClaimedPeople(workspace, 1, { activities: 0 });
    const elsewhere = `cio_${cioIds[0]}`;
    const first = await countQueries(() => trackEvent({ workspace, identifier: elsewhere, event: { name: "purchase" } }));
    const next = await countQueries(() => trackEvent({ workspace, identifier: elsewhere, event: { name: "purchase" } }));
    expect([first.count, next.count]).toEqual([2, 1]);
    expect([first.result.outcome, next.result.outcome]).toEqual(["stored", "stored"]);
    expect([...created.statements, ...updated.statements, ...unchanged.statements].some((s) => /^\s*(BEGIN|COMMIT)/i.test(s))).toBe(false);
    expect(created.result.created).toBe(true);
    expect(event.result.outcome).toBe("stored");
    // The write refreshed the data-driven segment in the same statement.
    const cioId = created.result.cioId!;
    const members = () => db.segmentMembership.count({ where: { cioId } });
    await identify({ workspace, identifier: id, attributes: { plan: "gold" } });
    expect(await members()).toBe(1);
    await identify({ workspace, identifier: id, attributes: { plan: "bronze" } });
    expect(await members()).toBe(0);
    // Changing the id releases a claim before taking one: the read, then a transaction (BEGIN, the
    // locked read, the release, the write, COMMIT).
    const renamed = await countQueries(() => identify({ workspace, identifier: `cio_${cioId}`, attributes: { id: uniqueToken("rt") } }));
    expect(renamed.count).toBe(6);
  });

  it("identifies a batch of rows (an import, a v2 batch) in the same four round trips", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const rows = Array.from({ length: 200 }, (_, i) => ({ attributes: { id: uniqueToken("many"), email: uniqueEmail(), n: i } }));
    const first = await countQueries(() => identifyMany({ workspace, rows }));
    expect(first.result.every((r) => r.ok && r.created)).toBe(true);
    expect(first.count).toBeLessThanOrEqual(5); // + the segment list, read once
    const again = await countQueries(() => identifyMany({ workspace, rows: rows.map((row) => ({ attributes: { ...row.attributes, n: -1 } })) }));
    expect(again.result.every((r) => r.ok && !r.created)).toBe(true);
    expect(again.count).toBe(4);
    expect(await db.activity.count({ where: { workspaceId: workspace.id, type: "attribute_change" } })).toBe(200);
  });

  it("sees a segment created after the list was cached (its version is read in identify's first statement)", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const id = uniqueToken("rt");
    const { cioId } = await identify({ workspace, identifier: id, attributes: { plan: "free" } });
    await createSegment({ workspaceId: workspace.id, input: { name: "pro", kind: "data_driven", condition: { attribute: { field: "plan", operator: "eq", value: "pro" } } } });
    await identify({ workspace, identifier: id, attributes: { plan: "pro" } });
    expect(await db.segmentMembership.count({ where: { cioId: cioId! } })).toBe(1);
  });
});
