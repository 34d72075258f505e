-- views.sql: reading agreement_progress and phase_progress over 1,000
-- agreements and :phases phases (1,000,000; fewer in make bench-quick), in
-- full and for one agreement, each against the same question written by
-- hand (GROUP BY, window) over the same tables, same run.
\set ON_ERROR_STOP on
SET search_path = prisoner_exchange, pg_catalog;
SET jit = off;
\pset footer off

ALTER TABLE phase DISABLE TRIGGER phase_enforce_rules_insert;   -- loading only; the data keeps the rules
INSERT INTO agreement (id, name, side_a, side_b, quota)
SELECT i, 'View bench ' || i, 'A', 'B', '100000:100000' FROM generate_series(1, :agreements) AS i;
INSERT INTO phase (agreement_id, exchanged_on, day_ordinal, counts)
SELECT 1 + (n % :agreements), DATE '2022-01-01' + (n / :agreements), 1, exchange_phase(1 + n % 50, 1 + n % 50)
FROM generate_series(0, :phases - 1) AS n;
ALTER TABLE phase ENABLE TRIGGER phase_enforce_rules_insert;
-- The totals the load bypassed:
SELECT recount_tallies() AS agreements_counted \gset
VACUUM ANALYZE agreement;
VACUUM ANALYZE phase;

\ir timing.sql
-- Each view against the GROUP BY or window a user would write by hand over
-- the same tables, for every agreement and for one: the goal is at most
-- 1.2 times the hand-written query.
DO $$
DECLARE
    queries text[][] := ARRAY[
        ['agreement_progress, all agreements', 'native',
         'SELECT count(*), sum(t) FROM (SELECT a.id, sum(prisoner_exchange.side_a(p.counts)) + sum(prisoner_exchange.side_b(p.counts)) AS t FROM prisoner_exchange.agreement AS a LEFT JOIN prisoner_exchange.phase AS p ON p.agreement_id = a.id GROUP BY a.id) AS s'],
        ['agreement_progress, all agreements', 'view',
         'SELECT count(*), sum(returned_total) FROM prisoner_exchange.agreement_progress'],
        ['agreement_progress, one agreement', 'native',
         'SELECT a.id, sum(prisoner_exchange.side_a(p.counts)), sum(prisoner_exchange.side_b(p.counts)), count(p.id) FROM prisoner_exchange.agreement AS a LEFT JOIN prisoner_exchange.phase AS p ON p.agreement_id = a.id WHERE a.id = 500 GROUP BY a.id'],
        ['agreement_progress, one agreement', 'view',
         'SELECT * FROM prisoner_exchange.agreement_progress WHERE agreement_id = 500'],
        ['phase_progress, all phases', 'native',
         'SELECT count(*), sum(c) FROM (SELECT sum(prisoner_exchange.side_a(counts) + prisoner_exchange.side_b(counts)) OVER (PARTITION BY agreement_id ORDER BY exchanged_on, day_ordinal, id) AS c FROM prisoner_exchange.phase) AS s'],
        ['phase_progress, all phases', 'view',
         'SELECT count(*), sum(cumulative_total) FROM prisoner_exchange.phase_progress'],
        ['phase_progress, one agreement', 'native',
         'SELECT count(*), max(c) FROM (SELECT sum(prisoner_exchange.side_a(counts) + prisoner_exchange.side_b(counts)) OVER (PARTITION BY agreement_id ORDER BY exchanged_on, day_ordinal, id) AS c FROM prisoner_exchange.phase WHERE agreement_id = 500) AS s'],
        ['phase_progress, one agreement', 'view',
         'SELECT count(*), max(cumulative_total) FROM prisoner_exchange.phase_progress WHERE agreement_id = 500']];
    i int;
    rep int;
BEGIN
    FOR i IN 1 .. array_length(queries, 1) LOOP          -- warm-up
        PERFORM pg_temp.time_statement(queries[i][3]);
    END LOOP;
    FOR rep IN 1 .. current_setting('bench.reps')::int LOOP
        FOR i IN 1 .. array_length(queries, 1) LOOP
            PERFORM pg_temp.bench_time(queries[i][1], rep, queries[i][2], queries[i][3]);
        END LOOP;
    END LOOP;
END $$;

\echo 'The views over 1,000 agreements and' :phases 'phases against the same question written by hand (ratio: median of the rounds, lowest, highest):'
SELECT grp AS question, measured, median_ms, ratio AS ratio_to_native, lowest, highest, goal, verdict
FROM pg_temp.bench_report('native', '{"view": {"at_most": 1.2}}');

\echo 'One agreement: the filter reaches the phases before the running totals:'
EXPLAIN (COSTS OFF) SELECT * FROM phase_progress WHERE agreement_id = 500;

SET client_min_messages = warning;
TRUNCATE phase, agreement RESTART IDENTITY CASCADE;
RESET client_min_messages;
