// Housekeeping the embedded database needs because it has no autovacuum: after a bulk deletion the
// dead rows of a million people would stay in every scan (counts, index-only scans) and the planner
// would keep the old row counts. A PostgreSQL server's autovacuum does this on its own.
import { db, isEmbeddedDatabase } from "../db";

// The tables a deletion job rewrites.
const BULK_DELETION_TABLES = ["person", "identifier_claim", "segment_membership", "activity", "profile_key", "deleted_identifier", "suppression", "deletion_job_item", "deletion_job_batch"];

// VACUUM (ANALYZE) of those tables; outside any transaction (VACUUM can't run in one).
export async function vacuumAfterBulkDeletion(): Promise<void> {
  await db.$executeRawUnsafe(`VACUUM (ANALYZE) ${BULK_DELETION_TABLES.join(", ")}`);
}

// What the deletion worker calls when a job ends: only where nothing else vacuums.
export async function tidyAfterBulkDeletion(): Promise<void> {
  if (isEmbeddedDatabase) await vacuumAfterBulkDeletion();
}
