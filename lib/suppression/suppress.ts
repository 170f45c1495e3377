// Suppressions: every write to the suppression list (a deleted person's identifiers, a bare value,
// unsuppressing) and the exact-value look-up. The list stores keyed hashes and masked hints only;
// which value a suppression holds is decided by its identifier claims (lib/identity/*-claims.ts).
import { randomHexId } from "../random-id";
import type { Workspace } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import { forgetEarlierProfiles } from "../profile-keys/forget";
import { newReceiptId, recordAudit, type Actor } from "../audit/record-audit";
import { ValidationError } from "../errors";
import { findClaims } from "../identity/find-claims";
import { activateRememberedEmailClaims, insertSuppressionClaims } from "../identity/insert-claims";
import { lockWorkspaceShared } from "../identity/lock-workspace";
import { handClaimsToSuppressions } from "../identity/release-claims";
import { emitIdentifierEvent } from "../outbox/emit";
import {
  hashIdentifier,
  isEmail,
  maskEmail,
  maskId,
  normalizeEmail,
  parseIdentifier,
  type IdentifierKind,
} from "../identity/identifiers";

export function newSuppressionId(): string {
  return `sup_${randomHexId()}`;
}

// One suppression per person about to be deleted (the caller holds their rows locked and deletes
// them in this transaction): their claims become the suppression's, so the values stay taken, and
// identifiers a person held without a claim (data loaded around identify) get one. In ID-only mode
// the email is remembered as a hash instead. Three statements whatever the number of people.
export async function suppressPeopleInTransaction(
  tx: Tx,
  options: {
    workspace: Workspace;
    people: { cioId: string; externalId: string | null; email: string | null; emailKey: string | null }[];
    actor: Actor;
    receiptId: string;
  },
): Promise<void> {
  const { workspace, people, actor } = options;
  if (!people.length) return;
  const emailIsIdentifier = workspace.identificationMode === "email_or_id";
  const suppressionIds = people.map(() => newSuppressionId());
  await tx.$executeRaw`
    INSERT INTO suppression (id, workspace_id, id_hint, email_hint, remembered_email_hash, actor_type, actor_id, receipt_id)
    SELECT s.id, ${workspace.id}, s.id_hint, s.email_hint, s.remembered, ${actor.type}::"ActorType", ${actor.id ?? null}, ${options.receiptId}
    FROM unnest(${suppressionIds}::text[], ${people.map((p) => (p.externalId === null ? null : maskId(p.externalId)))}::text[],
      ${people.map((p) => (p.email === null ? null : maskEmail(p.email)))}::text[],
      ${people.map((p) => (!emailIsIdentifier && p.emailKey ? hashIdentifier(workspace, "email", p.emailKey) : null))}::text[]
    ) AS s(id, id_hint, email_hint, remembered)`;
  const handed = await handClaimsToSuppressions(
    tx,
    people.map((p) => p.cioId),
    suppressionIds,
  );
  const claimed = new Set(handed.map((c) => `${c.kind}:${c.cioId}`));
  const missing: { kind: IdentifierKind; hash: string; suppressionId: string }[] = [];
  people.forEach((p, i) => {
    if (p.externalId !== null && !claimed.has(`id:${p.cioId}`)) {
      missing.push({ kind: "id", hash: hashIdentifier(workspace, "id", p.externalId), suppressionId: suppressionIds[i] });
    }
    if (emailIsIdentifier && p.emailKey && !claimed.has(`email:${p.cioId}`)) {
      missing.push({ kind: "email", hash: hashIdentifier(workspace, "email", p.emailKey), suppressionId: suppressionIds[i] });
    }
  });
  await insertSuppressionClaims(tx, workspace.id, missing);
}

// Suppresses a value nobody holds: false when a concurrent identify claimed it first (the caller's
// transaction must then roll back and retry, deleting that person instead).
export async function suppressBareValue(
  tx: Tx,
  options: { workspace: Workspace; kind: IdentifierKind; value: string; hash: string; actor: Actor; receiptId: string },
): Promise<boolean> {
  const { workspace, kind, actor } = options;
  const suppressionId = newSuppressionId();
  await tx.$executeRaw`
    INSERT INTO suppression (id, workspace_id, id_hint, email_hint, actor_type, actor_id, receipt_id)
    VALUES (${suppressionId}, ${workspace.id}, ${kind === "id" ? maskId(options.value) : null},
      ${kind === "email" ? maskEmail(options.value) : null}, ${actor.type}::"ActorType", ${actor.id ?? null}, ${options.receiptId})`;
  const inserted = await insertSuppressionClaims(tx, workspace.id, [{ kind, hash: options.hash, suppressionId }]);
  return inserted === 1;
}

// The switch to email-or-ID mode: the emails suppressed profiles remembered as hashes become claims
// (the oldest suppression wins a shared email) and are no longer kept aside, and the earlier deleted
// profiles that held one of those emails are forgotten. Returns how many emails.
export async function activateRememberedEmails(tx: Tx, workspaceId: string): Promise<number> {
  const remembered = await tx.$queryRaw<{ hash: string }[]>`
    SELECT DISTINCT remembered_email_hash AS hash FROM suppression WHERE workspace_id = ${workspaceId} AND remembered_email_hash IS NOT NULL`;
  await forgetEarlierProfiles(tx, workspaceId, remembered.map((r) => ({ kind: "email" as const, hash: r.hash })));
  const activated = await activateRememberedEmailClaims(tx, workspaceId);
  await tx.$executeRaw`
    UPDATE suppression SET remembered_email_hash = NULL WHERE workspace_id = ${workspaceId} AND remembered_email_hash IS NOT NULL`;
  return activated;
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
      if (count > 0) await emitIdentifierEvent(tx, { workspace, type: "identifier.unsuppressed", identifiers: [{ kind: current.kind, value: current.value }], actor: options.actor, receiptId });
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
