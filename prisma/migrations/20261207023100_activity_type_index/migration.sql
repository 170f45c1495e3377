-- The Activity page's type filter: tracked events (most of ingest, and most rows) are found through
-- activity_workspace_id_timestamp_idx; the other types keep an index of their own, so an event's
-- insert updates one index fewer. Hand-written (the schema can't state a partial index): schema.prisma
-- and the snapshot no longer list the full index, so no generated migration touches this one.
DROP INDEX "activity_workspace_id_type_timestamp_idx";
CREATE INDEX "activity_workspace_id_type_timestamp_not_event_idx" ON "activity"("workspace_id", "type", "timestamp" DESC) WHERE "type" <> 'event';
