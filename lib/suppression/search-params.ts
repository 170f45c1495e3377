// The suppressed-identifiers list's URL state (?page=) and its links. Client-safe.
import { z } from "zod";
import { firstValue, hrefWith } from "../ui/href";

export const SUPPRESSED_IDENTIFIERS_PATH = "/settings/suppressed-identifiers";

export const suppressionsSearchParamsSchema = z.object({
  page: z.preprocess(firstValue, z.coerce.number().int().min(1).max(1_000_000)).catch(1),
});
export type SuppressionsSearchParams = z.infer<typeof suppressionsSearchParamsSchema>;

export function suppressionsHref(state: Partial<SuppressionsSearchParams>): string {
  return hrefWith(SUPPRESSED_IDENTIFIERS_PATH, { page: state.page }, { page: 1 });
}
