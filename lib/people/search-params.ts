// The People page's URL state: search, segment, attribute filter, sort, cursor and the chosen
// attribute column. Every field falls back to its default on bad input, so a hand-edited or stale
// URL renders the page instead of crashing it. Client-safe: the toolbar builds URLs with it too.
import { z } from "zod";
import { conditionSchema, type Condition } from "../segments/condition-schema";
import { isStorableText } from "../text";
import { firstValue, hrefWith } from "../ui/href";

export const PEOPLE_PAGE_SIZE = 50;
export const PEOPLE_SORTS = ["created", "updated", "email", "id"] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];
export type SortOrder = "asc" | "desc";

// A keyset position: the sort value and cio_id of the row to continue after (or before).
export type PeopleCursor = { direction: "after" | "before"; value: string | null; cioId: string } | { direction: "last" };

const conditionParam = z
  .string()
  .max(8_000)
  .transform((raw, ctx) => {
    try {
      return conditionSchema.parse(JSON.parse(raw));
    } catch {
      ctx.addIssue({ code: "custom", message: "bad filter" });
      return z.NEVER;
    }
  });

const cursorParam = z
  .string()
  .max(600)
  .transform((raw, ctx): PeopleCursor => {
    if (raw === "last") return { direction: "last" };
    const match = /^(after|before):(.+)$/.exec(raw);
    try {
      if (!match) throw new Error("bad cursor");
      const parsed: unknown = JSON.parse(fromBase64Url(match[2]));
      const [value, cioId] = z.tuple([z.string().max(400).nullable(), z.string().regex(/^[0-9a-f]{20}$/)]).parse(parsed);
      return { direction: match[1] as "after" | "before", value, cioId };
    } catch {
      ctx.addIssue({ code: "custom", message: "bad cursor" });
      return z.NEVER;
    }
  });

// The text form findPeople gives a timestamp sort value (to_char … 'YYYY-MM-DD"T"HH24:MI:SS.MS'), with
// every field in range, so casting it back can't fail in the database.
function isTimestampText(value: string): boolean {
  const match = /^(\d{4,6})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}$/.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const isLeapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && daysInMonth !== undefined && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}

const peopleSearchParamsSchema = z
  .object({
    q: z.preprocess(firstValue, z.string().trim().max(150).refine(isStorableText)).catch(""),
    segment: z.preprocess(firstValue, z.string().trim().min(1).max(100).optional()).catch(undefined),
    filter: z.preprocess(firstValue, conditionParam.optional()).catch(undefined),
    sort: z.preprocess(firstValue, z.enum(PEOPLE_SORTS)).catch("created"),
    order: z.preprocess(firstValue, z.enum(["asc", "desc"])).catch("desc"),
    cursor: z.preprocess(firstValue, cursorParam.optional()).catch(undefined),
    page: z.preprocess(firstValue, z.coerce.number().int().min(1).max(1_000_000)).catch(1),
    attr: z.preprocess(firstValue, z.string().trim().min(1).max(150).refine(isStorableText).optional()).catch(undefined),
  })
  // A cursor whose value doesn't fit the sort (hand-edited, or from another sort) starts over at page 1.
  .transform((params) => {
    const value = params.cursor?.direction === "last" ? null : (params.cursor?.value ?? null);
    const fits = value === null || (isStorableText(value) && (params.sort === "email" || params.sort === "id" || isTimestampText(value)));
    return fits ? params : { ...params, cursor: undefined, page: 1 };
  });

export type PeopleSearchParams = z.infer<typeof peopleSearchParamsSchema>;

// The URL state the table needs to build its links (everything but the cursor and page).
export type PeopleViewState = {
  q: string;
  segment?: string;
  filter?: string;
  sort: PeopleSort;
  order: SortOrder;
  attr?: string;
};

// Parses Next's searchParams object (values may be arrays) into the page state.
export function parsePeopleSearchParams(raw: Record<string, string | string[] | undefined>): PeopleSearchParams {
  return peopleSearchParamsSchema.parse(raw);
}

export function encodeCursor(direction: "after" | "before", value: string | null, cioId: string): string {
  return `${direction}:${toBase64Url(JSON.stringify([value, cioId]))}`;
}

// base64url over UTF-8 with the web APIs, so this module also runs in the browser.
function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(encoded: string): string {
  const binary = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeCondition(condition: Condition | undefined | null): string | undefined {
  return condition ? JSON.stringify(condition) : undefined;
}

// The URL for a People page state; undefined/default values are left out so URLs stay short.
export function peopleHref(state: Partial<Record<"q" | "segment" | "filter" | "sort" | "order" | "cursor" | "page" | "attr", string | number | undefined>>): string {
  return hrefWith("/people", state, { page: 1, sort: "created", order: "desc" });
}
