import { describe, expect, it, vi } from "vitest";
import { Prisma } from "../generated/prisma/client";
import type { Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { DeletionConfirmationError, NotFoundError } from "../errors";
import { deletePeople } from "./delete-people";
import { createTestWorkspace, seedClaimedPeople, uniqueToken } from "../test/factories";
import { cancelDeletionJob } from "./cancel";
import { getDeletionJob, listDeletionJobs } from "./progress";
import { resumeDeletionJob } from "./resume";
import { INLINE_DELETE_LIMIT, startDeletion } from "./start";
import { processNextDeletionJob, runDeletionJobs } from "./worker";
import { runDeletionJobBatch } from "./batch";
import { readableActivityCount } from "../test/activity";

const actor = { type: "user", id: "user_jobs" } as const;

// People with id claims and one activity each, the way identify would leave them.
const seedPeople = (workspace: Workspace, count: number, tag?: string) => seedClaimedPeople(workspace, count, { tag });

const byTag = (workspace: Workspace, tag: string) =>
  Prisma.sql`SELECT cio_id FROM person WHERE workspace_id = ${workspace.id} AND attributes->>'tag' = ${tag}`;

describe("[JOBS] deletion jobs", () => {
  it("runs up to the inline limit at once, from explicit cio_ids or a filter", async () => {
    const workspace = await createTestWorkspace();
    const { cioIds, tag } = await seedPeople(workspace, 30);
    const inline = await startDeletion({ workspace, selection: { cioIds: cioIds.slice(0, 10) }, suppress: false, actor });
    expect(inline).toMatchObject({ mode: "inline", deleted: 10 });
    const filtered = await startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: true, actor });
    expect(filtered).toMatchObject({ mode: "inline", deleted: 20 });
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.suppression.count({ where: { workspaceId: workspace.id } })).toBe(20);
  });

  it("snapshots a large selection at confirmation; people joining the filter later are not deleted; progress is reported", async () => {
    const workspace = await createTestWorkspace();
    const { tag, cioIds } = await seedPeople(workspace, INLINE_DELETE_LIMIT + 250);
    const started = await startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: true, actor, batchSize: 500 });
    expect(started).toMatchObject({ mode: "job", total: INLINE_DELETE_LIMIT + 250 });
    if (started.mode !== "job") throw new Error("expected a job");
    const late = await seedPeople(workspace, 5, tag); // matches the filter, but after confirmation
    // The snapshot is numbered 1..total in the people's storage order and split into batches of 500.
    const items = await db.deletionJobItem.findMany({ where: { jobId: started.jobId }, orderBy: { seq: "asc" } });
    expect(items.map((i) => i.seq)).toEqual(Array.from({ length: 1250 }, (_, i) => i + 1));
    const stored = await db.$queryRaw<{ cio_id: string }[]>`SELECT cio_id FROM person WHERE cio_id = ANY(${cioIds}::text[]) ORDER BY ctid`;
    expect(items.map((i) => i.cioId)).toEqual(stored.map((row) => row.cio_id));
    const batches = await db.deletionJobBatch.findMany({ where: { jobId: started.jobId }, orderBy: { batchNo: "asc" } });
    expect(batches.map((b) => [b.firstSeq, b.lastSeq, b.done])).toEqual([[1, 500, false], [501, 1000, false], [1001, 1250, false]]);

    expect(await getDeletionJob({ workspace, jobId: started.jobId })).toMatchObject({ status: "queued", done: 0, total: 1250, etaSeconds: null });
    const first = await processNextDeletionJob({ jobId: started.jobId, maxBatches: 1 });
    expect(first).toEqual({ jobId: started.jobId, outcome: "paused", batches: 1 });
    const midway = await getDeletionJob({ workspace, jobId: started.jobId });
    expect(midway).toMatchObject({ status: "running", done: 500, total: 1250 });
    expect(midway.rate).toBeGreaterThan(0);
    expect(midway.etaSeconds).toBeGreaterThanOrEqual(0);
    // The committed batch's snapshot rows are gone; the rest wait.
    expect(await db.deletionJobItem.count({ where: { jobId: started.jobId } })).toBe(750);

    // Meanwhile someone deletes ten of the snapshot's people by hand: they still count as done.
    const alive = await db.person.findMany({ where: { cioId: { in: cioIds } }, select: { cioId: true }, take: 10 });
    const byHand = alive.map((p) => p.cioId);
    expect(byHand).toHaveLength(10);
    await deletePeople({ workspace, cioIds: byHand, suppress: false, actor });
    // Another worker (or this one after a restart) carries on from the first uncommitted batch.
    expect(await processNextDeletionJob({ jobId: started.jobId })).toEqual({ jobId: started.jobId, outcome: "completed", batches: 2 });
    // A finished job runs no more batches.
    expect(await runDeletionJobBatch({ jobId: started.jobId })).toBe("stopped");

    const job = await getDeletionJob({ workspace, jobId: started.jobId });
    expect(job).toMatchObject({ status: "completed", done: 1250, total: 1250, etaSeconds: null });
    expect(await db.deletionJobItem.count({ where: { jobId: started.jobId } })).toBe(0);
    expect(await db.deletionJobBatch.count({ where: { jobId: started.jobId } })).toBe(0);
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(5);
    expect(await db.person.count({ where: { cioId: { in: late.cioIds } } })).toBe(5);
    expect(await db.suppression.count({ where: { workspaceId: workspace.id, receiptId: started.receiptId } })).toBe(1240);
    // The late joiners' activity, and the hand-deleted people's (seeded + profile_deleted), stay.
    expect(await readableActivityCount(workspace.id)).toBe(5 + 20);
    const audit = await db.auditEntry.findMany({ where: { workspaceId: workspace.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.count])).toEqual([
      ["deletion_job.create", 1250],
      ["people.delete", 10],
      ["people.delete_and_suppress", 1250],
    ]);
  });

  it("holds a confirmation against its own count of the snapshot: a changed filter or a missing typed number deletes and queues nothing", async () => {
    const workspace = await createTestWorkspace();
    const { tag } = await seedPeople(workspace, INLINE_DELETE_LIMIT + 20);
    const attempt = (confirmation: { expectedCount?: number; typed?: string }) =>
      startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: true, actor, confirmation });
    await expect(attempt({ expectedCount: 0 })).rejects.toMatchObject({ name: "DeletionConfirmationError", reason: "changed", currentCount: 1020 });
    await expect(attempt({})).rejects.toMatchObject({ reason: "changed", currentCount: 1020 });
    await expect(attempt({ expectedCount: 1020 })).rejects.toMatchObject({ reason: "typed", message: "Type 1,020 to confirm." });
    await expect(attempt({ expectedCount: 1019, typed: "1019" })).rejects.toThrow(DeletionConfirmationError);
    expect(await db.deletionJob.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(1020);

    // Small selections too: the filter's matches are the dialog's N or nothing happens.
    const small = await seedPeople(workspace, 3);
    const inline = (expectedCount: number) =>
      startDeletion({ workspace, selection: { sql: byTag(workspace, small.tag) }, suppress: false, actor, confirmation: { expectedCount } });
    await expect(inline(2)).rejects.toMatchObject({ reason: "changed", currentCount: 3 });
    expect(await db.person.count({ where: { cioId: { in: small.cioIds } } })).toBe(3);
    expect(await inline(3)).toMatchObject({ mode: "inline", deleted: 3 });

    expect(await attempt({ expectedCount: 1020, typed: "1,020" })).toMatchObject({ mode: "job", total: 1020 });
    const [job] = await db.deletionJob.findMany({ where: { workspaceId: workspace.id } });
    await cancelDeletionJob({ workspace, jobId: job.id, actor });
  });

  it("stores a failed batch's error as its class and a fixed message, never the values the database's text quotes", async () => {
    const workspace = await createTestWorkspace();
    const { tag } = await seedPeople(workspace, INLINE_DELETE_LIMIT + 1);
    // The database refuses these deletes with an error naming the person's id (only this workspace's).
    const trigger = uniqueToken("refuse_delete_");
    await db.$executeRawUnsafe(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.workspace_id = '${workspace.id}' THEN RAISE EXCEPTION 'refusing to delete %', OLD.external_id; END IF;
        RETURN OLD;
      END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER ${trigger} BEFORE DELETE ON person FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const started = await startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: false, actor });
      if (started.mode !== "job") throw new Error("expected a job");
      expect(await processNextDeletionJob({ jobId: started.jobId })).toEqual({ jobId: started.jobId, outcome: "failed", batches: 0 });
      const stored = await db.deletionJob.findUniqueOrThrow({ where: { id: started.jobId }, select: { error: true } });
      expect(stored.error).toBe("PrismaClientKnownRequestError P0001: database procedure raised an error");
      expect(await getDeletionJob({ workspace, jobId: started.jobId })).toMatchObject({ status: "failed", error: stored.error });
      const logged = log.mock.calls.flat().map(String).join("\n");
      expect(logged).toContain(`deletion job ${started.jobId}: batch failed: PrismaClientKnownRequestError P0001`);
      expect(logged).not.toContain(tag);
      expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(INLINE_DELETE_LIMIT + 1);
      // A failed job is not picked up again until staff resume it; then it ends exact.
      expect(await processNextDeletionJob({ jobId: started.jobId })).toBeNull();
      await db.$executeRawUnsafe(`DROP TRIGGER ${trigger} ON person`);
      await expect(resumeDeletionJob({ workspace, jobId: uniqueToken("job_missing"), actor })).rejects.toThrow(NotFoundError);
      expect(await resumeDeletionJob({ workspace, jobId: started.jobId, actor })).toMatchObject({ status: "queued", error: null });
      await expect(resumeDeletionJob({ workspace, jobId: started.jobId, actor })).rejects.toThrow("only a failed deletion job can be resumed");
      expect(await processNextDeletionJob({ jobId: started.jobId })).toMatchObject({ outcome: "completed" });
      expect(await getDeletionJob({ workspace, jobId: started.jobId })).toMatchObject({ status: "completed", done: INLINE_DELETE_LIMIT + 1 });
      expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(0);
    } finally {
      log.mockRestore();
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON person`);
      await db.$executeRawUnsafe(`DROP FUNCTION ${trigger}()`);
    }
  });

  it("shows an error stored before errors were summarized as a generic failure, not its raw text", async () => {
    const workspace = await createTestWorkspace();
    const jobId = uniqueToken("job_legacy");
    await db.deletionJob.create({
      data: {
        id: jobId,
        workspaceId: workspace.id,
        suppress: false,
        total: 1,
        status: "failed",
        receiptId: uniqueToken("rcpt_"),
        batchSize: 1000,
        actorType: "user",
        error: 'Raw query failed. Code: `23514`. Message: `Failing row contains (jane@example.com)`',
      },
    });
    expect((await getDeletionJob({ workspace, jobId })).error).toBe("Error: unexpected error");
  });

  it("honours cancel: at once when queued, at the next batch when running; deleted people stay deleted", async () => {
    const workspace = await createTestWorkspace();
    const a = await seedPeople(workspace, INLINE_DELETE_LIMIT + 1);
    const queued = await startDeletion({ workspace, selection: { sql: byTag(workspace, a.tag) }, suppress: false, actor });
    if (queued.mode !== "job") throw new Error("expected a job");
    expect(await cancelDeletionJob({ workspace, jobId: queued.jobId, actor })).toMatchObject({ status: "cancelled", done: 0 });
    expect(await processNextDeletionJob({ jobId: queued.jobId })).toBeNull();

    const running = await startDeletion({ workspace, selection: { sql: byTag(workspace, a.tag) }, suppress: false, actor, batchSize: 400 });
    if (running.mode !== "job") throw new Error("expected a job");
    await processNextDeletionJob({ jobId: running.jobId, maxBatches: 1 });
    const cancelled = await cancelDeletionJob({ workspace, jobId: running.jobId, actor });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelRequested: true, done: 400, total: INLINE_DELETE_LIMIT + 1 });
    expect(cancelled.finishedAt).not.toBeNull();
    expect(await runDeletionJobBatch({ jobId: running.jobId })).toBe("stopped");
    expect(await processNextDeletionJob({ jobId: running.jobId })).toBeNull();
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(INLINE_DELETE_LIMIT + 1 - 400);
    expect(await db.deletionJobItem.count({ where: { jobId: running.jobId } })).toBe(0);
    const audit = await db.auditEntry.findMany({ where: { workspaceId: workspace.id, action: "people.delete" }, orderBy: { id: "asc" } });
    expect(audit.map((e) => [e.count, (e.details as { status: string }).status])).toEqual([[0, "cancelled"], [400, "cancelled"]]);
    // The Deletions page lists both, newest first, with what each did.
    const listed = await listDeletionJobs({ workspace });
    expect(listed.map((j) => [j.id, j.status, j.done])).toEqual([[running.jobId, "cancelled", 400], [queued.jobId, "cancelled", 0]]);
    await expect(getDeletionJob({ workspace, jobId: "job_missing" })).rejects.toThrow(NotFoundError);
  });

  it("the worker loop picks up queued jobs and stops on abort", async () => {
    const workspace = await createTestWorkspace();
    const { tag } = await seedPeople(workspace, INLINE_DELETE_LIMIT + 10);
    const started = await startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: true, actor });
    if (started.mode !== "job") throw new Error("expected a job");
    const controller = new AbortController();
    const loop = runDeletionJobs({ signal: controller.signal, idleMs: 50 });
    for (let i = 0; i < 600; i++) {
      if ((await getDeletionJob({ workspace, jobId: started.jobId })).status === "completed") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    controller.abort();
    await loop;
    expect(await getDeletionJob({ workspace, jobId: started.jobId })).toMatchObject({ status: "completed", done: 1010, total: 1010 });
  });
});
