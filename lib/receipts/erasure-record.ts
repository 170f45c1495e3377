// What was recorded about one erasure, read back for its certificate: the audit entry of an inline
// deletion or suppression (and the suppressions written under its receipt), or the deletion job's row.
// Nothing here reads per-person rows of a bulk job: its certificate is built from the job row alone,
// so it costs the same for ten people or a million.
import "server-only";
import { db } from "../db";
import type { ActorType, Workspace } from "../generated/prisma/client";
import { certificateReceiptOf, isInlineErasureAction } from "../audit/action-kinds";
import type { CertificateDocument, ErasureListOutcomes, KeptEmailSuppression, SuppressedIdentifier } from "./certificate-document";

// Inline deletions hold at most 1,000 people; beyond this many suppressions a certificate states counts.
const LISTED_SUPPRESSIONS_LIMIT = 1_000;

export type ErasureRecord = {
  receiptId: string;
  erasedAt: Date;
  actor: { type: ActorType; id: string | null };
  request: CertificateDocument["request"];
  peopleDeleted: number;
  earlierForgotten: number;
  // null: not listed (a bulk job, or more than LISTED_SUPPRESSIONS_LIMIT).
  suppressedIdentifiers: SuppressedIdentifier[] | null;
  // The email suppression list entries the erasure left in place; null: not recorded (a bulk job, or
  // an erasure recorded before they were).
  emailSuppressionList: { total: number; entries: KeptEmailSuppression[] } | null;
  // An erasure request's outcomes per line (details.list of its audit entry); null for other erasures.
  list: ErasureListOutcomes | null;
};

function listOutcomesOf(details: unknown): ErasureListOutcomes | null {
  const list = (details as { list?: unknown } | null)?.list;
  return list && typeof list === "object" ? (list as ErasureListOutcomes) : null;
}

// details.emailSuppressionList of an inline erasure's audit entry, as lib/deletion recorded it.
function recordedEmailSuppressionList(details: unknown): ErasureRecord["emailSuppressionList"] {
  const recorded = (details as { emailSuppressionList?: unknown } | null)?.emailSuppressionList as { total?: unknown; entries?: unknown } | undefined;
  if (!recorded || typeof recorded.total !== "number" || !Array.isArray(recorded.entries)) return null;
  return { total: recorded.total, entries: recorded.entries as KeptEmailSuppression[] };
}

export type ErasureLookup = { state: "found"; record: ErasureRecord } | { state: "running"; receiptId: string } | { state: "none" };

// The receipt a certificate is filed under: a job's closing audit entry points at the job's receipt.
export async function resolveCertificateReceipt(workspaceId: string, receiptId: string): Promise<string> {
  const entry = await db.auditEntry.findFirst({ where: { workspaceId, receiptId }, select: { action: true, receiptId: true, details: true } });
  return (entry && certificateReceiptOf(entry)) ?? receiptId;
}

async function suppressedIdentifiersOf(workspaceId: string, receiptId: string): Promise<SuppressedIdentifier[] | null> {
  const suppressions = await db.suppression.findMany({
    where: { workspaceId, receiptId },
    select: { id: true, idHint: true, emailHint: true, rememberedEmailHash: true, claims: { select: { kind: true, valueHash: true } } },
    orderBy: { id: "asc" },
    take: LISTED_SUPPRESSIONS_LIMIT + 1,
  });
  if (suppressions.length > LISTED_SUPPRESSIONS_LIMIT) return null;
  const items: SuppressedIdentifier[] = [];
  for (const suppression of suppressions) {
    for (const claim of [...suppression.claims].sort((a, b) => a.kind.localeCompare(b.kind))) {
      items.push({ kind: claim.kind, hint: claim.kind === "id" ? suppression.idHint : suppression.emailHint, keyedHash: claim.valueHash, status: "suppressed" });
    }
    if (suppression.rememberedEmailHash) {
      items.push({ kind: "email", hint: suppression.emailHint, keyedHash: suppression.rememberedEmailHash, status: "remembered" });
    }
  }
  return items;
}

function earlierForgottenOf(details: unknown): number {
  const value = details && typeof details === "object" ? (details as { earlierForgotten?: unknown }).earlierForgotten : undefined;
  return typeof value === "number" ? value : 0;
}

// The recorded facts of the erasure behind `receiptId` (canonical, see resolveCertificateReceipt).
export async function findErasureRecord(workspace: Workspace, receiptId: string): Promise<ErasureLookup> {
  const job = await db.deletionJob.findFirst({ where: { workspaceId: workspace.id, receiptId } });
  if (job) {
    if (job.status === "queued" || job.status === "running") return { state: "running", receiptId };
    const created = await db.auditEntry.findFirst({ where: { workspaceId: workspace.id, receiptId, action: "deletion_job.create" }, select: { details: true } });
    return {
      state: "found",
      record: {
        receiptId,
        erasedAt: job.finishedAt ?? job.createdAt,
        actor: { type: job.actorType, id: job.actorId },
        request: { kind: "bulk_job", suppress: job.suppress, status: job.status },
        peopleDeleted: job.done,
        earlierForgotten: job.earlierForgotten,
        suppressedIdentifiers: null,
        emailSuppressionList: null,
        list: listOutcomesOf(created?.details),
      },
    };
  }
  const entry = await db.auditEntry.findFirst({ where: { workspaceId: workspace.id, receiptId } });
  if (!entry || !isInlineErasureAction(entry.action)) return { state: "none" };
  const suppress = entry.action !== "people.delete";
  return {
    state: "found",
    record: {
      receiptId,
      erasedAt: entry.createdAt,
      actor: { type: entry.actorType, id: entry.actorId },
      request: { kind: entry.action === "identifier.suppress" ? "suppression" : "deletion", suppress, status: "completed" },
      peopleDeleted: entry.count,
      earlierForgotten: earlierForgottenOf(entry.details),
      suppressedIdentifiers: suppress ? await suppressedIdentifiersOf(workspace.id, receiptId) : [],
      emailSuppressionList: recordedEmailSuppressionList(entry.details),
      list: listOutcomesOf(entry.details),
    },
  };
}
