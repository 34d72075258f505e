--
-- roles: what prisoner_exchange_reader and prisoner_exchange_editor may do,
-- and the smallest group a reader sees
--
SET search_path = prisoner_exchange, public;
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'
\set SHOW_CONTEXT never

-- The roles exist, cannot log in, and the editor is also a reader.
SELECT rolname, rolcanlogin, pg_catalog.pg_has_role(rolname, 'prisoner_exchange_reader', 'MEMBER') AS reads
FROM pg_catalog.pg_roles WHERE rolname IN ('prisoner_exchange_reader', 'prisoner_exchange_editor')
ORDER BY rolname;

CREATE ROLE regress_pe_reader LOGIN IN ROLE prisoner_exchange_reader;
CREATE ROLE regress_pe_editor LOGIN IN ROLE prisoner_exchange_editor;

-- The editor records an agreement, a phase and the people it brought home:
-- six, two of them from Mariupol, four from Kherson.
SET ROLE regress_pe_editor;
SET client_min_messages = warning;
TRUNCATE phase, agreement, captive_estimate, person, exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;
INSERT INTO agreement (name, side_a, side_b, quota) VALUES ('Role test', 'A', 'B', '10:10');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-24', '6:6');
INSERT INTO person (full_name, birth_year, category, service, place, status, returned_in_phase_id)
SELECT 'Тестовий Особа ' || i, 1980 + i, 'military', 'Armed Forces',
       CASE WHEN i <= 2 THEN 'Mariupol' ELSE 'Kherson' END, 'returned', 1
FROM pg_catalog.generate_series(1, 6) AS i;
INSERT INTO exchange_list (sent_by) VALUES ('B');
INSERT INTO list_entry (list_id, line_number, name_as_written) VALUES (1, 1, 'Тестовий Особа 1');
SELECT * FROM reconcile(1);
-- The editor sees every group, however small.
SELECT dimension, value, people FROM phase_composition ORDER BY dimension, value;
RESET ROLE;

-- The reader sees the aggregate views...
SET ROLE regress_pe_reader;
SELECT agreement_name, returned_total, status FROM agreement_progress;
SELECT count(*) AS phases FROM phase_progress;
SELECT count(*) AS estimates FROM captive_ratios;
SELECT count(*) AS coverage_rows FROM agreement_coverage;
-- ...but no group of fewer than min_group_size() people (5): the two from
-- Mariupol and the four from Kherson are hidden, the six together are not.
SELECT min_group_size();
SELECT dimension, value, people FROM phase_composition ORDER BY dimension, value;
-- Not a name, not a birth date, not a list.
SELECT full_name FROM person;
:sqlstate
SELECT birth_year FROM person;
:sqlstate
SELECT name_as_written FROM list_entry;
:sqlstate
SELECT * FROM list_reconciliation;
:sqlstate
-- Nothing written.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-25', '1:1');
:sqlstate
SELECT * FROM reconcile(1);
:sqlstate
-- And the threshold is not the reader's to lower.
SET prisoner_exchange.min_group_size = 1;
:sqlstate
-- The data dictionary lists what the reader may read, and nothing else:
-- the five aggregate views and itself, every column described, no table.
SELECT relation_name, relation_kind, count(*) AS columns,
       count(column_description) AS described, min(relation_description) IS NOT NULL AS view_described
FROM data_dictionary GROUP BY 1, 2 ORDER BY relation_name COLLATE "C";
SELECT column_number, column_name, data_type, column_description
FROM data_dictionary WHERE relation_name = 'captive_ratios' ORDER BY column_number;
RESET ROLE;
-- An editor's dictionary has the tables too, typed columns included.
SET ROLE regress_pe_editor;
SELECT relation_kind, count(DISTINCT relation_name) AS relations, count(*) AS columns,
       count(*) FILTER (WHERE column_description IS NULL) AS undescribed
FROM data_dictionary GROUP BY 1 ORDER BY 1;
SELECT relation_name, column_name, data_type FROM data_dictionary
WHERE data_type LIKE '%exchange_phase' ORDER BY relation_name COLLATE "C", column_number;
RESET ROLE;

-- A superuser can (for a database: ALTER DATABASE ... SET).
SET prisoner_exchange.min_group_size = 2;
SET ROLE regress_pe_reader;
SELECT dimension, value, people FROM phase_composition ORDER BY dimension, value;
RESET ROLE;
RESET prisoner_exchange.min_group_size;

SET client_min_messages = warning;
TRUNCATE phase, agreement, captive_estimate, person, exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;
DROP ROLE regress_pe_reader;
DROP ROLE regress_pe_editor;
