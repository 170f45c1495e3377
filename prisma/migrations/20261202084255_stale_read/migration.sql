-- Aborts the statement that calls it, with SQLSTATE 40S01 ("stale read", a class 40 rollback of
-- our own): a compare-and-swap write found that what it was planned from has changed since it was
-- read (a person's row version, a claim taken meanwhile, the identification mode, the segment list),
-- so nothing of it may stay. The caller reads again and retries (lib/people/identify.ts).
-- No schema change: schema.prisma and schema.snapshot.prisma stay as they are.
CREATE FUNCTION stale_read(what text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'stale read: %', what USING ERRCODE = '40S01';
END
$$;
