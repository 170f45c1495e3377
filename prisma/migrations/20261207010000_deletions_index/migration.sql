-- The Deletions page lists the audit log's erasures newest first, by kind, by actor or by receipt. With a
-- million API deletions on record, a filter the newest entries don't match (a person page's deletions,
-- lists, jobs) would otherwise scan all of them: the kind is one immutable function of the entry, so
-- the page's reads and their indexes share one definition (lib/deletion/find-deletions.ts reads it).
-- Hand-written: the schema engine does not describe functions or expression indexes; none of it is in
-- schema.prisma, so later migrations generated from the schema leave it alone.

-- The deletion kind of an audit entry (lib/deletion/search-params.ts's DELETION_KINDS), NULL for an
-- entry that is no erasure (lib/audit/action-kinds.ts's erasure actions).
CREATE FUNCTION deletion_kind(action text, actor_type "ActorType", details jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN action NOT IN ('people.delete', 'people.delete_and_suppress', 'identifier.suppress', 'deletion_job.create') THEN NULL
    WHEN coalesce(details ? 'list', false) THEN 'list'
    WHEN action = 'deletion_job.create' THEN 'job'
    WHEN actor_type = 'api_key' THEN 'api'
    WHEN coalesce(details->>'requested', '1') = '1' THEN 'person'
    ELSE 'selection'
  END
$$;

CREATE INDEX "audit_entry_deletions_idx" ON "audit_entry" ("workspace_id", "created_at" DESC, "id" DESC)
  WHERE deletion_kind("action", "actor_type", "details") IS NOT NULL;
CREATE INDEX "audit_entry_deletions_by_kind_idx" ON "audit_entry" ("workspace_id", deletion_kind("action", "actor_type", "details"), "created_at" DESC, "id" DESC)
  WHERE deletion_kind("action", "actor_type", "details") IS NOT NULL;
CREATE INDEX "audit_entry_deletions_by_actor_idx" ON "audit_entry" ("workspace_id", "actor_id", "created_at" DESC, "id" DESC)
  WHERE deletion_kind("action", "actor_type", "details") IS NOT NULL;
