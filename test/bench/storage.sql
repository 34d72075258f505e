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
        PERFORM pg_temp.bench_time('COPY out, text', rep, 'int4 pair', 'COPY bench_pair TO ''/dev/null''');
        PERFORM pg_temp.bench_time('COPY out, text', rep, 'exchange_phase', 'COPY bench_phase TO ''/dev/null''');
        PERFORM pg_temp.bench_time('COPY out, binary', rep, 'int4 pair', 'COPY bench_pair TO ''/dev/null'' WITH (FORMAT binary)');
        PERFORM pg_temp.bench_time('COPY out, binary', rep, 'exchange_phase', 'COPY bench_phase TO ''/dev/null'' WITH (FORMAT binary)');
        TRUNCATE load_pair, load_phase;
        PERFORM pg_temp.bench_time('COPY in, text', rep, 'int4 pair', 'COPY load_pair FROM ''/tmp/prisoner_exchange_bench_pair.txt''');
        PERFORM pg_temp.bench_time('COPY in, text', rep, 'exchange_phase', 'COPY load_phase FROM ''/tmp/prisoner_exchange_bench_phase.txt''');
        TRUNCATE load_pair, load_phase;
        PERFORM pg_temp.bench_time('COPY in, binary', rep, 'int4 pair', 'COPY load_pair FROM ''/tmp/prisoner_exchange_bench_pair.bin'' WITH (FORMAT binary)');
        PERFORM pg_temp.bench_time('COPY in, binary', rep, 'exchange_phase', 'COPY load_phase FROM ''/tmp/prisoner_exchange_bench_phase.bin'' WITH (FORMAT binary)');
        PERFORM pg_temp.bench_time('btree index build', rep, 'int4 pair', 'CREATE INDEX bench_pair_idx ON bench_pair (a, b)');
        PERFORM pg_temp.bench_time('btree index build', rep, 'exchange_phase', 'CREATE INDEX bench_phase_idx ON bench_phase (p)');
        PERFORM pg_temp.bench_time('2,000 equality lookups through the index', rep, 'int4 pair',
            'SELECT sum(l.n) FROM generate_series(1, ' || lookups || ') AS g, LATERAL (SELECT count(*) AS n FROM bench_pair WHERE a = g % 1000 AND b = (g * 7) % 1000) AS l');
        PERFORM pg_temp.bench_time('2,000 equality lookups through the index', rep, 'exchange_phase',
            'SELECT sum(l.n) FROM generate_series(1, ' || lookups || ') AS g, LATERAL (SELECT count(*) AS n FROM bench_phase WHERE p = prisoner_exchange.exchange_phase(g % 1000, (g * 7) % 1000)) AS l');
        PERFORM pg_temp.bench_time('GROUP BY the value', rep, 'int4 pair', 'SELECT count(*) FROM (SELECT a, b, count(*) FROM bench_pair GROUP BY a, b) AS g');
        PERFORM pg_temp.bench_time('GROUP BY the value', rep, 'exchange_phase', 'SELECT count(*) FROM (SELECT p, count(*) FROM bench_phase GROUP BY p) AS g');
        DROP INDEX bench_pair_idx;
        DROP INDEX bench_phase_idx;
    END LOOP;
END $$;

\echo 'One exchange_phase column against two int4 columns, same counts (ratio: median of the rounds, lowest, highest):'
SELECT grp AS operation, median_ms AS exchange_phase_ms, ratio AS ratio_to_pair, lowest, highest, goal, verdict
FROM pg_temp.bench_report('int4 pair',
                          '{"COPY out, text": {"at_most": 1.3}, "COPY out, binary": {"at_most": 1.3},
                            "COPY in, text": {"at_most": 1.3}, "COPY in, binary": {"at_most": 1.3}}')
WHERE measured = 'exchange_phase'
ORDER BY median_ms DESC;

DROP TABLE bench_pair, bench_phase, load_pair, load_phase;
\! rm -f /tmp/prisoner_exchange_bench_pair.txt /tmp/prisoner_exchange_bench_phase.txt /tmp/prisoner_exchange_bench_pair.bin /tmp/prisoner_exchange_bench_phase.bin

