--
-- locales: the registry's and the lists' tables in a UTF8 database whose
-- LC_CTYPE is C, and in a SQL_ASCII one.  On 1.2 every Cyrillic name was
-- refused there, because [[:alpha:]] follows LC_CTYPE; since 1.3 the
-- letters test is the extension's own (Unicode), whatever the locale.
--
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'
\set SHOW_CONTEXT never
\set regression_db :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS regression_prisoner_exchange_c_ctype;
DROP DATABASE IF EXISTS regression_prisoner_exchange_ascii_tables;
RESET client_min_messages;
CREATE DATABASE regression_prisoner_exchange_c_ctype
    ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
CREATE DATABASE regression_prisoner_exchange_ascii_tables
    ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;

-- UTF8 with LC_CTYPE C: why a regular expression cannot decide, and the
-- tables taking Cyrillic, Latin and Greek names all the same.
\c regression_prisoner_exchange_c_ctype
SET client_encoding = 'UTF8';
CREATE EXTENSION prisoner_exchange;
SET search_path = prisoner_exchange;
SELECT (SELECT datctype FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()) AS lc_ctype, 'Шевченко' ~ '[[:alpha:]]' AS regex_sees_a_letter,
       name_has_letters('Шевченко') AS extension_sees_a_letter;
INSERT INTO agreement (name, side_a, side_b, quota) VALUES ('Locale test', 'Ukraine', 'Russia', '10:10');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-24', '3:3');
INSERT INTO person (full_name, birth_year, category, status, returned_in_phase_id) VALUES
    ('Шевченко Юрій Васильович', 1988, 'military', 'returned', 1),
    ('Ковальчук Олена', 1975, 'civilian', 'returned', 1),
    ('Παπαδόπουλος Γιώργος', 1980, 'civilian', 'held', NULL);
INSERT INTO exchange_list (sent_by) VALUES ('Russia');
INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year) VALUES
    (1, 1, 'ШЕВЧЕНКО Юрий Васильевич', 1988), (1, 2, 'Kovalchuk Olena', NULL), (1, 3, 'Petrenko Dmytro', NULL);
SELECT * FROM reconcile(1);
SELECT line_number, name_as_written, best_name, verdict FROM list_reconciliation ORDER BY line_number;
-- Still no name without a letter.
INSERT INTO person (full_name) VALUES ('--- 42 ---');
:sqlstate
INSERT INTO list_entry (list_id, line_number, name_as_written) VALUES (1, 4, '№ 17');
:sqlstate

-- SQL_ASCII, C: names are UTF-8 bytes, read as UTF-8.
\c regression_prisoner_exchange_ascii_tables
SET client_encoding = 'SQL_ASCII';
CREATE EXTENSION prisoner_exchange;
SET search_path = prisoner_exchange;
SELECT pg_catalog.getdatabaseencoding(), 'Шевченко' ~ '[[:alpha:]]' AS regex_sees_a_letter,
       name_has_letters('Шевченко') AS extension_sees_a_letter;
INSERT INTO person (full_name, birth_year) VALUES ('Шевченко Юрій Васильович', 1988), ('Бойко Андрій', 1990);
INSERT INTO exchange_list (sent_by) VALUES ('Russia');
INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year) VALUES
    (1, 1, 'Shevchenko Yurii', 1988), (1, 2, 'Бойко Андрей', 1990);
SELECT * FROM reconcile(1);
SELECT line_number, name_as_written, best_name, verdict FROM list_reconciliation ORDER BY line_number;
INSERT INTO person (full_name) VALUES ('--- 42 ---');
:sqlstate
-- Bytes that are not UTF-8 are refused, not guessed at.
INSERT INTO person (full_name) VALUES (pg_catalog.convert_from('\x53ff6576'::bytea, 'SQL_ASCII'));
:sqlstate

\c :regression_db
DROP DATABASE regression_prisoner_exchange_c_ctype;
DROP DATABASE regression_prisoner_exchange_ascii_tables;
