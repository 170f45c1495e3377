// Deletion jobs under faults, on real PostgreSQL with workers in processes of their own: kill -9
// mid-job then resume, two workers sharing one job, cancel while a worker runs. Each ends exact: every
// snapshot person deleted once and suppressed, nobody else touched, done equal to what was deleted.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import { createTestWorkspace, uniqueToken } from "../test/factories";

const { db } = await import("../db");
const { hashIdentifier, newCioId } = await import("../identity/identifiers");
const { startDeletion } = await import("./start");
const { getDeletionJob } = await import("./progress");
const { cancelDeletionJob } = await import("./cancel");
const { processNextDeletionJob } = await import("./worker");

const actor = { type: "user", id: "user_faults" } as const;
const CHILD = path.resolve(__dirname, "test-worker-process.ts");

// People with an id claim and two activities each, tagged so a filter can select them.
async function seedPeople(workspace: Workspace, count: number, tag: string) {
  const cioIds = Array.from({ length: count }, () => newCioId());
  const ids = cioIds.map((_, i) => `${tag}-${uniqueToken("p")}-${i}`);
  await db.$executeRaw`
    INSERT INTO person (cio_id, workspace_id, external_id, attributes)
    SELECT c, ${workspace.id}, i, jsonb_build_object('tag', ${tag}::text) FROM unnest(${cioIds}::text[], ${ids}::text[]) AS t(c, i)`;
  await db.$executeRaw`
    INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
    SELECT ${workspace.id}, 'id', h, c FROM unnest(${ids.map((id) => hashIdentifier(workspace, "id", id))}::text[], ${cioIds}::text[]) AS t(h, c)`;
  await db.$executeRaw`
    INSERT INTO activity (workspace_id, cio_id, type, name) SELECT ${workspace.id}, c, 'event', 'seeded' FROM unnest(${cioIds}::text[]) AS c, generate_series(1, 2)`;
  return cioIds;
}

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
  child.stdout!.on("data", (chunk: Buffer) => {
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
  expect(await db.activity.count({ where: { workspaceId: workspace.id, forgotten: true, type: "event" } })).toBe(2 * deleted);
  expect(await db.activity.count({ where: { workspaceId: workspace.id, cioId: { in: snapshot } } })).toBe(2 * stillThere);
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
});
