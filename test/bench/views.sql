-- views.sql: reading agreement_progress and phase_progress over 1,000
-- agreements and :phases phases (1,000,000; fewer in make bench-quick), in
-- full and for one agreement, against a plain scan of the phases
-- (count(*)) as the baseline, same run.
\set ON_ERROR_STOP on
SET search_path = prisoner_exchange, pg_catalog;
SET jit = off;
\pset footer off

ALTER TABLE phase DISABLE TRIGGER phase_enforce_rules;   -- loading only; the data keeps the rules
INSERT INTO agreement (id, name, side_a, side_b, quota)
SELECT i, 'View bench ' || i, 'A', 'B', '100000:100000' FROM generate_series(1, :agreements) AS i;
INSERT INTO phase (agreement_id, exchanged_on, day_ordinal, counts)
SELECT 1 + (n % :agreements), DATE '2022-01-01' + (n / :agreements), 1, exchange_phase(1 + n % 50, 1 + n % 50)
FROM generate_series(0, :phases - 1) AS n;
ALTER TABLE phase ENABLE TRIGGER phase_enforce_rules;
VACUUM ANALYZE agreement;
VACUUM ANALYZE phase;

\ir timing.sql
DO $$
DECLARE
    queries text[][] := ARRAY[
        ['count(*) of phase (baseline)', 'SELECT count(*) FROM prisoner_exchange.phase'],
        ['agreement_progress, all agreements', 'SELECT count(*), sum(returned_total) FROM prisoner_exchange.agreement_progress'],
        ['agreement_progress, one agreement', 'SELECT * FROM prisoner_exchange.agreement_progress WHERE agreement_id = 500'],
        ['phase_progress, all phases', 'SELECT count(*), sum(cumulative_total) FROM prisoner_exchange.phase_progress'],
        ['phase_progress, one agreement', 'SELECT count(*), max(cumulative_total) FROM prisoner_exchange.phase_progress WHERE agreement_id = 500']];
    i int;
    rep int;
BEGIN
    FOR i IN 1 .. array_length(queries, 1) LOOP          -- warm-up
        PERFORM pg_temp.time_statement(queries[i][2]);
    END LOOP;
    FOR rep IN 1 .. current_setting('bench.reps')::int LOOP
        FOR i IN 1 .. array_length(queries, 1) LOOP
            PERFORM pg_temp.bench_time('views', rep, queries[i][1], queries[i][2]);
        END LOOP;
    END LOOP;
END $$;

\echo 'The views over 1,000 agreements and' :phases 'phases (ratio: median of the rounds, lowest, highest):'
SELECT measured, median_ms, ratio AS ratio_to_count, lowest, highest
FROM pg_temp.bench_report('count(*) of phase (baseline)');

\echo 'One agreement: the filter reaches the phases before the running totals:'
EXPLAIN (COSTS OFF) SELECT * FROM phase_progress WHERE agreement_id = 500;

SET client_min_messages = warning;
TRUNCATE phase, agreement RESTART IDENTITY CASCADE;
RESET client_min_messages;
