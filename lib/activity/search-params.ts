// The Activity page's URL state (?type=&before=) and its links. Every field falls back to its
// default on bad input, so a hand-edited URL renders the page. Client-safe.
import { z } from "zod";
import { firstValue, hrefWith } from "../ui/href";

export const ACTIVITY_TYPES = ["event", "page", "screen", "attribute_change", "profile_created", "profile_deleted", "profile_suppressed"] as const;
export type ActivityTypeValue = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_TYPE_LABELS: Record<ActivityTypeValue, string> = {
  event: "Event",
  page: "Page view",
  screen: "Screen view",
  attribute_change: "Attribute change",
  profile_created: "Profile created",
  profile_deleted: "Profile deleted",
  profile_suppressed: "Profile suppressed",
};

// JavaScript's last representable instant; PostgreSQL's bigint.
const MAX_DATE_MS = 8.64e15;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

// A keyset position the query can use: digits alone are not enough, the instant and the id must be in range.
export function isActivityCursor(value: string): boolean {
  const match = /^(\d{1,16})_(\d{1,19})$/.exec(value);
  return match !== null && Number(match[1]) <= MAX_DATE_MS && BigInt(match[2]) <= MAX_BIGINT;
}

export const activitySearchParamsSchema = z.object({
  type: z.preprocess(firstValue, z.enum(ACTIVITY_TYPES).optional()).catch(undefined),
  // Keyset position: "<timestamp ms>_<id>" of the last row shown. A bad one starts over at the newest.
  before: z.preprocess(firstValue, z.string().max(40, { abort: true }).refine(isActivityCursor).optional()).catch(undefined),
});
export type ActivitySearchParams = z.infer<typeof activitySearchParamsSchema>;

export function activityHref(state: Partial<ActivitySearchParams>): string {
  return hrefWith("/activity", { type: state.type, before: state.before });
}
