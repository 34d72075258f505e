-- sum_vs_int4_pair.sql: sum(exchange_phase) against sum(a), sum(b) over two
-- int4 columns of the same rows, and count(*) as the scan floor.  Every
-- figure is a median over interleaved repetitions, reported as a ratio to
-- the int4 pair measured in the same run.
\set ON_ERROR_STOP on
SET search_path = prisoner_exchange, pg_catalog;
SET jit = off;

-- Small counts so that 30 million rows cannot overflow a side.
CREATE TABLE bench_phase (a int4 NOT NULL, b int4 NOT NULL, p exchange_phase NOT NULL);
INSERT INTO bench_phase
SELECT x, y, exchange_phase(x, y)
FROM (SELECT (i % 50)::int4 AS x, ((i * 7) % 50)::int4 AS y
      FROM pg_catalog.generate_series(1, :rows) AS i) AS g;
VACUUM ANALYZE bench_phase;

\ir timing.sql

CREATE TEMP TABLE timings (query text, ms float8);

-- sum_label(sql): what a query measures, as the report names it.
CREATE FUNCTION pg_temp.sum_label(sql text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN sql LIKE '%exchange%' THEN 'sum(exchange_phase)'
                WHEN sql LIKE '%count%' THEN 'count(*) (scan floor)'
                ELSE 'sum(a), sum(b) int4 pair (baseline)' END
$$;

-- workers_launched(sql): how many parallel workers one execution really got,
-- so that a "parallel" figure is never a serial run under another name.
CREATE FUNCTION pg_temp.workers_launched(sql text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || sql INTO plan;
    RETURN coalesce(pg_catalog.substring(plan::text, '"Workers Launched": ([0-9]+)')::int, 0);
END $$;

-- measure(workers, reps): median time of each query, the queries taking turns
-- in every repetition so that a noisy moment hurts them alike.
CREATE FUNCTION pg_temp.measure(workers int, reps int)
RETURNS TABLE (query text, median_ms float8, launched int)
LANGUAGE plpgsql AS $$
DECLARE
    queries text[] := ARRAY[
        'SELECT pg_catalog.sum(a), pg_catalog.sum(b) FROM bench_phase',
        'SELECT prisoner_exchange.sum(p) FROM bench_phase',
        'SELECT pg_catalog.count(*) FROM bench_phase'];
    q text;
    r int;
    ms float8;
BEGIN
    PERFORM pg_catalog.set_config('max_parallel_workers_per_gather', workers::text, true);
    PERFORM pg_catalog.set_config('parallel_leader_participation', 'on', true);
    TRUNCATE timings;
    FOREACH q IN ARRAY queries LOOP          -- warm-up: pages in shared buffers
        PERFORM pg_temp.time_statement(q);
    END LOOP;
    FOR r IN 1 .. reps LOOP
        FOREACH q IN ARRAY queries LOOP
            ms := pg_temp.time_statement(q);
            INSERT INTO timings VALUES (q, ms);
            INSERT INTO pg_temp.bench_timings VALUES (workers || ' workers', r, pg_temp.sum_label(q), ms);
        END LOOP;
    END LOOP;
    RETURN QUERY
        SELECT t.query, pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms),
               pg_temp.workers_launched(t.query)
        FROM timings AS t GROUP BY t.query;
END $$;

CREATE TEMP TABLE results AS
SELECT 0 AS workers, * FROM pg_temp.measure(0, :reps);
INSERT INTO results SELECT 2, * FROM pg_temp.measure(2, :reps);

-- Results are the same whichever way they are computed.
SELECT (SELECT sum(p) FROM bench_phase) = exchange_phase(sum(a)::int4, sum(b)::int4) AS sums_agree
FROM bench_phase;

\pset footer off
\echo 'Ratios to the int4 pair: median of the rounds, lowest, highest.'
SELECT :rows AS rows, b.grp AS workers, b.measured, r.launched AS workers_launched,
       b.median_ms, b.ratio AS ratio_to_pair, b.lowest, b.highest, b.goal, b.verdict
FROM pg_temp.bench_report('sum(a), sum(b) int4 pair (baseline)',
                          '{"sum(exchange_phase)": {"at_most": 1.0}}') AS b
JOIN results AS r ON r.workers || ' workers' = b.grp AND pg_temp.sum_label(r.query) = b.measured
ORDER BY b.grp, b.median_ms DESC;

SELECT pg_catalog.round((s.median_ms / p.median_ms)::numeric, 2) AS parallel_speedup_2_workers,
       'at least 1.7' AS goal,
       CASE WHEN s.median_ms / p.median_ms >= 1.7 THEN 'met' ELSE 'missed' END AS verdict
FROM results AS s JOIN results AS p ON p.query = s.query
WHERE s.workers = 0 AND p.workers = 2 AND s.query LIKE '%exchange%';

DROP TABLE bench_phase;
