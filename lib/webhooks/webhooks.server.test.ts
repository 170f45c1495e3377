// Webhooks from the transactional outbox, on real PostgreSQL: atomicity with the deletion, two
// workers never sending one delivery at once, kill -9 mid-send, a receiver down for 5 minutes of
// fake-clock time, and the payload purged once delivered.
import { spawn } from "node:child_process";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Workspace } from "../generated/prisma/client";
import { createTestWorkspace, seedClaimedPeople, uniqueEmail, uniqueToken } from "../test/factories";
import { startWebhookReceiver } from "../test/webhook-receiver";

process.env.WEBHOOK_ALLOW_LOOPBACK = "1";
const { db } = await import("../db");
const { deletePeople } = await import("../deletion/delete-people");
const { startDeletion } = await import("../deletion/start");
const { processNextDeletionJob } = await import("../deletion/worker");
const { identify } = await import("../people/identify");
const { createWebhookEndpoint } = await import("./endpoints");
const { runDeliveryPass, LEASE_MS } = await import("./deliver");

const actor = { type: "user", id: "user_webhooks" } as const;
const CHILD = path.resolve(__dirname, "test-delivery-process.ts");
const closers: (() => Promise<void>)[] = [];
// Each test's deliveries end with it: a worker pass claims whatever is due in the database.
afterEach(async () => {
  while (closers.length) await closers.pop()!();
  await db.$executeRaw`UPDATE webhook_delivery SET status = 'failed' WHERE status = 'pending'`;
});

async function receiver(respond?: Parameters<typeof startWebhookReceiver>[0]) {
  const r = await startWebhookReceiver(respond);
  closers.push(r.close);
  return r;
}

async function endpointFor(workspace: Workspace, url: string, eventTypes = ["person.deleted", "deletion.completed"]) {
  return createWebhookEndpoint({ workspace, input: { url, description: "test", eventTypes }, actor });
}

// A fake clock starting now, moved by hand.
function fakeClock() {
  let now = Date.now();
  const clock = () => new Date(now);
  return Object.assign(clock, { advance: (ms: number) => (now += ms) });
}

const eventsOf = (workspaceId: string) => db.webhookEvent.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });

let workspace: Workspace;
beforeAll(async () => {
  workspace = await createTestWorkspace();
});

describe("[WEBHOOKS] outbox and delivery (PostgreSQL)", () => {
  it("a deletion whose transaction fails emits nothing; a committed one has its event, with the people in it", async () => {
    const ws = await createTestWorkspace();
    const r = await receiver();
    await endpointFor(ws, r.url);
    const email = uniqueEmail();
    const person = await identify({ workspace: ws, identifier: uniqueToken("p"), attributes: { email } });
    await expect(
      db.$transaction(async (tx) => {
        await deletePeople({ workspace: ws, cioIds: [person.cioId!], suppress: true, actor, tx });
        throw new Error("rolled back after the delete");
      }),
    ).rejects.toThrow("rolled back");
    expect(await eventsOf(ws.id)).toHaveLength(0);
    expect(await db.webhookDelivery.count({ where: { event: { workspaceId: ws.id } } })).toBe(0);

    const { receiptId } = await deletePeople({ workspace: ws, cioIds: [person.cioId!], suppress: true, actor });
    const [event] = await eventsOf(ws.id);
    expect(event).toMatchObject({ type: "person.deleted", receiptId, people: 1 });
    const payload = JSON.parse(event.payload!) as { type: string; data: { receipt_id: string; actor: { kind: string }; people: { cio_id: string; email: string }[] } };
    expect(payload.type).toBe("person.deleted");
    expect(payload.data).toMatchObject({ receipt_id: receiptId, actor: { kind: "user" }, suppressed: true });
    expect(payload.data.people).toEqual([{ cio_id: person.cioId, id: expect.any(String), email }]);
    expect(await db.webhookDelivery.count({ where: { eventId: event.id, status: "pending" } })).toBe(1);
  });

  it("a job sends one event per 1,000 people, never one per person; delivered, signed, then purged", async () => {
    const ws = await createTestWorkspace();
    const r = await receiver();
    const { secret } = await endpointFor(ws, r.url);
    const { tag } = await seedClaimedPeople(ws, 2_500, {});
    const started = await startDeletion({ workspace: ws, selection: { sql: (await import("../generated/prisma/client")).Prisma.sql`SELECT cio_id FROM person WHERE workspace_id = ${ws.id} AND attributes->>'tag' = ${tag}` }, suppress: true, actor, batchSize: 2_000 });
    if (started.mode !== "job") throw new Error("expected a job");
    expect(await processNextDeletionJob({ jobId: started.jobId })).toMatchObject({ outcome: "completed" });
    const events = await eventsOf(ws.id);
    // Batch 1: 2,000 people → 2 events; batch 2: 500 → 1; then deletion.completed.
    expect(events.map((e) => [e.type, e.people])).toEqual([
      ["person.deleted", 1_000],
      ["person.deleted", 1_000],
      ["person.deleted", 500],
      ["deletion.completed", 0],
    ]);
    while ((await runDeliveryPass({ limit: 10 })).claimed) {
      // until nothing is due
    }
    const mine = r.received.filter((h) => events.some((e) => e.id === h.id));
    expect(mine).toHaveLength(4);
    const verifier = new Webhook(secret);
    for (const hook of mine) {
      const verified = verifier.verify(hook.body, { "webhook-id": hook.id, "webhook-timestamp": hook.timestamp, "webhook-signature": hook.signature }) as { data: { receipt_id: string } };
      expect(verified.data.receipt_id).toBe(started.receiptId);
    }
    const people = mine.flatMap((h) => (JSON.parse(h.body) as { data: { people?: unknown[] } }).data.people ?? []);
    expect(people).toHaveLength(2_500);
    // Purged: no plaintext left, the redacted form (hints, keyed hashes) stays.
    const after = await eventsOf(ws.id);
    expect(after.every((e) => e.payload === null && e.purgedAt !== null)).toBe(true);
    const redacted = after[0].redacted as { data: { people: { cio_id: { hint: string; hash: string }; id: { hint: string } }[] } };
    expect(redacted.data.people[0].cio_id.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(after.map((e) => e.redacted))).not.toContain(`${tag}-`);
  });

  it("two workers never send one delivery at once: each event reaches the receiver exactly once", async () => {
    const ws = await createTestWorkspace();
    const r = await receiver();
    await endpointFor(ws, r.url);
    for (let i = 0; i < 30; i++) {
      const person = await identify({ workspace: ws, identifier: uniqueToken("two"), attributes: {} });
      await deletePeople({ workspace: ws, cioIds: [person.cioId!], suppress: false, actor });
    }
    const ids = new Set((await eventsOf(ws.id)).map((e) => e.id));
    expect(ids.size).toBe(30);
    const worker = async (name: string) => {
      for (;;) {
        const pass = await runDeliveryPass({ workerId: name, limit: 3 });
        if (!pass.claimed) return;
      }
    };
    await Promise.all([worker("A"), worker("B"), worker("C")]);
    const mine = r.received.filter((h) => ids.has(h.id));
    expect(mine).toHaveLength(30);
    expect(new Set(mine.map((h) => h.id)).size).toBe(30);
    expect(await db.webhookAttempt.count({ where: { delivery: { event: { workspaceId: ws.id } } } })).toBe(30);
  });

  it("kill -9 of the worker mid-send: after its lease, the next worker sends it again with the same webhook-id", async () => {
    const ws = await createTestWorkspace();
    let hang = true;
    const r = await receiver(() => (hang ? "hang" : { status: 200 }));
    await endpointFor(ws, r.url);
    const person = await identify({ workspace: ws, identifier: uniqueToken("kill"), attributes: {} });
    await deletePeople({ workspace: ws, cioIds: [person.cioId!], suppress: true, actor });
    const [event] = await eventsOf(ws.id);
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD, "victim"], { env: { ...process.env }, stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const until = Date.now() + 60_000;
    while (!r.received.some((h) => h.id === event.id)) {
      if (Date.now() > until) throw new Error("the child never sent");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill("SIGKILL");
    await exited;
    hang = false;
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { eventId: event.id } });
    expect(delivery).toMatchObject({ status: "pending", lockedBy: "victim" });
    // Within the lease nobody else takes it; after it, the restarted worker does.
    const clock = () => new Date(Date.now() + LEASE_MS + 1_000);
    expect((await runDeliveryPass({ workerId: "restarted", clock: () => new Date() })).claimed).toBe(0);
    expect((await runDeliveryPass({ workerId: "restarted", clock })).outcomes).toEqual(["delivered"]);
    const sends = r.received.filter((h) => h.id === event.id);
    expect(sends).toHaveLength(2);
    expect(sends[1].body).toBe(sends[0].body);
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).payload).toBeNull();
  });

  it("a receiver down for 5 minutes of fake-clock time gets the event on a later retry; the log shows each attempt", async () => {
    const ws = await createTestWorkspace();
    let downUntil = Infinity;
    const clock = fakeClock();
    const r = await receiver(() => (clock().getTime() < downUntil ? { status: 503 } : { status: 200 }));
    await endpointFor(ws, r.url);
    const person = await identify({ workspace: ws, identifier: uniqueToken("down"), attributes: {} });
    await deletePeople({ workspace: ws, cioIds: [person.cioId!], suppress: true, actor });
    clock.advance(Date.now() - clock().getTime()); // the event's time
    downUntil = clock().getTime() + 5 * 60_000;
    const [event] = await eventsOf(ws.id);
    const pass = () => runDeliveryPass({ workerId: uniqueToken("w"), clock });
    expect((await pass()).outcomes).toEqual(["retry"]); // t = 0: 503
    expect((await pass()).claimed).toBe(0); // not due yet
    clock.advance(6_000);
    expect((await pass()).outcomes).toEqual(["retry"]); // t ≈ 5 s: 503
    expect((await db.webhookEndpoint.findFirstOrThrow({ where: { workspaceId: ws.id } })).failingSince).not.toBeNull();
    clock.advance(2 * 60_000);
    expect((await pass()).claimed).toBe(0); // the third try is ~5 min after the second
    clock.advance(4 * 60_000 + 30_000);
    expect((await pass()).outcomes).toEqual(["delivered"]); // t > 5 min: up again
    const attempts = await db.webhookAttempt.findMany({ where: { delivery: { eventId: event.id } }, orderBy: { id: "asc" } });
    expect(attempts.map((a) => a.statusCode)).toEqual([503, 503, 200]);
    expect(attempts[0].responseBody).toBe("down");
    expect(new Set(r.received.filter((h) => h.id === event.id).map((h) => h.id)).size).toBe(1);
    expect((await db.webhookEndpoint.findFirstOrThrow({ where: { workspaceId: ws.id } })).failingSince).toBeNull();
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).payload).toBeNull();
  });

  it("gives up after 3 days (payload purged) and disables an endpoint failing for 5 days in a row", async () => {
    const ws = await createTestWorkspace();
    const clock = fakeClock();
    const r = await receiver(() => ({ status: 500 }));
    await endpointFor(ws, r.url);
    const first = await identify({ workspace: ws, identifier: uniqueToken("gone"), attributes: {} });
    await deletePeople({ workspace: ws, cioIds: [first.cioId!], suppress: false, actor });
    const pass = () => runDeliveryPass({ workerId: uniqueToken("w"), clock });
    const outcomes: string[] = [];
    for (let hour = 0; hour < 80; hour++) {
      outcomes.push(...(await pass()).outcomes);
      clock.advance(3_600_000);
    }
    expect(outcomes.at(-1)).toBe("failed");
    const [event] = await eventsOf(ws.id);
    expect(event.payload).toBeNull();
    expect(await db.webhookEndpoint.findFirstOrThrow({ where: { workspaceId: ws.id } })).toMatchObject({ enabled: true });
    // Two more days of failures (a new event each day) pass the 5-day mark: disabled, with the reason.
    for (let day = 0; day < 3; day++) {
      const next = await identify({ workspace: ws, identifier: uniqueToken("more"), attributes: {} });
      await deletePeople({ workspace: ws, cioIds: [next.cioId!], suppress: false, actor });
      await db.$executeRaw`UPDATE webhook_delivery d SET next_attempt_at = ${clock()}, created_at = ${clock()} FROM webhook_event e WHERE e.id = d.event_id AND e.workspace_id = ${ws.id} AND d.status = 'pending'`;
      await pass();
      clock.advance(24 * 3_600_000);
    }
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { workspaceId: ws.id } });
    expect(endpoint.enabled).toBe(false);
    expect(endpoint.disabledReason).toMatch(/5 days/);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id, status: "pending" } })).toBe(0);
    expect(await db.webhookEvent.count({ where: { workspaceId: ws.id, payload: { not: null } } })).toBe(0);
  });

  it("suppressing values nobody holds (API, an erasure list) and unsuppressing send identifier events; a list ends with deletion.completed", async () => {
    const ws = await createTestWorkspace();
    const r = await receiver();
    await endpointFor(ws, r.url, ["identifier.suppressed", "identifier.unsuppressed", "deletion.completed"]);
    const { suppressIdentifier } = await import("../deletion/suppress-identifier");
    const { unsuppressIdentifier } = await import("../suppression/suppress");
    const { parseErasureList } = await import("../erasure-requests/parse-list");
    const { applyErasureList } = await import("../erasure-requests/apply-list");
    const bare = uniqueEmail("bare");
    const suppressed = await suppressIdentifier({ workspace: ws, identifier: bare, actor });
    await unsuppressIdentifier({ workspace: ws, identifier: bare, actor });
    const listed = [uniqueToken("listed"), uniqueEmail("listed")];
    const applied = await applyErasureList({ workspace: ws, entries: await parseErasureList(listed.join("\n")), previewedAt: new Date(), suppress: true, actor });
    const events = (await eventsOf(ws.id)).map((e) => ({ type: e.type, receiptId: e.receiptId, data: (JSON.parse(e.payload!) as { data: Record<string, unknown> }).data }));
    expect(events).toEqual([
      { type: "identifier.suppressed", receiptId: suppressed.receiptId, data: expect.objectContaining({ identifiers: [{ kind: "email", value: bare }] }) },
      { type: "identifier.unsuppressed", receiptId: expect.any(String), data: expect.objectContaining({ identifiers: [{ kind: "email", value: bare }] }) },
      { type: "identifier.suppressed", receiptId: applied.receiptId, data: expect.objectContaining({ identifiers: [{ kind: "id", value: listed[0] }, { kind: "email", value: listed[1] }] }) },
      { type: "deletion.completed", receiptId: applied.receiptId, data: expect.objectContaining({ source: "list", suppressed: true, deleted: 0 }) },
    ]);
  });

  it("a list large enough to run as a job ends with deletion.completed naming the list as its source; a selection's job, the job", async () => {
    const ws = await createTestWorkspace();
    const r = await receiver();
    await endpointFor(ws, r.url, ["deletion.completed"]);
    const { parseErasureList } = await import("../erasure-requests/parse-list");
    const { applyErasureList } = await import("../erasure-requests/apply-list");
    const { cioIds } = await seedClaimedPeople(ws, 1_001, { activities: 0 });
    const entries = await parseErasureList(cioIds.map((cioId) => `cio_${cioId}`).join("\n"));
    const applied = await applyErasureList({ workspace: ws, entries, previewedAt: new Date(), suppress: false, actor, confirmation: { previewPeople: 1_001, typed: "1,001" } });
    if (applied.mode !== "job") throw new Error("expected a job");
    expect(await processNextDeletionJob({ jobId: applied.jobId })).toMatchObject({ outcome: "completed" });
    const { tag } = await seedClaimedPeople(ws, 1_001, { activities: 0 });
    const started = await startDeletion({ workspace: ws, selection: { sql: (await import("../generated/prisma/client")).Prisma.sql`SELECT cio_id FROM person WHERE workspace_id = ${ws.id} AND attributes->>'tag' = ${tag}` }, suppress: false, actor });
    if (started.mode !== "job") throw new Error("expected a job");
    expect(await processNextDeletionJob({ jobId: started.jobId })).toMatchObject({ outcome: "completed" });
    const ended = (await eventsOf(ws.id)).map((e) => ({ receiptId: e.receiptId, data: (JSON.parse(e.payload!) as { data: Record<string, unknown> }).data }));
    expect(ended).toEqual([
      { receiptId: applied.receiptId, data: expect.objectContaining({ source: "list", deleted: 1_001, job_id: applied.jobId }) },
      { receiptId: started.receiptId, data: expect.objectContaining({ source: "job", deleted: 1_001, job_id: started.jobId }) },
    ]);
  });

  it("a job whose batch fails sends deletion.failed; giving it up then sends deletion.cancelled", async () => {
    const ws = await createTestWorkspace();
    const r = await receiver();
    await endpointFor(ws, r.url, ["deletion.failed", "deletion.cancelled"]);
    const { tag } = await seedClaimedPeople(ws, 1_001, { activities: 0 });
    // The database refuses this workspace's deletes, so the job's first batch fails for good.
    const trigger = uniqueToken("refuse_delete_");
    await db.$executeRawUnsafe(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.workspace_id = '${ws.id}' THEN RAISE EXCEPTION 'refused'; END IF;
        RETURN OLD;
      END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER ${trigger} BEFORE DELETE ON person FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const selection = { sql: (await import("../generated/prisma/client")).Prisma.sql`SELECT cio_id FROM person WHERE workspace_id = ${ws.id} AND attributes->>'tag' = ${tag}` };
      const started = await startDeletion({ workspace: ws, selection, suppress: true, actor });
      if (started.mode !== "job") throw new Error("expected a job");
      expect(await processNextDeletionJob({ jobId: started.jobId })).toMatchObject({ outcome: "failed" });
      const { cancelDeletionJob } = await import("../deletion/cancel");
      await cancelDeletionJob({ workspace: ws, jobId: started.jobId, actor });
    } finally {
      log.mockRestore();
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON person`);
      await db.$executeRawUnsafe(`DROP FUNCTION ${trigger}()`);
    }
    const ended = (await eventsOf(ws.id)).map((e) => JSON.parse(e.payload!) as { type: string; data: Record<string, unknown> });
    const counts = { actor: { kind: "user" }, source: "job", suppressed: true, deleted: 0, total: 1_001 };
    expect(ended).toEqual([
      { type: "deletion.failed", timestamp: expect.any(String) as unknown, data: expect.objectContaining(counts) as unknown },
      { type: "deletion.cancelled", timestamp: expect.any(String) as unknown, data: expect.objectContaining(counts) as unknown },
    ]);
  });

  it("nothing is written when no endpoint subscribes to the type", async () => {
    const r = await receiver();
    await endpointFor(workspace, r.url, ["identifier.unsuppressed"]);
    const person = await identify({ workspace, identifier: uniqueToken("quiet"), attributes: {} });
    await deletePeople({ workspace, cioIds: [person.cioId!], suppress: true, actor });
    expect(await eventsOf(workspace.id)).toHaveLength(0);
  });
});
