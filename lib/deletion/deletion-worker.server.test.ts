// Deletion jobs under faults, on real PostgreSQL with workers in processes of their own: kill -9
// mid-job then resume, two workers sharing one job, cancel while a worker runs. Each ends exact: every
// snapshot person deleted once and suppressed, nobody else touched, done equal to what was deleted.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import { createTestWorkspace, seedClaimedPeople, uniqueToken } from "../test/factories";

const { db } = await import("../db");
const { startDeletion } = await import("./start");
const { getDeletionJob } = await import("./progress");
const { cancelDeletionJob } = await import("./cancel");
const { processNextDeletionJob } = await import("./worker");
const { identify } = await import("../people/identify");
const { trackEvent } = await import("../activity/track-event");
const { forgottenActivityCount, readableActivityCount } = await import("../test/activity");

const actor = { type: "user", id: "user_faults" } as const;
const CHILD = path.resolve(__dirname, "test-worker-process.ts");

// People with an id claim and two activities each, tagged so a filter can select them.
const seedPeople = async (workspace: Workspace, count: number, tag: string) => (await seedClaimedPeople(workspace, count, { tag, activities: 2 })).cioIds;

const byTag = (workspace: Workspace, tag: string) =>
  Prisma.sql`SELECT cio_id FROM person WHERE workspace_id = ${workspace.id} AND attributes->>'tag' = ${tag}`;

type Child = { process: ChildProcess; ready: Promise<void>; result: Promise<{ batches: number; outcome: string } | null> };

function startWorker(jobId: string): Child {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD, jobId], {
    env: { ...process.env, DELETION_WORKER: "off" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("ready\n")) markReady();
  });
  const result = once(child, "exit").then(() => {
    const last = output.trim().split("\n").pop() ?? "";
    return last.startsWith("{") ? (JSON.parse(last) as { batches: number; outcome: string }) : null;
  });
  return { process: child, ready, result };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// The end state of a delete-and-suppress job over `snapshot`, with `kept` people that must survive.
async function expectExact(workspace: Workspace, jobId: string, receiptId: string, snapshot: string[], deleted: number) {
  const job = await getDeletionJob({ workspace, jobId });
  const stillThere = await db.person.count({ where: { cioId: { in: snapshot } } });
  expect(snapshot.length - stillThere).toBe(deleted);
  expect(job.done).toBe(deleted);
  // One suppression per deleted person, each holding that person's id claim: none twice, none
  // deleted-but-unsuppressed, and no claim left to a deleted person.
  expect(await db.suppression.count({ where: { workspaceId: workspace.id, receiptId } })).toBe(deleted);
  const [claims] = await db.$queryRaw<{ suppressed: number; living: number }[]>`
    SELECT count(*) FILTER (WHERE c.suppression_id IS NOT NULL)::int AS suppressed,
           count(*) FILTER (WHERE c.cio_id IS NOT NULL)::int AS living
    FROM identifier_claim c WHERE c.workspace_id = ${workspace.id}`;
  expect(claims.suppressed).toBe(deleted);
  expect(await db.activity.count({ where: { workspaceId: workspace.id, type: "profile_suppressed" } })).toBe(deleted);
  expect(await forgottenActivityCount(workspace.id, "event")).toBe(2 * deleted);
  expect(await readableActivityCount(workspace.id, snapshot)).toBe(2 * stillThere);
  // Key rows went with their people, batch by batch: a killed batch's all stayed, a committed one's all went.
  expect(await db.profileKey.count({ where: { workspaceId: workspace.id, cioId: { in: snapshot } } })).toBe(stillThere);
  return { job, livingClaims: claims.living };
}

describe("[JOBS] deletion workers under faults (PostgreSQL)", () => {
  it("kill -9 mid-job, then a worker starts again: resumes from the last committed batch and ends exact; people added after confirmation stay", async () => {
    const workspace = await createTestWorkspace();
    const tag = uniqueToken("kill");
    const snapshot = await seedPeople(workspace, 6_000, tag);
    const started = await startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: true, actor, batchSize: 250 });
    if (started.mode !== "job") throw new Error("expected a job");
    const late = await seedPeople(workspace, 30, tag); // match the filter, after confirmation

    const worker = startWorker(started.jobId);
    await waitFor(async () => (await getDeletionJob({ workspace, jobId: started.jobId })).done >= 1_000, "some batches to commit");
    worker.process.kill("SIGKILL");
    expect(await worker.result).toBeNull(); // died without a word
    const atKill = await getDeletionJob({ workspace, jobId: started.jobId });
    expect(atKill.status).toBe("running");
    expect(atKill.done).toBeLessThan(6_000);
    // What committed is exact already: whole batches, nothing half done.
    expect(atKill.done % 250).toBe(0);
    expect(await db.deletionJobBatch.count({ where: { jobId: started.jobId, done: true } })).toBe(atKill.done / 250);
    await expectExact(workspace, started.jobId, started.receiptId, snapshot, atKill.done);

    // A new worker (the restarted server) picks the job up at once: no lease to wait out.
    const resumed = await processNextDeletionJob({ jobId: started.jobId });
    expect(resumed).toMatchObject({ outcome: "completed", batches: (6_000 - atKill.done) / 250 });
    const { job, livingClaims } = await expectExact(workspace, started.jobId, started.receiptId, snapshot, 6_000);
    expect(job).toMatchObject({ status: "completed", done: 6_000, total: 6_000 });
    expect(livingClaims).toBe(30);
    expect(await db.person.count({ where: { cioId: { in: late } } })).toBe(30);
    const audit = await db.auditEntry.findMany({ where: { workspaceId: workspace.id, action: "people.delete_and_suppress" } });
    expect(audit.map((a) => a.count)).toEqual([6_000]);
  });

  it("two worker processes on one job: both run batches, none twice, the job ends exact", async () => {
    const workspace = await createTestWorkspace();
    const tag = uniqueToken("two");
    const snapshot = await seedPeople(workspace, 8_000, tag);
    const started = await startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: true, actor, batchSize: 200 });
    if (started.mode !== "job") throw new Error("expected a job");
    const first = startWorker(started.jobId);
    const second = startWorker(started.jobId);
    const [one, two] = await Promise.all([first.result, second.result]);
    expect(one && two).toBeTruthy();
    expect(one!.batches).toBeGreaterThan(0);
    expect(two!.batches).toBeGreaterThan(0);
    expect(one!.batches + two!.batches).toBe(8_000 / 200);
    expect([one!.outcome, two!.outcome]).toContain("completed");
    const { job } = await expectExact(workspace, started.jobId, started.receiptId, snapshot, 8_000);
    expect(job).toMatchObject({ status: "completed", done: 8_000, total: 8_000 });
  });

  it("cancel while a worker process runs: stops after the batch in flight and reports exactly what was deleted", async () => {
    const workspace = await createTestWorkspace();
    const tag = uniqueToken("cancel");
    const snapshot = await seedPeople(workspace, 6_000, tag);
    const started = await startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: true, actor, batchSize: 250 });
    if (started.mode !== "job") throw new Error("expected a job");
    const worker = startWorker(started.jobId);
    await waitFor(async () => (await getDeletionJob({ workspace, jobId: started.jobId })).done >= 500, "some batches to commit");
    const cancelled = await cancelDeletionJob({ workspace, jobId: started.jobId, actor });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.done).toBeGreaterThanOrEqual(500);
    expect(cancelled.done).toBeLessThan(6_000);
    expect((await worker.result)?.outcome).toMatch(/^(cancelled|stopped)$/);
    // Nothing moved after the cancel returned.
    await expectExact(workspace, started.jobId, started.receiptId, snapshot, cancelled.done);
    expect(await getDeletionJob({ workspace, jobId: started.jobId })).toMatchObject({ status: "cancelled", done: cancelled.done });
    expect(await db.deletionJobItem.count({ where: { jobId: started.jobId } })).toBe(0);
  });

  it("a batch passes over a person an in-flight identify holds, deletes the rest at once, then that person once released; events aren't held up", async () => {
    const workspace = await createTestWorkspace();
    const tag = uniqueToken("held");
    const snapshot = await seedPeople(workspace, 1_100, tag);
    const outsider = await identify({ workspace, identifier: uniqueToken("outsider"), attributes: {} });
    const started = await startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: true, actor, batchSize: 2_000 });
    if (started.mode !== "job") throw new Error("expected a job");
    const held = snapshot[0];
    // What an identify of that person holds while its transaction is open: the person's row, updated.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM person WHERE cio_id = $1 FOR NO KEY UPDATE", [held]);
      const run = processNextDeletionJob({ jobId: started.jobId });
      const remaining = () => db.person.count({ where: { cioId: { in: snapshot } } });
      // The first pass didn't wait for the held row: everyone else is gone, committed.
      await waitFor(async () => (await remaining()) === 1, "the first pass to commit");
      expect(await db.person.findUnique({ where: { cioId: held }, select: { cioId: true } })).toEqual({ cioId: held });
      expect((await getDeletionJob({ workspace, jobId: started.jobId })).done).toBe(1_099);
      expect(await db.deletionJobBatch.findMany({ where: { jobId: started.jobId }, select: { done: true, deleted: true } })).toEqual([{ done: false, deleted: 1_099 }]);
      // While the second pass waits for the held person, an event of someone else is stored at once.
      const event = trackEvent({ workspace, identifier: `cio_${outsider.cioId}`, event: { name: "meanwhile" } });
      const timeout = new Promise((resolve) => setTimeout(() => resolve("held up"), 5_000));
      expect(await Promise.race([event.then((r) => r.outcome), timeout])).toBe("stored");
      await holder.query("COMMIT");
      expect(await run).toMatchObject({ outcome: "completed" });
    } finally {
      await holder.end();
    }
    const { job } = await expectExact(workspace, started.jobId, started.receiptId, snapshot, 1_100);
    expect(job).toMatchObject({ status: "completed", done: 1_100, total: 1_100 });
  });
});
