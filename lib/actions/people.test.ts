// Delete forever as the dialog calls it, with a real staff session: the server holds the browser's
// count and typed number against its own count of the snapshot, so "all N" can't be confirmed by
// sending a number of its choosing.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { uniqueToken } from "../test/factories";

import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { db } = await import("../db");
const { newCioId } = await import("../identity/identifiers");
const { getWorkspace } = await import("../workspace/workspace");
const { cancelDeletionJob } = await import("../deletion/cancel");
const { INLINE_DELETE_LIMIT } = await import("../deletion/start");
const { deletePeopleAction } = await import("./people");
const { signedInStaff } = await import("../test/staff-session");

let supportCookie = "";

// People in the install's workspace (the one actions act on) carrying a tag only this test uses.
async function seedTagged(count: number, tag = uniqueToken("tag")) {
  const workspace = await getWorkspace();
  const cioIds = Array.from({ length: count }, () => newCioId());
  await db.$executeRaw`
    INSERT INTO person (cio_id, workspace_id, attributes)
    SELECT c, ${workspace.id}, jsonb_build_object('tag', ${tag}::text) FROM unnest(${cioIds}::text[]) AS c`;
  return { tag, cioIds };
}

const byTag = (tag: string) => ({ condition: { attribute: { field: "tag", operator: "eq" as const, value: tag } } });

async function countTagged(tag: string): Promise<number> {
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM person WHERE attributes->>'tag' = ${tag}`;
  return n;
}

// Nobody deleted and nobody queued for deletion (a large deletion only snapshots them into a job).
async function expectUntouched(tag: string, count: number) {
  expect(await countTagged(tag)).toBe(count);
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM deletion_job_item i JOIN person p ON p.cio_id = i.cio_id WHERE p.attributes->>'tag' = ${tag}`;
  expect(n).toBe(0);
}

beforeAll(async () => {
  supportCookie = await signedInStaff("support");
});

beforeEach(() => {
  requestHeaders.current = new Headers({ cookie: supportCookie });
});

// The jobs this file queues are cancelled, so that no other test's worker loop runs them.
const queuedJobIds: string[] = [];
afterAll(async () => {
  const workspace = await getWorkspace();
  for (const jobId of queuedJobIds) await cancelDeletionJob({ workspace, jobId, actor: { type: "system" } });
});

describe("[PEOPLE] Delete forever: the server's own count decides", () => {
  const large = INLINE_DELETE_LIMIT + 50;

  it("refuses 'all N' above 1,000 when the browser claims 0 people and types nothing; nobody is deleted", async () => {
    const { tag } = await seedTagged(large);
    const result = await deletePeopleAction({ suppress: false, selection: { mode: "filter", filter: byTag(tag), expectedCount: 0 } });
    expect(result.ok).toBe(false);
    await expectUntouched(tag, large);
  });

  it("refuses the right count without the typed number, and a wrong typed number", async () => {
    const { tag } = await seedTagged(large);
    const selection = { mode: "filter" as const, filter: byTag(tag), expectedCount: large };
    const untyped = await deletePeopleAction({ suppress: false, selection });
    expect(untyped).toMatchObject({ ok: false, message: "Type 1,050 to confirm.", fieldErrors: { confirmation: ["Type 1,050 to confirm."] } });
    const wrong = await deletePeopleAction({ suppress: false, selection, confirmation: "1,049" });
    expect(wrong.ok).toBe(false);
    await expectUntouched(tag, large);
  });

  it("refuses when the view's matches changed since the dialog counted them, and says how many match now", async () => {
    const { tag } = await seedTagged(large);
    // The dialog counted 1,040 and staff typed that; ten more people have joined the view since.
    const result = await deletePeopleAction({
      suppress: true,
      selection: { mode: "filter", filter: byTag(tag), expectedCount: large - 10 },
      confirmation: "1,040",
    });
    expect(result).toMatchObject({ ok: false, changedCount: large });
    expect(result.message).toMatch(/changed.*1,050 now, not 1,040.*Nothing was deleted.*review and confirm again/);
    await expectUntouched(tag, large);
  });

  it("refuses a small view whose matches changed too (no typing asked), deleting nobody", async () => {
    const { tag } = await seedTagged(5);
    const result = await deletePeopleAction({ suppress: false, selection: { mode: "filter", filter: byTag(tag), expectedCount: 4 } });
    expect(result).toMatchObject({ ok: false, changedCount: 5 });
    await expectUntouched(tag, 5);
  });

  it("deletes when the count matches and the number is typed (a job above 1,000; inline below)", async () => {
    const { tag } = await seedTagged(large);
    const result = await deletePeopleAction({
      suppress: false,
      selection: { mode: "filter", filter: byTag(tag), expectedCount: large },
      confirmation: "1,050",
    });
    if (!result.ok || result.mode !== "job") throw new Error(`expected a job: ${result.message}`);
    queuedJobIds.push(result.jobId);
    expect(result.total).toBe(large);
    expect(await db.deletionJobItem.count({ where: { jobId: result.jobId } })).toBe(large);

    const small = await seedTagged(7);
    const inline = await deletePeopleAction({ suppress: false, selection: { mode: "filter", filter: byTag(small.tag), expectedCount: 7 } });
    expect(inline).toMatchObject({ ok: true, mode: "inline", deleted: 7 });
    expect(await countTagged(small.tag)).toBe(0);
  });

  it("asks a selected list above 1,000 for its number whatever the browser sends, and deletes a list that shrank", async () => {
    const { tag, cioIds } = await seedTagged(large);
    const refused = await deletePeopleAction({ suppress: false, selection: { mode: "ids", cioIds } });
    expect(refused).toMatchObject({ ok: false, message: "Type 1,050 to confirm." });
    await expectUntouched(tag, large);

    // Someone deleted three of the selected people meanwhile: the rest go, as the list named them.
    await db.person.deleteMany({ where: { cioId: { in: cioIds.slice(0, 3) } } });
    const done = await deletePeopleAction({ suppress: false, selection: { mode: "ids", cioIds }, confirmation: "1050" });
    expect(done).toMatchObject({ ok: true, mode: "job", total: large - 3 });
    if (done.ok && done.mode === "job") queuedJobIds.push(done.jobId);
  });
});
