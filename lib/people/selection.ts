// A People page selection, as People and Segments actions receive it: explicit people (cio_ids), or
// everyone matching the page's filter. One schema and one mapping to what the domain functions take
// (a list of cio_ids, or the SQL whose result is the matching set, snapshotted by whoever runs it).
import "server-only";
import { z } from "zod";
import { conditionSchema } from "../segments/condition-schema";
import { peopleSelectionSql } from "./queries";
import type { PeopleSet } from "../database/people-set";

// The largest explicit selection (~230 KB of action input; "all N" goes by filter instead).
const MAX_EXPLICIT_IDS = 10_000;

const cioIdSchema = z.string().regex(/^[0-9a-f]{20}$/, "bad cio_id");

// The People page's filter: the search, the segment and the attribute condition.
export const peopleFilterSchema = z.object({
  q: z.string().max(150).optional(),
  segment: z.string().max(100).optional(),
  condition: conditionSchema.optional(),
});

export const idsSelectionSchema = z.object({ mode: z.literal("ids"), cioIds: z.array(cioIdSchema).min(1).max(MAX_EXPLICIT_IDS) });
export const filterSelectionSchema = z.object({ mode: z.literal("filter"), filter: peopleFilterSchema });

export const peopleSelectionSchema = z.discriminatedUnion("mode", [idsSelectionSchema, filterSelectionSchema]);

// What a selection stands for: the (deduplicated) people named, or the matching set's SQL.
export type SelectedPeople = PeopleSet;

export function selectedPeople(
  workspaceId: string,
  selection: z.output<typeof idsSelectionSchema> | z.output<typeof filterSelectionSchema>,
): SelectedPeople {
  if (selection.mode === "ids") return { cioIds: [...new Set(selection.cioIds)] };
  return { sql: peopleSelectionSql({ ...peopleFilterOf(workspaceId, selection.filter) }) };
}

// The People filter of a workspace as the queries take it.
export function peopleFilterOf(workspaceId: string, filter: z.output<typeof peopleFilterSchema>) {
  return { workspaceId, search: filter.q, segmentId: filter.segment, condition: filter.condition ?? null };
}
