import { describe, expect, it, vi } from "vitest";
import { Prisma } from "../generated/prisma/client";
import type { Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { DeletionConfirmationError, NotFoundError } from "../errors";
import { hashIdentifier, newCioId } from "../identity/identifiers";
import { deletePeople } from "../people/delete-people";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import {
  cancelDeletionJob,
  getDeletionJob,
  INLINE_DELETE_LIMIT,
  processNextDeletionJob,
  runDeletionJobBatch,
  runDeletionJobs,
  startDeletion,
} from "./deletion-jobs";

const actor = { type: "user", id: "user_jobs" } as const;

// Bulk-creates people with id claims and one activity each, the way identify would leave them.
async function seedPeople(workspace: Workspace, count: number, tag = uniqueToken("tag")) {
  const cioIds = Array.from({ length: count }, () => newCioId());
  const batch = uniqueToken("b");
  const ids = cioIds.map((_, i) => `${tag}-${batch}-${i}`);
  await db.$executeRaw`
    INSERT INTO person (cio_id, workspace_id, external_id, attributes)
    SELECT c, ${workspace.id}, i, jsonb_build_object('tag', ${tag}::text) FROM unnest(${cioIds}::text[], ${ids}::text[]) AS t(c, i)`;
  await db.$executeRaw`
    INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
    SELECT ${workspace.id}, 'id', h, c FROM unnest(${ids.map((id) => hashIdentifier(workspace, "id", id))}::text[], ${cioIds}::text[]) AS t(h, c)`;
  await db.$executeRaw`
    INSERT INTO activity (workspace_id, cio_id, type, name, data) SELECT ${workspace.id}, c, 'event', 'seeded', '{"a":1}' FROM unnest(${cioIds}::text[]) AS c`;
  return { cioIds, tag };
}

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
    const started = await startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: true, actor });
    expect(started).toMatchObject({ mode: "job", total: INLINE_DELETE_LIMIT + 250 });
    if (started.mode !== "job") throw new Error("expected a job");
    const late = await seedPeople(workspace, 5, tag); // matches the filter, but after confirmation

    expect(await getDeletionJob({ workspace, jobId: started.jobId })).toMatchObject({ status: "queued", done: 0, total: 1250, etaSeconds: null });
    const first = await processNextDeletionJob({ workerId: "w1", jobId: started.jobId, batchSize: 500, maxBatches: 1 });
    expect(first).toEqual({ jobId: started.jobId, outcome: "paused" });
    const midway = await getDeletionJob({ workspace, jobId: started.jobId });
    expect(midway).toMatchObject({ status: "running", done: 500, total: 1250 });
    expect(midway.rate).toBeGreaterThan(0);
    expect(midway.etaSeconds).toBeGreaterThanOrEqual(0);

    // w1 "crashes" holding the lease; once it expires w2 takes over and ends exact.
    await db.deletionJob.update({ where: { id: started.jobId }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    // Meanwhile someone deletes ten of the snapshot's people by hand: they still count as done.
    const alive = await db.person.findMany({ where: { cioId: { in: cioIds } }, select: { cioId: true }, take: 10 });
    const byHand = alive.map((p) => p.cioId);
    expect(byHand).toHaveLength(10);
    await deletePeople({ workspace, cioIds: byHand, suppress: false, actor });
    expect(await processNextDeletionJob({ workerId: "w2", jobId: started.jobId, batchSize: 500 })).toEqual({ jobId: started.jobId, outcome: "completed" });
    // The old worker, back from the dead, can't run a batch any more.
    expect(await runDeletionJobBatch({ jobId: started.jobId, workerId: "w1" })).toBe("lost");

    const job = await getDeletionJob({ workspace, jobId: started.jobId });
    expect(job).toMatchObject({ status: "completed", done: 1250, total: 1250, etaSeconds: null });
    expect(await db.deletionJobItem.count({ where: { jobId: started.jobId } })).toBe(0);
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(5);
    expect(await db.person.count({ where: { cioId: { in: late.cioIds } } })).toBe(5);
    expect(await db.suppression.count({ where: { workspaceId: workspace.id, receiptId: started.receiptId } })).toBe(1240);
    // The late joiners' activity, and the hand-deleted people's (seeded + profile_deleted), stay.
    expect(await db.activity.count({ where: { workspaceId: workspace.id, forgotten: false } })).toBe(5 + 20);
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
      expect(await processNextDeletionJob({ workerId: "w", jobId: started.jobId })).toEqual({ jobId: started.jobId, outcome: "failed" });
      const stored = await db.deletionJob.findUniqueOrThrow({ where: { id: started.jobId }, select: { error: true } });
      expect(stored.error).toBe("PrismaClientKnownRequestError P0001: database procedure raised an error");
      expect(await getDeletionJob({ workspace, jobId: started.jobId })).toMatchObject({ status: "failed", error: stored.error });
      const logged = log.mock.calls.flat().map(String).join("\n");
      expect(logged).toContain(`deletion job ${started.jobId}: batch failed: PrismaClientKnownRequestError P0001`);
      expect(logged).not.toContain(tag);
      expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(INLINE_DELETE_LIMIT + 1);
    } finally {
      log.mockRestore();
      await db.$executeRawUnsafe(`DROP TRIGGER ${trigger} ON person`);
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
        actorType: "user",
        error: 'Raw query failed. Code: `23514`. Message: `Failing row contains (jane@example.com)`',
      },
    });
    expect((await getDeletionJob({ workspace, jobId })).error).toBe("Error: unexpected error");
  });

  it("a stale worker whose lease was taken over is refused and deletes nothing", async () => {
    const workspace = await createTestWorkspace();
    const { tag } = await seedPeople(workspace, INLINE_DELETE_LIMIT + 1);
    const started = await startDeletion({ workspace, selection: { sql: byTag(workspace, tag) }, suppress: false, actor });
    if (started.mode !== "job") throw new Error("expected a job");
    await processNextDeletionJob({ workerId: "old", jobId: started.jobId, maxBatches: 0 });
    await db.deletionJob.update({ where: { id: started.jobId }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    await processNextDeletionJob({ workerId: "new", jobId: started.jobId, maxBatches: 0 });
    expect(await runDeletionJobBatch({ jobId: started.jobId, workerId: "old" })).toBe("lost");
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(INLINE_DELETE_LIMIT + 1);
    // The lease is live, so nobody else can claim it either.
    expect(await processNextDeletionJob({ workerId: "third", jobId: started.jobId })).toBeNull();
  });

  it("honours cancel: at once when queued, at the next batch when running; deleted people stay deleted", async () => {
    const workspace = await createTestWorkspace();
    const a = await seedPeople(workspace, INLINE_DELETE_LIMIT + 1);
    const queued = await startDeletion({ workspace, selection: { sql: byTag(workspace, a.tag) }, suppress: false, actor });
    if (queued.mode !== "job") throw new Error("expected a job");
    expect(await cancelDeletionJob({ workspace, jobId: queued.jobId, actor })).toMatchObject({ status: "cancelled", done: 0 });
    expect(await processNextDeletionJob({ workerId: "w", jobId: queued.jobId })).toBeNull();

    const running = await startDeletion({ workspace, selection: { sql: byTag(workspace, a.tag) }, suppress: false, actor });
    if (running.mode !== "job") throw new Error("expected a job");
    await processNextDeletionJob({ workerId: "w", jobId: running.jobId, batchSize: 400, maxBatches: 1 });
    expect(await cancelDeletionJob({ workspace, jobId: running.jobId, actor })).toMatchObject({ status: "running", cancelRequested: true });
    expect(await runDeletionJobBatch({ jobId: running.jobId, workerId: "w" })).toBe("cancelled");
    expect(await getDeletionJob({ workspace, jobId: running.jobId })).toMatchObject({ status: "cancelled", done: 400 });
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(INLINE_DELETE_LIMIT + 1 - 400);
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
