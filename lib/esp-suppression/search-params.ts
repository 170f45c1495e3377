// The email suppression list's URL state (?type=&q=&page=) and its links. A bad value falls back to
// its default instead of failing the page. Client-safe.
import { z } from "zod";
import { isStorableText } from "../text";
import { hrefWith } from "../ui/href";
import { espTypeSchema, MAX_EMAIL_BYTES } from "./schemas";

export const ESP_LIST_PATH = "/settings/email/suppression-list";

export const espListSearchParamsSchema = z.object({
  type: espTypeSchema.optional().catch(undefined),
  q: z.string().trim().max(MAX_EMAIL_BYTES).refine(isStorableText).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
});
export type EspListSearchParams = z.infer<typeof espListSearchParamsSchema>;

export function espListHref(state: Partial<EspListSearchParams>, path = ESP_LIST_PATH): string {
  return hrefWith(path, { type: state.type, q: state.q, page: state.page }, { page: 1 });
}

// The CSV export of the same filter (every page).
export function espExportHref(state: Partial<EspListSearchParams>): string {
  return espListHref({ type: state.type, q: state.q }, `${ESP_LIST_PATH}/export`);
}
