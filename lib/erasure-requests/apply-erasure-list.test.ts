// Applying an erasure request: one deletion, one receipt, one certificate with counts per outcome; the
// preview's snapshot (later claimants are spared, people gone meanwhile count as gone); values that
// match nobody suppressed too; over 1,000 people through the deletion job path.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { deletePeople } from "../deletion/delete-people";
import { processNextDeletionJob } from "../deletion/worker";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { DeletionConfirmationError } from "../errors";
import type { Workspace } from "../generated/prisma/client";
import { hashIdentifier } from "../identity/identifiers";
import { identify } from "../people/identify";
import { getErasureCertificate } from "../receipts/certificates";
import { createTestWorkspace, seedClaimedPeople, uniqueEmail, uniqueToken } from "../test/factories";
import { applyErasureList } from "./apply-list";
import { previewErasureList } from "./preview-list";
import { parseErasureList } from "./parse-list";

const actor = { type: "user", id: "user_test" } as const;

async function person(workspace: Workspace, attributes: Record<string, unknown> = {}) {
  const id = uniqueToken("p");
  const email = uniqueEmail("p");
  const { cioId } = await identify({ workspace, identifier: id, attributes: { email, ...attributes }, actor });
  return { id, email, cioId: cioId! };
}

async function certificateOf(workspace: Workspace, receiptId: string) {
  const found = await getErasureCertificate({ workspace, receiptId });
  expect(found.state).toBe("issued");
  return found.state === "issued" ? JSON.parse(found.text).certificate : null;
}

describe("[ERASURE LIST] applying a previewed list", () => {
  let workspace: Workspace;
  beforeAll(async () => {
    workspace = await createTestWorkspace("email_or_id");
  });

  it("deletes and suppresses the issue's six lines under one receipt; the unknown id is suppressed too", async () => {
    const [a, b, c, gone] = [await person(workspace), await person(workspace), await person(workspace), await person(workspace)];
    await suppressIdentifier({ workspace, identifier: gone.email, actor });
    const unknown = uniqueToken("nobody");
    const entries = await parseErasureList([a.id, b.id, c.email, unknown, gone.email, "cio_zz"].join("\n"));
    const preview = await previewErasureList({ workspace, entries });
    const auditBefore = await db.auditEntry.count({ where: { workspaceId: workspace.id } });

    const applied = await applyErasureList({ workspace, entries, previewedAt: preview.previewedAt, suppress: true, actor });

    expect(applied).toMatchObject({ mode: "inline", deleted: 3 });
    expect(applied.counts).toEqual({
      lines: 6, people: 3, nobody: 1, alreadySuppressed: 1, invalid: 1,
      goneSincePreview: 0, takenSincePreview: 0, suppressedWithoutPerson: 1, rememberedWithoutPerson: 0,
    });
    expect(await db.person.count({ where: { cioId: { in: [a.cioId, b.cioId, c.cioId] } } })).toBe(0);
    // One audit entry for the whole request, its receipt on every suppression it wrote.
    expect(await db.auditEntry.count({ where: { workspaceId: workspace.id } })).toBe(auditBefore + 1);
    expect(await db.suppression.count({ where: { workspaceId: workspace.id, receiptId: applied.receiptId } })).toBe(4);
    await expect(identify({ workspace, identifier: unknown, attributes: {}, actor })).rejects.toThrow(/suppressed/);

    const certificate = await certificateOf(workspace, applied.receiptId);
    expect(certificate.people.deleted).toBe(3);
    expect(certificate.list).toEqual(applied.counts);
    const unknownHash = hashIdentifier(workspace, "id", unknown);
    expect(certificate.identifiers.items).toContainEqual({ kind: "id", hint: expect.stringMatching(/^••••/), keyedHash: unknownHash, status: "suppressed" });
    expect(JSON.stringify(certificate)).not.toContain(unknown);
  });

  it("applies the preview's snapshot: a later claimant is spared, one gone meanwhile counts as gone", async () => {
    const stays = uniqueToken("later");
    const leaving = await person(workspace);
    const entries = await parseErasureList([stays, leaving.id].join("\n"));
    const preview = await previewErasureList({ workspace, entries });
    expect(preview.counts).toMatchObject({ person: 1, nobody: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = await identify({ workspace, identifier: stays, attributes: {}, actor });
    await deletePeople({ workspace, cioIds: [leaving.cioId], suppress: false, actor });

    const applied = await applyErasureList({ workspace, entries, previewedAt: preview.previewedAt, suppress: true, actor });

    expect(applied).toMatchObject({ mode: "inline", deleted: 0 });
    expect(applied.counts).toMatchObject({ people: 0, nobody: 1, goneSincePreview: 1, takenSincePreview: 1, suppressedWithoutPerson: 1 });
    expect(await db.person.count({ where: { cioId: later.cioId! } })).toBe(1);
    // The id of the person deleted meanwhile is suppressed now, and their profile forgotten with it.
    expect(await db.profileKey.count({ where: { workspaceId: workspace.id, cioId: leaving.cioId } })).toBe(0);
    expect((await certificateOf(workspace, applied.receiptId)).removed.earlierDeletedProfilesForgotten).toBe(1);
  });

  it("without suppress deletes the people only, and values that match nobody stay free", async () => {
    const p = await person(workspace);
    const unknown = uniqueToken("free");
    const entries = await parseErasureList(`${p.email}\n${unknown}`);
    const preview = await previewErasureList({ workspace, entries });
    const applied = await applyErasureList({ workspace, entries, previewedAt: preview.previewedAt, suppress: false, actor });
    expect(applied).toMatchObject({ mode: "inline", deleted: 1 });
    expect(applied.counts.suppressedWithoutPerson).toBe(0);
    expect(await db.suppression.count({ where: { receiptId: applied.receiptId } })).toBe(0);
    const again = await identify({ workspace, identifier: unknown, attributes: {}, actor });
    expect(again.cioId).toBeTruthy();
  });

  it("over 1,000 people runs as one job under the request's receipt, typed count required", async () => {
    const { cioIds } = await seedClaimedPeople(workspace, 1_050, { activities: 0 });
    const ids = (await db.person.findMany({ where: { cioId: { in: cioIds } }, select: { externalId: true } })).map((p) => p.externalId!);
    const unknown = uniqueToken("bulk-nobody");
    const entries = await parseErasureList([...ids, unknown].join("\n"));
    const preview = await previewErasureList({ workspace, entries });
    expect(preview.counts).toMatchObject({ person: 1_050, nobody: 1 });
    const suppressionsBefore = await db.suppression.count({ where: { workspaceId: workspace.id } });
    await expect(
      applyErasureList({ workspace, entries, previewedAt: preview.previewedAt, suppress: true, actor, confirmation: { previewPeople: 1_050, typed: "1,000" } }),
    ).rejects.toBeInstanceOf(DeletionConfirmationError);
    expect(await db.suppression.count({ where: { workspaceId: workspace.id } })).toBe(suppressionsBefore);

    const applied = await applyErasureList({
      workspace, entries, previewedAt: preview.previewedAt, suppress: true, actor,
      confirmation: { previewPeople: 1_050, typed: "1,050" }, batchSize: 500,
    });
    expect(applied).toMatchObject({ mode: "job", total: 1_050 });
    if (applied.mode !== "job") return;
    // The value nobody held is suppressed with the job's creation, under its receipt.
    expect(await db.suppression.count({ where: { receiptId: applied.receiptId } })).toBe(1);
    expect(await processNextDeletionJob({ jobId: applied.jobId })).toMatchObject({ outcome: "completed" });
    expect(await db.person.count({ where: { cioId: { in: cioIds } } })).toBe(0);
    const certificate = await certificateOf(workspace, applied.receiptId);
    expect(certificate.people.deleted).toBe(1_050);
    expect(certificate.list).toMatchObject({ people: 1_050, nobody: 1, suppressedWithoutPerson: 1 });
  });
});

describe("[ERASURE LIST] applying in an ID-only workspace", () => {
  it("an email that matches nobody is remembered, not suppressed", async () => {
    const workspace = await createTestWorkspace("id");
    const lonely = uniqueEmail("lonely");
    const entries = await parseErasureList(lonely);
    const preview = await previewErasureList({ workspace, entries });
    const applied = await applyErasureList({ workspace, entries, previewedAt: preview.previewedAt, suppress: true, actor });
    expect(applied.counts).toMatchObject({ nobody: 1, suppressedWithoutPerson: 0, rememberedWithoutPerson: 1 });
    const [suppression] = await db.suppression.findMany({ where: { receiptId: applied.receiptId }, include: { claims: true } });
    expect(suppression.rememberedEmailHash).toBe(hashIdentifier(workspace, "email", lonely.toLowerCase()));
    expect(suppression.claims).toHaveLength(0);
  });
});
