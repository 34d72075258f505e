-- composition.sql: what disclosure control costs.  phase_composition read
-- in full over :phases phases of :per_phase people each, as an editor (no
-- suppression) and as a reader (primary and complementary suppression,
-- ages without the small groups), against the 1.2 view's query (primary
-- suppression only, one GROUPING SETS pass) as the baseline, same run.
\set ON_ERROR_STOP on
SET search_path = prisoner_exchange, pg_catalog;
SET jit = off;
\pset footer off

INSERT INTO agreement (id, name, side_a, side_b, balance_rule)
VALUES (1, 'Composition bench', 'A', 'B', 'none');
ALTER TABLE phase DISABLE TRIGGER phase_enforce_rules_insert;   -- loading only
INSERT INTO phase (agreement_id, exchanged_on, day_ordinal, counts)
SELECT 1, DATE '2022-01-01' + p, 1, exchange_phase(:per_phase, :per_phase)
FROM generate_series(1, :phases) AS p;
ALTER TABLE phase ENABLE TRIGGER phase_enforce_rules_insert;
-- The totals the load bypassed:
SELECT recount_tallies() AS agreements_counted \gset
-- Skewed groups, so that many are small: 8 services, 3 categories, 25 places.
INSERT INTO person (full_name, birth_year, category, service, place, status, returned_in_phase_id)
SELECT 'Особа ' || p || '-' || i, 1950 + (i * 31 + p * 7) % 55,
       (ARRAY['military', 'military', 'military', 'civilian', NULL])[1 + (i * 13 + p) % 5],
       (ARRAY['Armed Forces', 'Armed Forces', 'Armed Forces', 'National Guard', 'Border Guard',
              'Navy', 'Territorial Defence', NULL])[1 + (i * i + p) % 8],
       'Place ' || (i * p) % 25, 'returned', p
FROM generate_series(1, :phases) AS p, generate_series(1, :per_phase) AS i;
VACUUM ANALYZE phase;
VACUUM ANALYZE person;
CREATE ROLE bench_composition_reader IN ROLE prisoner_exchange_reader;

\ir timing.sql
DO $$
DECLARE
    baseline constant text := $q$
        SELECT count(*), sum(people) FROM (
            SELECT ph.id, count(*) AS people, min(a.age), max(a.age)
            FROM prisoner_exchange.phase AS ph
            JOIN prisoner_exchange.person AS p ON p.returned_in_phase_id = ph.id
            CROSS JOIN LATERAL (SELECT date_part('year', ph.exchanged_on)::integer - p.birth_year AS age) AS a
            GROUP BY GROUPING SETS ((ph.id), (ph.id, p.service), (ph.id, p.category), (ph.id, p.place))
            HAVING count(*) >= prisoner_exchange.min_group_size()) AS g$q$;
    composition constant text := 'SELECT count(*), sum(people) FROM prisoner_exchange.phase_composition';
    rep int;
BEGIN
    PERFORM pg_temp.time_statement(baseline);           -- warm-up
    PERFORM pg_temp.time_statement(composition);
    FOR rep IN 1 .. current_setting('bench.reps')::int LOOP
        PERFORM pg_temp.bench_time('composition', rep, '1.2 query, primary suppression only (baseline)', baseline);
        PERFORM pg_temp.bench_time('composition', rep, 'phase_composition as an editor (nothing hidden)', composition);
        SET LOCAL ROLE bench_composition_reader;
        PERFORM pg_temp.bench_time('composition', rep, 'phase_composition as a reader (suppressed)', composition);
        RESET ROLE;
    END LOOP;
END $$;

\echo 'phase_composition, in full (ratio: median of the rounds, lowest, highest):'
SELECT measured, median_ms, ratio AS ratio_to_baseline, lowest, highest
FROM pg_temp.bench_report('1.2 query, primary suppression only (baseline)');

SET client_min_messages = warning;
TRUNCATE phase, agreement, person RESTART IDENTITY CASCADE;
RESET client_min_messages;
DROP ROLE bench_composition_reader;
