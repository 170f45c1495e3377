// Suppressing and unsuppressing identifiers (track API and staff), and the exact-value look-up. The
// list stores keyed hashes and masked hints only.
import type { Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { newReceiptId, recordAudit, type Actor } from "../audit/record-audit";
import { ValidationError } from "../errors";
import { findClaims, lockWorkspaceShared, RetryTransaction, transactionWithRetry } from "../identity/claims";
import {
  hashIdentifier,
  isEmail,
  maskEmail,
  maskId,
  normalizeEmail,
  parseIdentifier,
  type IdentifierKind,
} from "../identity/identifiers";
import { deletePeopleInTransaction, newSuppressionId } from "../people/delete-people";

// Suppresses an identifier: deletes the person holding it (suppressing all their identifiers and
// redacting their activity), or suppresses the bare value when nobody holds it. Idempotent.
export async function suppressIdentifier(options: {
  workspace: Workspace;
  identifier: string;
  actor: Actor;
}): Promise<{ receiptId: string; deletedPerson: boolean }> {
  const { actor } = options;
  parseIdentifier(options.workspace, options.identifier);
  const receiptId = newReceiptId();
  const deletedPerson = await transactionWithRetry(async (tx) => {
    const workspace = await lockWorkspaceShared(tx, options.workspace);
    const target = parseIdentifier(workspace, options.identifier);
    let result: { deletedPerson: boolean; kind: IdentifierKind | "cio_id"; alreadySuppressed: boolean };
    if (target.kind === "cio_id") {
      const { deleted } = await deletePeopleInTransaction({ workspace, cioIds: [target.cioId], suppress: true, actor, receiptId, tx });
      if (!deleted) throw new ValidationError("unknown cio_ identifier");
      result = { deletedPerson: true, kind: "cio_id", alreadySuppressed: false };
    } else {
      const kind = target.kind;
      const hash = hashIdentifier(workspace, kind, kind === "email" ? target.key : target.value);
      const [claim] = await findClaims(tx, workspace.id, [{ kind, hash }]);
      if (claim?.suppressionId) {
        result = { deletedPerson: false, kind, alreadySuppressed: true };
      } else if (claim?.cioId) {
        const { deleted } = await deletePeopleInTransaction({ workspace, cioIds: [claim.cioId], suppress: true, actor, receiptId, tx });
        if (!deleted) throw new RetryTransaction("person vanished");
        result = { deletedPerson: true, kind, alreadySuppressed: false };
      } else {
        const suppressionId = newSuppressionId();
        await tx.$executeRaw`
          INSERT INTO suppression (id, workspace_id, id_hint, email_hint, actor_type, actor_id, receipt_id)
          VALUES (${suppressionId}, ${workspace.id}, ${kind === "id" ? maskId(target.value) : null},
            ${kind === "email" ? maskEmail(target.value) : null}, ${actor.type}::"ActorType", ${actor.id ?? null}, ${receiptId})`;
        // A concurrent identify that claimed the value first wins the insert; we retry and delete them.
        const inserted = await tx.$executeRaw`
          INSERT INTO identifier_claim (workspace_id, kind, value_hash, suppression_id)
          VALUES (${workspace.id}, ${kind}::"IdentifierKind", ${hash}, ${suppressionId})
          ON CONFLICT DO NOTHING`;
        if (inserted !== 1) throw new RetryTransaction();
        result = { deletedPerson: false, kind, alreadySuppressed: false };
      }
    }
    await recordAudit({
      tx,
      workspaceId: workspace.id,
      actor,
      action: "identifier.suppress",
      count: result.deletedPerson ? 1 : 0,
      details: { kind: result.kind, deletedPerson: result.deletedPerson, alreadySuppressed: result.alreadySuppressed },
      receiptId,
    });
    return result.deletedPerson;
  });
  return { receiptId, deletedPerson };
}

// Lifts the suppression that holds identifier, freeing every identifier suppressed with it. The next
// identify creates a new person with no history. unsuppressed is false when it wasn't suppressed.
export async function unsuppressIdentifier(options: {
  workspace: Workspace;
  identifier: string;
  actor: Actor;
}): Promise<{ receiptId: string; unsuppressed: boolean }> {
  const target = parseIdentifier(options.workspace, options.identifier);
  if (target.kind === "cio_id") throw new ValidationError("address a suppressed identifier by its id or email, not cio_");
  const receiptId = newReceiptId();
  const unsuppressed = await db.$transaction(async (tx) => {
    const workspace = await lockWorkspaceShared(tx, options.workspace);
    const current = parseIdentifier(workspace, options.identifier);
    if (current.kind === "cio_id") throw new ValidationError("address a suppressed identifier by its id or email, not cio_");
    const hash = hashIdentifier(workspace, current.kind, current.kind === "email" ? current.key : current.value);
    const [claim] = await findClaims(tx, workspace.id, [{ kind: current.kind, hash }]);
    let count = 0;
    if (claim?.suppressionId) {
      // Its claims cascade, so every identifier suppressed together is free at once.
      count = await tx.$executeRaw`DELETE FROM suppression WHERE id = ${claim.suppressionId} AND workspace_id = ${workspace.id}`;
    }
    await recordAudit({
      tx,
      workspaceId: workspace.id,
      actor: options.actor,
      action: "identifier.unsuppress",
      count,
      details: { kind: current.kind, wasSuppressed: count > 0 },
      receiptId,
    });
    return count > 0;
  });
  return { receiptId, unsuppressed };
}

// Is this exact value suppressed? Hashes the input and looks it up as an id and, when it looks like an
// email, as an email. In ID-only mode a remembered email is not an identifier yet: suppressed is false
// and remembered is true (it becomes suppressed when the workspace switches to email-or-ID).
export async function isSuppressed(options: {
  workspace: Workspace;
  value: string;
}): Promise<{ suppressed: boolean; since?: Date; kind?: IdentifierKind; receiptId?: string; remembered?: boolean }> {
  const { workspace, value } = options;
  if (typeof value !== "string" || value.length === 0) return { suppressed: false };
  const wanted: { kind: IdentifierKind; hash: string }[] = [{ kind: "id", hash: hashIdentifier(workspace, "id", value) }];
  const emailShaped = isEmail(value);
  const emailHash = emailShaped ? hashIdentifier(workspace, "email", normalizeEmail(value)) : null;
  if (emailHash) wanted.push({ kind: "email", hash: emailHash });
  const rows = await db.$queryRaw<{ kind: IdentifierKind; since: Date; receipt_id: string }[]>`
    SELECT c.kind::text AS kind, s.created_at AS since, s.receipt_id
    FROM identifier_claim c JOIN suppression s ON s.id = c.suppression_id
    WHERE c.workspace_id = ${workspace.id}
      AND (c.kind, c.value_hash) IN (SELECT k::"IdentifierKind", h FROM unnest(${wanted.map((w) => w.kind)}::text[], ${wanted.map((w) => w.hash)}::text[]) AS w(k, h))
    ORDER BY (c.kind = 'email') DESC
    LIMIT 1`;
  if (rows.length) return { suppressed: true, since: rows[0].since, kind: rows[0].kind, receiptId: rows[0].receipt_id };
  if (emailHash && workspace.identificationMode === "id") {
    const remembered = await db.$queryRaw<{ one: number }[]>`
      SELECT 1 AS one FROM suppression WHERE workspace_id = ${workspace.id} AND remembered_email_hash = ${emailHash} LIMIT 1`;
    if (remembered.length) return { suppressed: false, remembered: true };
  }
  return { suppressed: false };
}
