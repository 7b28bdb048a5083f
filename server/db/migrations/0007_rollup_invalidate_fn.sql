-- Drops the cached roll-ups of a notice and its ancestors under their SHARED advisory locks (see
-- rollup-cache.repository.ts). One call instead of two round trips; a plpgsql function so that the
-- delete takes a fresh snapshot after the locks are granted (READ COMMITTED), which a single plain
-- statement would not.
CREATE FUNCTION invalidate_rollup(p_notice integer) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  dropped integer;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(770111, p.a)
    FROM (SELECT a FROM notices n, unnest(string_to_array(trim(both '/' FROM n.path), '/')::int[]) a WHERE n.id = p_notice ORDER BY a) p;
  DELETE FROM rollup_cache WHERE notice_id IN
    (SELECT a FROM notices n, unnest(string_to_array(trim(both '/' FROM n.path), '/')::int[]) a WHERE n.id = p_notice);
  GET DIAGNOSTICS dropped = ROW_COUNT;
  RETURN dropped;
END
$$;
