-- CreateTable
CREATE TABLE "cache_version" (
    "name" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "cache_version_pkey" PRIMARY KEY ("name")
);

-- Bumps the cache version named by the first argument (suffixed with ':<workspace_id>' of the row
-- when the second is 'per_workspace'), in the transaction that changes the cached data.
CREATE FUNCTION bump_cache_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key text := TG_ARGV[0];
BEGIN
  IF TG_NARGS > 1 AND TG_ARGV[1] = 'per_workspace' THEN
    IF TG_OP = 'DELETE' THEN key := key || ':' || OLD.workspace_id; ELSE key := key || ':' || NEW.workspace_id; END IF;
  END IF;
  INSERT INTO cache_version (name, version) VALUES (key, 1)
  ON CONFLICT (name) DO UPDATE SET version = cache_version.version + 1;
  RETURN NULL;
END
$$;

-- API keys (and the workspace cached with them): a created, revoked or deleted key, a changed
-- identification mode. Not last_used_at, which the API itself writes once a minute.
CREATE TRIGGER api_key_cache_version AFTER INSERT OR DELETE ON "api_key"
  FOR EACH ROW EXECUTE FUNCTION bump_cache_version('api_key');
CREATE TRIGGER api_key_cache_version_update AFTER UPDATE ON "api_key"
  FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.key_hash IS DISTINCT FROM NEW.key_hash
    OR OLD.site_id IS DISTINCT FROM NEW.site_id OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
  EXECUTE FUNCTION bump_cache_version('api_key');
CREATE TRIGGER workspace_cache_version AFTER UPDATE ON "workspace"
  FOR EACH ROW WHEN (OLD.identification_mode IS DISTINCT FROM NEW.identification_mode OR OLD.hash_secret IS DISTINCT FROM NEW.hash_secret)
  EXECUTE FUNCTION bump_cache_version('api_key');

-- A workspace's segments (identify refreshes its data-driven segments' memberships).
CREATE TRIGGER segment_cache_version AFTER INSERT OR UPDATE OR DELETE ON "segment"
  FOR EACH ROW EXECUTE FUNCTION bump_cache_version('segments', 'per_workspace');
