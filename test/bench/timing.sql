-- timing.sql: included by the benchmark scripts (\ir timing.sql).
--
-- time_statement(sql): wall-clock milliseconds of one execution of sql.
-- bench_time(grp, round, measured, sql): time sql once, as round "round"
--   of "measured" in the group "grp" (a group shares one baseline).
-- bench_report(baseline, goals, speedup): per group and measurement, the
--   median time and the ratio to the group's baseline timed in the same
--   round: its median over the rounds, with the lowest and the highest as
--   its spread, and the goal with met or missed (judged on the median).
--   goals is jsonb keyed by measurement or by group, e.g.
--   '{"sum(exchange_phase)": {"at_most": 1.0}}'.  With speedup the ratio is
--   baseline / measured, a throughput.
CREATE FUNCTION pg_temp.time_statement(sql text) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := pg_catalog.clock_timestamp();
BEGIN
    EXECUTE sql;
    RETURN 1000 * extract(epoch FROM pg_catalog.clock_timestamp() - started);
END $$;

CREATE TEMP TABLE bench_timings (grp text, round int, measured text, ms float8);
GRANT ALL ON bench_timings TO PUBLIC;

CREATE FUNCTION pg_temp.bench_time(grp text, round int, measured text, sql text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO pg_temp.bench_timings VALUES (grp, round, measured, pg_temp.time_statement(sql));
$$;

CREATE FUNCTION pg_temp.bench_report(baseline text, goals jsonb DEFAULT '{}', speedup boolean DEFAULT false)
RETURNS TABLE (grp text, measured text, median_ms numeric, ratio numeric, lowest numeric,
               highest numeric, goal text, verdict text)
LANGUAGE sql AS $$
    WITH per_round AS (
        SELECT t.grp, t.measured, t.ms,
               CASE WHEN speedup THEN b.ms / t.ms ELSE t.ms / b.ms END AS r
        FROM pg_temp.bench_timings AS t
        JOIN pg_temp.bench_timings AS b
          ON b.grp = t.grp AND b.round = t.round AND b.measured = baseline
    ), summary AS (
        SELECT p.grp, p.measured,
               pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY p.ms) AS ms,
               pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY p.r) AS r,
               pg_catalog.min(p.r) AS lo, pg_catalog.max(p.r) AS hi,
               CASE WHEN p.measured <> baseline
                    THEN COALESCE(goals -> p.measured, goals -> p.grp) END AS g
        FROM per_round AS p
        GROUP BY p.grp, p.measured
    )
    SELECT s.grp, s.measured, pg_catalog.round(s.ms::numeric, 1),
           pg_catalog.round(s.r::numeric, 2), pg_catalog.round(s.lo::numeric, 2),
           pg_catalog.round(s.hi::numeric, 2),
           CASE WHEN s.g ? 'at_most' THEN 'at most ' || (s.g ->> 'at_most')
                WHEN s.g ? 'at_least' THEN 'at least ' || (s.g ->> 'at_least') END,
           CASE WHEN s.g ? 'at_most' THEN CASE WHEN s.r <= (s.g ->> 'at_most')::float8 THEN 'met' ELSE 'missed' END
                WHEN s.g ? 'at_least' THEN CASE WHEN s.r >= (s.g ->> 'at_least')::float8 THEN 'met' ELSE 'missed' END END
    FROM summary AS s
    ORDER BY s.grp, s.ms DESC;
$$;
