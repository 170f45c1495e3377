// The audit log's URL state (?page=&action=&actor=) and its links. A bad value falls back to its
// default rather than failing the page. Client-safe.
import { z } from "zod";
import { isStorableText } from "../text";
import { hrefWith } from "../ui/href";

export const AUDIT_LOG_PATH = "/settings/audit-log";

export const auditSearchParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  action: z.string().trim().max(100).refine(isStorableText).optional().catch(undefined),
  // "system", "user:<id>" or "api_key:<id>"
  actor: z.string().trim().max(200).refine(isStorableText).optional().catch(undefined),
  // A receipt id: its own entry, and a job's closing entry that points at it.
  receipt: z.string().trim().max(100).refine(isStorableText).optional().catch(undefined),
  // "erasure" (deletions and suppressions) or "export" (access exports).
  kind: z.enum(["erasure", "export"]).optional().catch(undefined),
});
export type AuditSearchParams = z.infer<typeof auditSearchParamsSchema>;

export function auditHref(state: Partial<AuditSearchParams>): string {
  return hrefWith(AUDIT_LOG_PATH, { action: state.action, actor: state.actor, receipt: state.receipt, kind: state.kind, page: state.page }, { page: 1 });
}
