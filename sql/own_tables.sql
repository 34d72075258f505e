--
-- own_tables: phases kept in a table of your own, where the triggers of
-- phase cannot reach (a Citus distributed table, a table partitioned over
-- postgres_fdw shards).  quota_check() checks the quota rule there
-- (release 1.7).
--
SET search_path = prisoner_exchange, public;
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'
\set SHOW_CONTEXT never

CREATE TEMP TABLE own_agreement AS
WITH made AS (
	INSERT INTO agreement (name, side_a, side_b, agreed_on, quota, ratio)
	VALUES ('Own table 1,000 for 1,000', 'Ukraine', 'Russia', '2025-05-16', '1000:1000', '1:1'),
		   ('Own table 50 for 150', 'Israel', 'Hamas', '2023-11-22', '50:150', '1:3'),
		   ('Own table open-ended', 'Ukraine', 'Russia', '2025-06-02', NULL, '1:1')
	RETURNING id, name)
SELECT id, name FROM made;

-- Nothing stops these rows: the table is the user's own.
CREATE TABLE public.my_phases (agreement_ref integer, exchanged_on date, counts exchange_phase);
INSERT INTO my_phases
SELECT a.id, p.exchanged_on::date, p.counts::exchange_phase
FROM own_agreement AS a
JOIN (VALUES ('Own table 1,000 for 1,000', '2025-05-23', '390:390'),
			 ('Own table 1,000 for 1,000', '2025-05-24', '307:307'),
			 ('Own table 1,000 for 1,000', '2025-05-25', '303:303'),
			 ('Own table 50 for 150', '2023-11-24', '13:39'),
			 ('Own table 50 for 150', '2023-11-25', '40:120'),
			 ('Own table open-ended', '2025-06-09', '?:120')) AS p (agreement_name, exchanged_on, counts)
  ON p.agreement_name = a.name;
-- An id no agreement has, and a row without one.
INSERT INTO my_phases VALUES (-7, '2025-01-01', '5:5'), (NULL, '2025-01-01', '1:1');

SELECT o.name, c.phase_count, c.returned, c.quota, c.within_quota
FROM quota_check('my_phases', 'agreement_ref') AS c
LEFT JOIN own_agreement AS o ON o.id = c.agreement_id
ORDER BY c.agreement_id < 0, o.name;

-- Columns named wrongly, or of the wrong type.
SELECT * FROM quota_check('my_phases');
:sqlstate
SELECT * FROM quota_check('my_phases', 'agreement_ref', 'agreement_ref');
:sqlstate
SELECT * FROM quota_check('my_phases', 'exchanged_on', 'counts');
:sqlstate
ALTER TABLE my_phases ADD COLUMN counts_text text;
SELECT * FROM quota_check('my_phases', 'agreement_ref', 'counts_text');
:sqlstate
SELECT * FROM quota_check('no_such_table');
:sqlstate
-- STRICT: no table, no rows.
SELECT count(*) FROM quota_check(NULL);
-- A hostile column name is quoted, not run.
ALTER TABLE my_phases RENAME COLUMN counts TO "counts) FROM pg_class --";
SELECT count(*) FROM quota_check('my_phases', 'agreement_ref', 'counts) FROM pg_class --');

DROP TABLE public.my_phases;
DELETE FROM agreement WHERE id IN (SELECT id FROM own_agreement);
