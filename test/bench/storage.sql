-- storage.sql: COPY in and out (text and binary), a btree index build, an
-- equality lookup and a GROUP BY, each for one exchange_phase column
-- against two int4 columns holding the same counts, in the same run.
-- Medians of interleaved repetitions; ratios to the int4 pair.
\set ON_ERROR_STOP on
SET search_path = prisoner_exchange, pg_catalog;
SET jit = off;
SET max_parallel_workers_per_gather = 0;
\pset footer off

CREATE TABLE bench_pair (a int4 NOT NULL, b int4 NOT NULL);
CREATE TABLE bench_phase (p exchange_phase NOT NULL);
INSERT INTO bench_pair SELECT i % 1000, (i * 7) % 1000 FROM generate_series(1, :rows) AS i;
INSERT INTO bench_phase SELECT exchange_phase(a, b) FROM bench_pair;
VACUUM ANALYZE bench_pair;
VACUUM ANALYZE bench_phase;

CREATE TEMP TABLE storage_timings (operation text, variant text, ms float8);

\ir timing.sql

-- The files COPY reads back are written once, by the server, under /tmp.
COPY bench_pair TO '/tmp/prisoner_exchange_bench_pair.txt';
COPY bench_phase TO '/tmp/prisoner_exchange_bench_phase.txt';
COPY bench_pair TO '/tmp/prisoner_exchange_bench_pair.bin' WITH (FORMAT binary);
COPY bench_phase TO '/tmp/prisoner_exchange_bench_phase.bin' WITH (FORMAT binary);
CREATE TABLE load_pair (LIKE bench_pair);
CREATE TABLE load_phase (LIKE bench_phase);

DO $$
DECLARE
    rep int;
    lookups int := 2000;
BEGIN
    FOR rep IN 1 .. current_setting('bench.reps')::int LOOP
        INSERT INTO storage_timings VALUES
            ('COPY out, text', 'int4 pair', pg_temp.time_statement('COPY bench_pair TO ''/dev/null''')),
            ('COPY out, text', 'exchange_phase', pg_temp.time_statement('COPY bench_phase TO ''/dev/null''')),
            ('COPY out, binary', 'int4 pair', pg_temp.time_statement('COPY bench_pair TO ''/dev/null'' WITH (FORMAT binary)')),
            ('COPY out, binary', 'exchange_phase', pg_temp.time_statement('COPY bench_phase TO ''/dev/null'' WITH (FORMAT binary)'));
        TRUNCATE load_pair, load_phase;
        INSERT INTO storage_timings VALUES
            ('COPY in, text', 'int4 pair', pg_temp.time_statement('COPY load_pair FROM ''/tmp/prisoner_exchange_bench_pair.txt''')),
            ('COPY in, text', 'exchange_phase', pg_temp.time_statement('COPY load_phase FROM ''/tmp/prisoner_exchange_bench_phase.txt'''));
        TRUNCATE load_pair, load_phase;
        INSERT INTO storage_timings VALUES
            ('COPY in, binary', 'int4 pair', pg_temp.time_statement('COPY load_pair FROM ''/tmp/prisoner_exchange_bench_pair.bin'' WITH (FORMAT binary)')),
            ('COPY in, binary', 'exchange_phase', pg_temp.time_statement('COPY load_phase FROM ''/tmp/prisoner_exchange_bench_phase.bin'' WITH (FORMAT binary)'));
        INSERT INTO storage_timings VALUES
            ('btree index build', 'int4 pair', pg_temp.time_statement('CREATE INDEX bench_pair_idx ON bench_pair (a, b)')),
            ('btree index build', 'exchange_phase', pg_temp.time_statement('CREATE INDEX bench_phase_idx ON bench_phase (p)'));
        INSERT INTO storage_timings VALUES
            ('2,000 equality lookups through the index', 'int4 pair', pg_temp.time_statement(
                'SELECT sum(l.n) FROM generate_series(1, ' || lookups || ') AS g, LATERAL (SELECT count(*) AS n FROM bench_pair WHERE a = g % 1000 AND b = (g * 7) % 1000) AS l')),
            ('2,000 equality lookups through the index', 'exchange_phase', pg_temp.time_statement(
                'SELECT sum(l.n) FROM generate_series(1, ' || lookups || ') AS g, LATERAL (SELECT count(*) AS n FROM bench_phase WHERE p = prisoner_exchange.exchange_phase(g % 1000, (g * 7) % 1000)) AS l'));
        INSERT INTO storage_timings VALUES
            ('GROUP BY the value', 'int4 pair', pg_temp.time_statement('SELECT count(*) FROM (SELECT a, b, count(*) FROM bench_pair GROUP BY a, b) AS g')),
            ('GROUP BY the value', 'exchange_phase', pg_temp.time_statement('SELECT count(*) FROM (SELECT p, count(*) FROM bench_phase GROUP BY p) AS g'));
        DROP INDEX bench_pair_idx;
        DROP INDEX bench_phase_idx;
    END LOOP;
END $$;

\echo 'One exchange_phase column against two int4 columns, same counts:'
SELECT t.operation,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms) FILTER (WHERE t.variant = 'int4 pair')::numeric, 0) AS int4_pair_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms) FILTER (WHERE t.variant = 'exchange_phase')::numeric, 0) AS exchange_phase_ms,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms) FILTER (WHERE t.variant = 'exchange_phase')
              / percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms) FILTER (WHERE t.variant = 'int4 pair'))::numeric, 2) AS ratio_to_pair
FROM storage_timings AS t GROUP BY t.operation ORDER BY min(t.ms) DESC;

DROP TABLE bench_pair, bench_phase, load_pair, load_phase;
\! rm -f /tmp/prisoner_exchange_bench_pair.txt /tmp/prisoner_exchange_bench_phase.txt /tmp/prisoner_exchange_bench_pair.bin /tmp/prisoner_exchange_bench_phase.bin
