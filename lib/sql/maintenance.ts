// Housekeeping the embedded database needs because it has no autovacuum: after a bulk deletion the
// dead rows of a million people would stay in every scan (counts, index-only scans) and the planner
// would keep the old row counts. A PostgreSQL server's autovacuum does this on its own.
import { db, isEmbeddedDatabase } from "../db";

// The tables a deletion job deletes from or rewrites. Not activity: a job only adds rows to it (one
// profile_deleted or profile_suppressed per person; forgetting deletes key rows, not activity), so it
// leaves no dead rows there, and a first VACUUM of a freshly seeded activity table would hold the one
// connection for its whole length.
const BULK_DELETION_TABLES = ["person", "identifier_claim", "segment_membership", "profile_key", "deleted_identifier", "suppression", "deletion_job_item", "deletion_job_batch"];
// Between two tables the connection stays free at least this long (and as long as the last table
// took): the embedded database's one connection serves a page in between.
const MIN_PAUSE_MS = 30;

// VACUUM (ANALYZE) of those tables, one statement per table (VACUUM can't run in a transaction), with a
// pause after each as long as it took: on the embedded database, whose one connection each statement
// holds, a page waits for one table at most, never for all of them.
export async function vacuumAfterBulkDeletion(options: { pause?: boolean } = {}): Promise<void> {
  for (const table of BULK_DELETION_TABLES) {
    const started = performance.now();
    await db.$executeRawUnsafe(`VACUUM (ANALYZE) ${table}`);
    if (options.pause) await new Promise((resolve) => setTimeout(resolve, Math.max(MIN_PAUSE_MS, performance.now() - started)));
  }
}

// What the deletion worker calls when a job ends: only where nothing else vacuums.
export async function tidyAfterBulkDeletion(): Promise<void> {
  if (isEmbeddedDatabase) await vacuumAfterBulkDeletion({ pause: true });
}
