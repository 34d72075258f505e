--
-- disclosure: what a reader sees of phase_composition reveals no hidden
-- group, neither by subtraction nor through a youngest or oldest age.
-- docs/disclosure-control.md gives the method; this file checks it on the
-- demo data with the attack of issue 11 added, and on a generated
-- population with many small groups.
--
SET search_path = prisoner_exchange, public;
SET client_min_messages = warning;
TRUNCATE phase, agreement, captive_estimate, person, exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;
CREATE ROLE regress_pe_dashboard IN ROLE prisoner_exchange_reader;

-- The demo data: 307 people of the registry came home on 24 May 2025,
-- all military, aged 25 to 61.  The attack: one of them is a civilian
-- aged 19.
\set ECHO none
\i data/seed/load.sql
\i data/seed/load_lists.sql
\set ECHO all
UPDATE person SET category = 'civilian', birth_date = NULL, birth_year = 2006
WHERE id = (SELECT min(p.id) FROM person AS p JOIN phase AS ph ON ph.id = p.returned_in_phase_id
            WHERE ph.exchanged_on = '2025-05-24');

-- What an editor (here a superuser) sees of that phase: the civilian too.
SELECT dimension, value, people, youngest_age, oldest_age
FROM phase_composition WHERE exchanged_on = '2025-05-24'
ORDER BY dimension, value COLLATE "C";

-- What the reader sees: the total, but no breakdown by category, which the
-- total minus the shown group would turn into "1 civilian", and no age of
-- hers: the youngest is 26 on every row, the total's included.
SET ROLE regress_pe_dashboard;
SELECT dimension, value, people, youngest_age, oldest_age, people_with_known_age
FROM phase_composition WHERE exchanged_on = '2025-05-24'
ORDER BY dimension, value COLLATE "C";
RESET ROLE;

-- check_disclosure(): compares what the reader sees with the truth, phase
-- by phase and breakdown by breakdown.  The reader knows every shown
-- count; within one breakdown the hidden groups add up to the total minus
-- the shown ones, and nothing else links them (another breakdown divides
-- the same people in other ways).  So a hidden count can be derived only
-- if it is alone hidden in its breakdown; and each hidden one could hold
-- up to the hidden total less one person for each other hidden group,
-- which must not fall below min_group_size(), or the reader would know
-- that group is small (unless the whole breakdown is hidden: then the
-- reader learns no more than the total).  A phase whose total is hidden
-- shows nothing at all (the last line).  Each line must read 0 but the
-- first two, which show that the data has something to hide.
CREATE FUNCTION pg_temp.check_disclosure()
RETURNS TABLE (check_name text, breakdowns bigint)
LANGUAGE plpgsql AS $$
BEGIN
	DROP TABLE IF EXISTS pg_temp.truth, pg_temp.shown;
	CREATE TEMP TABLE truth AS
		SELECT c.phase_id, c.dimension, c.value, c.people FROM prisoner_exchange.phase_composition AS c;
	SET ROLE regress_pe_dashboard;
	CREATE TEMP TABLE shown AS SELECT * FROM prisoner_exchange.phase_composition;
	RESET ROLE;
	RETURN QUERY
	WITH breakdown AS (
		SELECT t.phase_id, t.dimension,
			   pg_catalog.count(*) AS cells,
			   pg_catalog.count(*) FILTER (WHERE s.phase_id IS NULL) AS hidden_cells,
			   COALESCE(pg_catalog.sum(t.people) FILTER (WHERE s.phase_id IS NULL), 0) AS hidden_people,
			   pg_catalog.bool_or(s.phase_id IS NOT NULL AND t.people < prisoner_exchange.min_group_size()) AS small_shown,
			   pg_catalog.bool_or(s.people <> t.people) AS count_altered
		FROM pg_temp.truth AS t
		LEFT JOIN pg_temp.shown AS s USING (phase_id, dimension, value)
		WHERE t.phase_id IN (SELECT a.phase_id FROM pg_temp.truth AS a
							 WHERE a.dimension = 'all' AND a.people >= prisoner_exchange.min_group_size())
		GROUP BY t.phase_id, t.dimension
	)
	SELECT 'breakdowns' AS check_name, pg_catalog.count(*) FROM breakdown
	UNION ALL SELECT 'breakdowns with hidden groups', pg_catalog.count(*) FROM breakdown WHERE hidden_cells > 0
	UNION ALL SELECT 'a group smaller than min_group_size shown', pg_catalog.count(*) FROM breakdown WHERE small_shown
	UNION ALL SELECT 'one hidden group alone in its breakdown', pg_catalog.count(*) FROM breakdown WHERE hidden_cells = 1
	UNION ALL SELECT 'hidden groups adding up to fewer than min_group_size', pg_catalog.count(*) FROM breakdown WHERE hidden_cells > 0 AND hidden_people < prisoner_exchange.min_group_size()
	UNION ALL SELECT 'a hidden group bounded below min_group_size', pg_catalog.count(*) FROM breakdown WHERE hidden_cells BETWEEN 1 AND cells - 1 AND hidden_people - hidden_cells + 1 < prisoner_exchange.min_group_size()
	UNION ALL SELECT 'a shown count that differs from the truth', pg_catalog.count(*) FROM breakdown WHERE count_altered
	UNION ALL SELECT 'a phase shown although its total is hidden', pg_catalog.count(DISTINCT s.phase_id)
			  FROM pg_temp.shown AS s JOIN pg_temp.truth AS t USING (phase_id)
			  WHERE t.dimension = 'all' AND t.people < prisoner_exchange.min_group_size();
END $$;

-- check_ages(): the ages the reader sees must not depend on anyone in a
-- group smaller than min_group_size(), in any breakdown.  Every such
-- person's birth year is moved to an extreme
-- (1901 or 2020) inside a transaction that is rolled back; what the
-- reader sees must not change at all.  Then the same is done to one
-- person in the clear, and what the reader sees must change: the check
-- can fail.
CREATE FUNCTION pg_temp.check_ages()
RETURNS TABLE (check_name text, rows_changed bigint)
LANGUAGE plpgsql AS $$
DECLARE
	before_count bigint;
BEGIN
	DROP TABLE IF EXISTS pg_temp.hidden_people, pg_temp.ages_before, pg_temp.ages_after;
	-- Who is in a small group, in any breakdown.
	CREATE TEMP TABLE hidden_people AS
		SELECT DISTINCT p.id
		FROM prisoner_exchange.person AS p
		JOIN pg_temp.truth AS t ON t.phase_id = p.returned_in_phase_id
		WHERE t.people < prisoner_exchange.min_group_size()
		  AND ((t.dimension = 'all')
			   OR (t.dimension = 'service' AND t.value = COALESCE(p.service, 'unknown'))
			   OR (t.dimension = 'category' AND t.value = COALESCE(p.category, 'unknown'))
			   OR (t.dimension = 'place' AND t.value = COALESCE(p.place, 'unknown')));
	SET ROLE regress_pe_dashboard;
	CREATE TEMP TABLE ages_before AS
		SELECT phase_id, dimension, value, youngest_age, oldest_age, people_with_known_age
		FROM prisoner_exchange.phase_composition;
	RESET ROLE;

	UPDATE prisoner_exchange.person AS p
	SET birth_date = NULL, birth_year = CASE WHEN p.id % 2 = 0 THEN 1901 ELSE 2020 END
	WHERE p.id IN (SELECT h.id FROM pg_temp.hidden_people AS h);
	SET ROLE regress_pe_dashboard;
	CREATE TEMP TABLE ages_after AS
		SELECT phase_id, dimension, value, youngest_age, oldest_age, people_with_known_age
		FROM prisoner_exchange.phase_composition;
	RESET ROLE;
	check_name := 'people in small groups';
	rows_changed := (SELECT pg_catalog.count(*) FROM pg_temp.hidden_people);
	RETURN NEXT;
	check_name := 'rows changed by moving their ages';
	rows_changed := (SELECT pg_catalog.count(*) FROM (
		(TABLE pg_temp.ages_before EXCEPT TABLE pg_temp.ages_after)
		UNION ALL (TABLE pg_temp.ages_after EXCEPT TABLE pg_temp.ages_before)) AS d);
	RETURN NEXT;

	UPDATE prisoner_exchange.person AS p
	SET birth_date = NULL, birth_year = 1901
	WHERE p.id = (SELECT pg_catalog.min(q.id) FROM prisoner_exchange.person AS q
				  WHERE q.returned_in_phase_id IS NOT NULL
					AND q.id NOT IN (SELECT h.id FROM pg_temp.hidden_people AS h));
	SET ROLE regress_pe_dashboard;
	check_name := 'rows changed by moving one age in the clear (must not be 0)';
	rows_changed := (SELECT pg_catalog.count(*) FROM (
		TABLE pg_temp.ages_before
		EXCEPT SELECT phase_id, dimension, value, youngest_age, oldest_age, people_with_known_age
			   FROM prisoner_exchange.phase_composition) AS d);
	RESET ROLE;
	RETURN NEXT;
	RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'roll back';
EXCEPTION WHEN SQLSTATE 'P0001' THEN
	RESET ROLE;
	RETURN;
END $$;

SELECT * FROM pg_temp.check_disclosure();
SELECT * FROM pg_temp.check_ages();

-- A generated population with many small groups: 40 phases of 3 to 80
-- people, in 7 services and unknown, 2 categories and unknown, 15 places.
SET client_min_messages = warning;
TRUNCATE phase, agreement, captive_estimate, person, exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;
INSERT INTO agreement (name, side_a, side_b, balance_rule) VALUES ('Generated', 'A', 'B', 'none');
INSERT INTO phase (agreement_id, exchanged_on, counts)
SELECT 1, date '2024-01-01' + p, '100:100' FROM pg_catalog.generate_series(1, 40) AS p;
INSERT INTO person (full_name, birth_year, category, service, place, status, returned_in_phase_id)
SELECT 'Особа ' || p || '-' || i,
       1950 + (i * 31 + p * 7) % 55,
       (ARRAY['military', 'military', 'military', 'civilian', NULL])[1 + (i * 13 + p) % 5],
       (ARRAY['Armed Forces', 'Armed Forces', 'Armed Forces', 'National Guard', 'Border Guard',
              'Navy', 'Territorial Defence', NULL])[1 + (i * i + p) % 8],
       'Place ' || (i * p) % 15,
       'returned', p
FROM pg_catalog.generate_series(1, 40) AS p,
     LATERAL pg_catalog.generate_series(1, 3 + (p * 37) % 78) AS i;
SELECT count(*) AS people, count(DISTINCT returned_in_phase_id) AS phases FROM person;
SELECT * FROM pg_temp.check_disclosure();
SELECT * FROM pg_temp.check_ages();

SET client_min_messages = warning;
TRUNCATE phase, agreement, captive_estimate, person, exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;
DROP TABLE pg_temp.truth, pg_temp.shown;
DROP ROLE regress_pe_dashboard;
