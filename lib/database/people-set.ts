// A set of people as the set-based statements take it: their cio_ids, or a `SELECT cio_id …` query
// over the current filter. Here, below the domains, because People, Segments and Deletion all pass it
// (a People selection becomes one; a segment or a deletion consumes one).
import type { Prisma } from "../generated/prisma/client";

export type PeopleSet = { cioIds: string[] } | { sql: Prisma.Sql };
