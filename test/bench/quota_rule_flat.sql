-- quota_rule_flat.sql: does the rules' cost per insert grow with the phases
-- an agreement already has?  Three agreements hold 100, :mid and :large
-- phases (10,000 and 100,000 by default); every round records :batch
-- phases one INSERT at a time into each of them with the rules on, and into
-- a fourth agreement with the rules off, then removes them again.  The
-- ratios are against the agreement of 100 phases in the same round: flat
-- means about 1.0 at every size.  (1.3 summed every phase of the agreement
-- on each insert: +1 ms per insert at 10,000 phases, +11.6 ms at 100,000.)
\set ON_ERROR_STOP on
SET search_path = prisoner_exchange, pg_catalog;
SET jit = off;

INSERT INTO agreement (id, name, side_a, side_b, quota)
SELECT i, 'Flat ' || i, 'A', 'B', '2000000000:2000000000' FROM generate_series(1, 4) AS i;
ALTER TABLE phase DISABLE TRIGGER phase_enforce_rules_insert;   -- loading only
INSERT INTO phase (agreement_id, exchanged_on, day_ordinal, counts)
SELECT a.id, DATE '2000-01-01' + n / 10, 1 + n % 10, '1:1'
FROM (VALUES (1, 100), (2, :mid), (3, :large), (4, 100)) AS a (id, phases),
     generate_series(0, a.phases - 1) AS n;
ALTER TABLE phase ENABLE TRIGGER phase_enforce_rules_insert;
SELECT recount_tallies() AS agreements_counted \gset
VACUUM ANALYZE phase;
VACUUM ANALYZE agreement_tally;

\ir timing.sql

-- record(agreement): :batch phases, one INSERT each, then gone again.
CREATE FUNCTION pg_temp.record(agreement int, batch int) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	started timestamptz := pg_catalog.clock_timestamp();
	elapsed float8;
BEGIN
	FOR i IN 1 .. batch LOOP
		INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
		VALUES (agreement, DATE '2030-01-01' + i, '1:1');
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
		INSERT INTO pg_temp.bench_timings VALUES ('per insert', rep, 'rules on, 100 phases', pg_temp.record(1, batch));
		INSERT INTO pg_temp.bench_timings VALUES ('per insert', rep, 'rules on, ' || current_setting('bench.mid') || ' phases', pg_temp.record(2, batch));
		INSERT INTO pg_temp.bench_timings VALUES ('per insert', rep, 'rules on, ' || current_setting('bench.large') || ' phases', pg_temp.record(3, batch));
		ALTER TABLE prisoner_exchange.phase DISABLE TRIGGER phase_enforce_rules_insert;
		ALTER TABLE prisoner_exchange.phase DISABLE TRIGGER phase_enforce_rules_delete;
		INSERT INTO pg_temp.bench_timings VALUES ('per insert', rep, 'rules off, 100 phases', pg_temp.record(4, batch));
		ALTER TABLE prisoner_exchange.phase ENABLE TRIGGER phase_enforce_rules_insert;
		ALTER TABLE prisoner_exchange.phase ENABLE TRIGGER phase_enforce_rules_delete;
	END LOOP;
END $$;

\pset footer off
\echo 'Per insert, against the same with 100 phases already recorded (ratio: median of the rounds, lowest, highest):'
SELECT measured, pg_catalog.round(median_ms * 1000 / current_setting('bench.batch')::int, 1) AS us_per_insert,
       ratio AS ratio_to_100_phases, lowest, highest, goal, verdict
FROM pg_temp.bench_report('rules on, 100 phases',
     pg_catalog.jsonb_build_object('rules on, ' || current_setting('bench.large') || ' phases', '{"at_most": 1.2}'::jsonb,
                                   'rules on, ' || current_setting('bench.mid') || ' phases', '{"at_most": 1.2}'::jsonb));

SET client_min_messages = warning;
TRUNCATE phase, agreement RESTART IDENTITY CASCADE;
RESET client_min_messages;
