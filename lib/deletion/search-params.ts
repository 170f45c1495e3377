// The Deletions page's URL state (?kind=&actor=&receipt=&cursor=) and its links. A bad value falls back
// to its default rather than failing the page. Client-safe.
import { z } from "zod";
import { isStorableText } from "../text";
import { hrefWith } from "../ui/href";

const DELETIONS_PATH = "/deletions";
export const DELETION_KINDS = ["person", "selection", "list", "api", "job"] as const;
export type DeletionKind = (typeof DELETION_KINDS)[number];

export const deletionsSearchParamsSchema = z.object({
  kind: z.enum(DELETION_KINDS).optional().catch(undefined),
  // "user:<id>" or "api_key:<id>"
  actor: z.string().trim().max(200).refine(isStorableText).optional().catch(undefined),
  receipt: z.string().trim().max(100).refine(isStorableText).optional().catch(undefined),
  // "<created_at ISO>|<audit entry id>" of the last row of the previous page.
  cursor: z.string().trim().regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|\d{1,19}$/).optional().catch(undefined),
});
export type DeletionsSearchParams = z.infer<typeof deletionsSearchParamsSchema>;

export function deletionsHref(state: Partial<DeletionsSearchParams>): string {
  return hrefWith(DELETIONS_PATH, { kind: state.kind, actor: state.actor, receipt: state.receipt, cursor: state.cursor }, {});
}
