import { Prisma } from "../generated/prisma/client";
import type { Tx } from "../db";

// Row locks don't queue fairly: a steady stream of events, each holding FOR KEY SHARE on its person,
// can starve a suppress waiting for FOR UPDATE (measured: ~60 s under 20 event loops). Advisory locks
// do queue, so events and deletions first meet on one of 256 buckets of cio_ids: deletions take
// their buckets exclusively (in ascending order, so deletions never deadlock), an event its bucket
// shared. A deletion therefore waits only for the events already running.
const PERSON_LOCK_SPACE = 0x5045; // "PE"

function personBucket(cioId: string): number {
  return parseInt(cioId.slice(0, 2), 16) || 0;
}

export async function lockPeopleForDeletion(tx: Tx, cioIds: string[]): Promise<void> {
  const buckets = [...new Set(cioIds.map(personBucket))].sort((a, b) => a - b);
  if (!buckets.length) return;
  await tx.$queryRaw`
    SELECT pg_advisory_xact_lock(${PERSON_LOCK_SPACE}::int, b)::text AS locked
    FROM (SELECT b FROM unnest(${buckets}::int[]) AS b ORDER BY b) AS sorted`;
}

// An event's shared lock on its person as an expression over a cio_id column, for statements that find
// the person and lock it in one round trip: takes the shared bucket lock (the bucket is the cio_id's first hex
// byte, as personBucket computes it) and yields TRUE, so it can sit in a WHERE clause before the row lock.
export function personEventLockSql(cioIdColumn: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(pg_advisory_xact_lock_shared(${PERSON_LOCK_SPACE}::int, ('x' || substr(${cioIdColumn}, 1, 2))::bit(8)::int)::text = '')`;
}
