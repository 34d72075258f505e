-- quota_rule_cost.sql: the cost of the quota and balance rules on inserts.
-- 100,000 phases across 1,000 agreements (100 each, in date order, as they
-- would be recorded), inserted with the rules' trigger enabled and with it
-- disabled, in alternating repetitions of the same run; the result is the
-- ratio of the medians.  Two shapes: one INSERT ... SELECT of all rows, and
-- one INSERT per phase in a single transaction (as a data-entry client
-- does), through a prepared statement.
\set ON_ERROR_STOP on
SET search_path = prisoner_exchange, pg_catalog;
SET jit = off;

INSERT INTO agreement (name, side_a, side_b, quota)
SELECT 'bench ' || i, 'A', 'B', exchange_phase(1000000, 1000000)
FROM pg_catalog.generate_series(1, :agreements) AS i;

CREATE TEMP TABLE bench_source AS
SELECT a.id AS agreement_id,
       DATE '2022-01-01' + n AS exchanged_on,
       exchange_phase(1 + (n * 7 + a.id::int) % 50, 1 + (n * 7 + a.id::int) % 50) AS counts
FROM agreement AS a, pg_catalog.generate_series(1, :phases_per_agreement) AS n
ORDER BY exchanged_on, agreement_id;

\ir timing.sql

-- load(shape): one timed load of all phases, then an empty table again.
CREATE FUNCTION pg_temp.load(shape text) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	started timestamptz := pg_catalog.clock_timestamp();
	r record;
	elapsed float8;
BEGIN
	IF shape = 'one INSERT ... SELECT' THEN
		INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
		SELECT agreement_id, exchanged_on, counts FROM bench_source;
	ELSE
		FOR r IN SELECT * FROM bench_source LOOP
			INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
			VALUES (r.agreement_id, r.exchanged_on, r.counts);
		END LOOP;
	END IF;
	elapsed := 1000 * extract(epoch FROM pg_catalog.clock_timestamp() - started);
	TRUNCATE prisoner_exchange.phase CASCADE;
	RETURN elapsed;
END $$;

-- Alternate the variants in every repetition; a VACUUM between loads keeps
-- the agreement rows (updated by every checked insert) from bloating.
DO $$
DECLARE
	rep int;
	shape text;
BEGIN
	FOR rep IN 1 .. current_setting('bench.reps')::int LOOP
		FOREACH shape IN ARRAY ARRAY['one INSERT ... SELECT', 'one INSERT per phase'] LOOP
			ALTER TABLE prisoner_exchange.phase ENABLE TRIGGER phase_enforce_rules_insert;
			INSERT INTO pg_temp.bench_timings VALUES (shape, rep, 'rules on', pg_temp.load(shape));
			ALTER TABLE prisoner_exchange.phase DISABLE TRIGGER phase_enforce_rules_insert;
			INSERT INTO pg_temp.bench_timings VALUES (shape, rep, 'rules off', pg_temp.load(shape));
		END LOOP;
	END LOOP;
	ALTER TABLE prisoner_exchange.phase ENABLE TRIGGER phase_enforce_rules_insert;
END $$;

\pset footer off
SELECT grp AS shape, measured AS variant, median_ms,
       pg_catalog.round(:phases_per_agreement * :agreements * 1000.0 / median_ms, 0) AS phases_per_second
FROM pg_temp.bench_report('rules off')
ORDER BY grp, measured DESC;

\echo 'The rules on against off (ratio: median of the rounds, lowest, highest):'
SELECT grp AS shape, ratio AS ratio_rules_on_to_off, lowest, highest
FROM pg_temp.bench_report('rules off')
WHERE measured = 'rules on'
ORDER BY grp;
