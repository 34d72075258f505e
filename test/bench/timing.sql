-- timing.sql: included by the benchmark scripts (\ir timing.sql).
-- time_statement(sql): wall-clock milliseconds of one execution of sql.
CREATE FUNCTION pg_temp.time_statement(sql text) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := pg_catalog.clock_timestamp();
BEGIN
    EXECUTE sql;
    RETURN 1000 * extract(epoch FROM pg_catalog.clock_timestamp() - started);
END $$;
