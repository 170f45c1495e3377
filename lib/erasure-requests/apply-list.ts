// Applying an erasure request: one deletion with one receipt for the whole list, as its preview saw
// it. People who took one of its identifiers after the preview are left alone; people gone meanwhile
// count as gone. With suppress, the values that match nobody are suppressed too (in an ID-only
// workspace an email is remembered instead), and every earlier deleted profile that held one of them
// is forgotten. Over INLINE_DELETE_LIMIT people the deletion runs as a job (lib/deletion/start.ts).
import type { Prisma, Workspace } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import { newReceiptId, type Actor } from "../audit/record-audit";
import { DeletionConfirmationError, ValidationError } from "../errors";
import { insertSuppressionClaims } from "../identity/insert-claims";
import { RetryTransaction } from "../identity/retry-transaction";
import { maskEmail, maskId } from "../identity/identifiers";
import { isConfirmationValid } from "../deletion/delete-rules";
import { forgetEarlierProfiles } from "../profile-keys/forget";
import { newSuppressionId } from "../suppression/suppress";
import type { ErasureListOutcomes } from "../receipts/certificate-document";
import { formatCount } from "../ui/format";
import { emitIdentifierEvent } from "../outbox/emit";
import { startDeletion, type StartDeletionResult } from "../deletion/start";
import { classifyErasureList, type Classification } from "./classify-list";
import type { ListEntry } from "./parse-list";

// What a request did, per outcome; recorded in its audit entry and stated by its certificate (the
// certificate document's type is the one definition).
export type ErasureListCounts = ErasureListOutcomes;

export type ApplyErasureListResult = StartDeletionResult & { counts: ErasureListCounts };

const MAX_ATTEMPTS = 5;

// Values of the list that matched nobody and whose person went after the preview: plain deletes
// recorded their keyed hashes in deleted_identifier, deleted profiles by cio_ their key row's time.
async function goneSince(tx: Tx, workspaceId: string, found: Classification, asOf: Date): Promise<Set<string>> {
  const gone = new Set<string>();
  const hashed = found.nobody.filter((t) => t.hash !== null);
  if (hashed.length) {
    const rows = await tx.$queryRaw<{ hash: string }[]>`
      SELECT w.hash FROM unnest(${hashed.map((t) => t.kind)}::text[], ${hashed.map((t) => t.hash!)}::text[]) AS w(kind, hash)
      WHERE EXISTS (
        SELECT 1 FROM deleted_identifier d
        WHERE d.workspace_id = ${workspaceId} AND d.kind = w.kind::"IdentifierKind" AND d.value_hash = w.hash AND d.deleted_at > ${asOf})`;
    for (const row of rows) gone.add(row.hash);
  }
  const cio = found.nobody.filter((t) => t.kind === "cio_id").map((t) => t.key);
  if (cio.length) {
    const rows = await tx.$queryRaw<{ cioId: string }[]>`
      SELECT cio_id AS "cioId" FROM profile_key WHERE workspace_id = ${workspaceId} AND cio_id = ANY(${cio}::text[]) AND deleted_at > ${asOf}`;
    for (const row of rows) gone.add(row.cioId);
  }
  return gone;
}

// Of the claims just inserted for suppressions, the values someone else claimed since the list was
// classified (ON CONFLICT left theirs): their suppression rows are dropped again, and each is reported
// as taken (a person appeared after the preview) or suppressed (by another request meanwhile).
async function dropClaimedMeanwhile(tx: Tx, workspaceId: string, claims: { kind: string; hash: string; suppressionId: string }[]) {
  const lost = await tx.$queryRaw<{ i: number; held: boolean }[]>`
    SELECT w.i::int AS i, c.cio_id IS NOT NULL AS held
    FROM unnest(${claims.map((c) => c.kind)}::text[], ${claims.map((c) => c.hash)}::text[], ${claims.map((c) => c.suppressionId)}::text[])
      WITH ORDINALITY AS w(kind, hash, sid, i)
    JOIN identifier_claim c ON c.workspace_id = ${workspaceId} AND c.kind = w.kind::"IdentifierKind" AND c.value_hash = w.hash
    WHERE c.suppression_id IS DISTINCT FROM w.sid`;
  const lostIndexes = new Set(lost.map((row) => row.i - 1));
  if (lostIndexes.size) await tx.$executeRaw`DELETE FROM suppression WHERE id = ANY(${claims.filter((_, i) => lostIndexes.has(i)).map((c) => c.suppressionId)}::text[])`;
  return { lostIndexes, taken: lost.filter((row) => row.held).length, suppressed: lost.filter((row) => !row.held).length };
}

// Suppresses the values nobody holds, set-based, under the request's receipt. A value a person (or
// another request) claimed since the list was classified is left to them and counted as such: under a
// steady stream of identifies, starting over would find another each time.
async function suppressUnmatched(
  tx: Tx,
  options: { workspace: Workspace; found: Classification; actor: Actor; receiptId: string },
): Promise<{ suppressed: number; remembered: number; earlierForgotten: number; meanwhile: { taken: number; suppressed: number } }> {
  const { workspace, found, actor, receiptId } = options;
  const idMode = workspace.identificationMode === "id";
  let claimed = found.nobody.filter((t) => t.kind === "id" || (t.kind === "email" && !idMode));
  const remembered = found.nobody.filter((t) => t.kind === "email" && idMode);
  const rows = [...claimed, ...remembered].map((t) => ({
    id: newSuppressionId(),
    idHint: t.kind === "id" ? maskId(t.identifier) : null,
    emailHint: t.kind === "email" ? maskEmail(t.identifier) : null,
    remembered: t.kind === "email" && idMode ? t.hash : null,
  }));
  if (rows.length) {
    await tx.$executeRaw`
      INSERT INTO suppression (id, workspace_id, id_hint, email_hint, remembered_email_hash, actor_type, actor_id, receipt_id)
      SELECT s.id, ${workspace.id}, s.id_hint, s.email_hint, s.remembered, ${actor.type}::"ActorType", ${actor.id ?? null}, ${receiptId}
      FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.idHint)}::text[], ${rows.map((r) => r.emailHint)}::text[],
        ${rows.map((r) => r.remembered)}::text[]) AS s(id, id_hint, email_hint, remembered)`;
  }
  let claims = claimed.map((t, i) => ({ kind: t.kind as "id" | "email", hash: t.hash!, suppressionId: rows[i].id }));
  const meanwhile = { taken: 0, suppressed: 0 };
  if ((await insertSuppressionClaims(tx, workspace.id, claims)) !== claims.length) {
    const { lostIndexes, taken, suppressed } = await dropClaimedMeanwhile(tx, workspace.id, claims);
    Object.assign(meanwhile, { taken, suppressed });
    claimed = claimed.filter((_, i) => !lostIndexes.has(i));
    claims = claims.filter((_, i) => !lostIndexes.has(i));
  }
  // Passed on with the deletion (lib/outbox): the values suppressed without a person.
  await emitIdentifierEvent(tx, { workspace, type: "identifier.suppressed", identifiers: claimed.map((t) => ({ kind: t.kind as "id" | "email", value: t.identifier })), actor, receiptId });
  // Suppressing a value forgets every earlier deleted profile that held it; cio_<deleted profile> forgets that one.
  let earlierForgotten = await forgetEarlierProfiles(tx, workspace.id, claims.map((c) => ({ kind: c.kind, hash: c.hash })));
  const deletedProfiles = found.nobody.filter((t) => t.kind === "cio_id").map((t) => t.key);
  if (deletedProfiles.length) {
    earlierForgotten += await tx.$executeRaw`
      DELETE FROM profile_key WHERE workspace_id = ${workspace.id} AND cio_id = ANY(${deletedProfiles}::text[]) AND deleted_at IS NOT NULL`;
  }
  return { suppressed: claimed.length, remembered: remembered.length, earlierForgotten, meanwhile };
}

// Applies a previewed list (its entries as parsed again, and when it was previewed). Above the typed
// threshold, `typed` must name the preview's number of people (or the number found now, if larger).
export async function applyErasureList(options: {
  workspace: Workspace;
  entries: ListEntry[];
  previewedAt: Date;
  suppress: boolean;
  actor: Actor;
  confirmation?: { previewPeople?: number; typed?: string };
  batchSize?: number;
}): Promise<ApplyErasureListResult> {
  const { workspace, entries, previewedAt, suppress, actor } = options;
  if (Number.isNaN(previewedAt.getTime()) || previewedAt.getTime() > Date.now() + 60_000) throw new ValidationError("previewedAt must be the time of a preview");
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce();
    } catch (error) {
      if (!(error instanceof RetryTransaction) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }

  async function applyOnce(): Promise<ApplyErasureListResult> {
    const receiptId = newReceiptId();
    let counts: ErasureListCounts | undefined;
    let cioIds: string[] = [];
    // Found first; the deletion then takes whoever of them still exists, and the suppression of the
    // values nobody held fails (and this runs again) if someone claimed one in between.
    const found = await db.$transaction((tx) => classifyErasureList({ workspace, entries, asOf: previewedAt, tx }));
    cioIds = [...found.people.keys()];
    if (options.confirmation) {
      const toType = Math.max(options.confirmation.previewPeople ?? 0, cioIds.length);
      if (!isConfirmationValid(toType, options.confirmation.typed)) throw new DeletionConfirmationError("typed", `Type ${formatCount(toType)} to confirm.`);
    }
    const result = await startDeletion({
      workspace,
      selection: { cioIds },
      suppress,
      actor,
      batchSize: options.batchSize,
      receiptId,
      inTransaction: async (tx, rid) => {
        const gone = await goneSince(tx, workspace.id, found, previewedAt);
        const goneSuppressed = found.suppressed.filter((t) => t.since && t.since.getTime() > previewedAt.getTime()).length;
        const own = suppress
          ? await suppressUnmatched(tx, { workspace, found, actor, receiptId: rid })
          : { suppressed: 0, remembered: 0, earlierForgotten: 0, meanwhile: { taken: 0, suppressed: 0 } };
        counts = {
          lines: new Set(entries.map((e) => e.line)).size,
          people: cioIds.length,
          nobody: found.nobody.length - own.meanwhile.taken - own.meanwhile.suppressed,
          alreadySuppressed: found.suppressed.length - goneSuppressed + own.meanwhile.suppressed,
          invalid: found.invalid.length,
          goneSincePreview: gone.size + goneSuppressed,
          takenSincePreview: found.takenSince.length + own.meanwhile.taken,
          suppressedWithoutPerson: own.suppressed,
          rememberedWithoutPerson: own.remembered,
        };
        return { list: counts as unknown as Prisma.InputJsonObject, ...(own.earlierForgotten ? { earlierForgotten: own.earlierForgotten } : {}) };
      },
    });
    return { ...result, counts: counts! };
  }
}
