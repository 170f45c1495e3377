// Which audit actions are erasures (a certificate of erasure exists for their receipt) and which are
// access exports: the audit log's "erasure" / "export" filters and the certificate links use these.
import type { AuditAction } from "./record-audit";

// Deletions and suppressions done at once (dialog, API): one entry holds the whole erasure.
const INLINE_ERASURE_ACTIONS = ["people.delete", "people.delete_and_suppress", "identifier.suppress"] as const satisfies readonly AuditAction[];

// Every erasure's receipt is its certificate's. "deletion_job.create" carries a job's receipt; the
// job's closing entry points at it with details.jobReceiptId.
const ERASURE_ACTIONS = [...INLINE_ERASURE_ACTIONS, "deletion_job.create"] as const satisfies readonly AuditAction[];

const EXPORT_ACTIONS = ["person.export"] as const satisfies readonly AuditAction[];

export const AUDIT_ACTION_KINDS = { erasure: ERASURE_ACTIONS, export: EXPORT_ACTIONS } as const;
export type AuditActionKind = keyof typeof AUDIT_ACTION_KINDS;

function isErasureAction(action: string): boolean {
  return (ERASURE_ACTIONS as readonly string[]).includes(action);
}

export function isInlineErasureAction(action: string): boolean {
  return (INLINE_ERASURE_ACTIONS as readonly string[]).includes(action);
}

// The receipt whose certificate an audit entry belongs to, or null: its own for an erasure, the job's
// for a job's closing entry.
export function certificateReceiptOf(entry: { action: string; receiptId: string; details: unknown }): string | null {
  const details = entry.details as { jobReceiptId?: unknown } | null;
  if (details && typeof details === "object" && typeof details.jobReceiptId === "string") return details.jobReceiptId;
  return isErasureAction(entry.action) ? entry.receiptId : null;
}
