-- category_rule_flat.sql: does the cost of the rules on a phase's
-- breakdown grow with the parts an agreement already has in that
-- category?  Three agreements hold 100, :mid and :large phases, each with
-- its part of category 'military', under a term with a quota; every round
-- records :batch phases with their part, one INSERT each, into each of
-- them, with the breakdown checked at once (SET CONSTRAINTS ... IMMEDIATE,
-- so that the check at commit is inside the timing), then removes them.
-- The ratios are against the agreement of 100 in the same round: flat
-- means about 1.0 at every size (the rules read running totals per
-- agreement and category, never the parts themselves).
\set ON_ERROR_STOP on
SET search_path = prisoner_exchange, pg_catalog;
SET jit = off;
SET client_min_messages = warning;

INSERT INTO agreement (id, name, side_a, side_b, quota, balance_rule)
SELECT i, 'Category flat ' || i, 'A', 'B', '2000000000:2000000000', 'none' FROM generate_series(1, 3) AS i;
INSERT INTO agreement_term (agreement_id, category, quota, ratio)
SELECT i, 'military', '2000000000:2000000000', '1:1' FROM generate_series(1, 3) AS i;
INSERT INTO phase (agreement_id, exchanged_on, day_ordinal, counts)
SELECT a.id, DATE '2000-01-01' + n / 10, 1 + n % 10, '1:1'
FROM (VALUES (1, 100), (2, :mid), (3, :large)) AS a (id, phases),
     generate_series(0, a.phases - 1) AS n;
INSERT INTO phase_category (phase_id, category, counts)
SELECT p.id, 'military', p.counts FROM phase AS p;
VACUUM ANALYZE phase;
VACUUM ANALYZE phase_category;
VACUUM ANALYZE agreement_category_tally;

\ir timing.sql

-- record(agreement): :batch phases and their parts, one INSERT each, the
-- breakdown checked at once; then gone again.
CREATE FUNCTION pg_temp.record(agreement int, batch int) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	started timestamptz;
	elapsed float8;
	new_phase bigint;
BEGIN
	SET CONSTRAINTS ALL IMMEDIATE;
	started := pg_catalog.clock_timestamp();
	FOR i IN 1 .. batch LOOP
		INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
		VALUES (agreement, DATE '2030-01-01' + i, '1:1') RETURNING id INTO new_phase;
		INSERT INTO prisoner_exchange.phase_category (phase_id, category, counts)
		VALUES (new_phase, 'military', '1:1');
	END LOOP;
	elapsed := 1000 * extract(epoch FROM pg_catalog.clock_timestamp() - started);
	DELETE FROM prisoner_exchange.phase WHERE agreement_id = agreement AND exchanged_on > '2030-01-01';
	RETURN elapsed;
END $$;

DO $$
DECLARE
	rep int;
	batch int := current_setting('bench.batch')::int;
BEGIN
	PERFORM pg_temp.record(1, batch);                        -- warm-up
	FOR rep IN 1 .. current_setting('bench.reps')::int LOOP
		INSERT INTO pg_temp.bench_timings VALUES ('per phase and part', rep, '100 parts', pg_temp.record(1, batch));
		INSERT INTO pg_temp.bench_timings VALUES ('per phase and part', rep, current_setting('bench.mid') || ' parts', pg_temp.record(2, batch));
		INSERT INTO pg_temp.bench_timings VALUES ('per phase and part', rep, current_setting('bench.large') || ' parts', pg_temp.record(3, batch));
	END LOOP;
END $$;

\pset footer off
\echo 'Per phase recorded with its part, against the same with 100 parts of the category already recorded:'
SELECT measured, pg_catalog.round(median_ms * 1000 / current_setting('bench.batch')::int, 1) AS us_per_phase_and_part,
       ratio AS ratio_to_100_parts, lowest, highest, goal, verdict
FROM pg_temp.bench_report('100 parts',
     pg_catalog.jsonb_build_object(current_setting('bench.large') || ' parts', '{"at_most": 1.2}'::jsonb,
                                   current_setting('bench.mid') || ' parts', '{"at_most": 1.2}'::jsonb));

TRUNCATE phase, agreement RESTART IDENTITY CASCADE;
RESET client_min_messages;
