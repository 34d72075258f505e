-- load_lists.sql: load the demo's FICTIONAL registry (data/seed/person.csv,
-- written by make_person.py) and a list of names sent by the other side
-- (exchange_list.csv, list_entry.csv).  Run after load.sql, from the
-- repository's top directory, once the phases the registry refers to are in:
--     psql -v ON_ERROR_STOP=1 -f data/seed/load_lists.sql
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE seed_person (
	full_name text, birth_date date, birth_year integer, category text, service text,
	unit text, place text, status text, returned_by_agreement text, returned_on date
) ON COMMIT DROP;
\copy seed_person FROM 'data/seed/person.csv' WITH (FORMAT csv, HEADER)
INSERT INTO prisoner_exchange.person
	(full_name, birth_date, birth_year, category, service, unit, place, status, returned_in_phase_id)
SELECT s.full_name, s.birth_date, s.birth_year, s.category, s.service, NULLIF(s.unit, ''),
	   s.place, s.status, ph.id
FROM seed_person AS s
LEFT JOIN prisoner_exchange.agreement AS a ON a.name = s.returned_by_agreement
LEFT JOIN prisoner_exchange.phase AS ph
	   ON ph.agreement_id = a.id AND ph.exchanged_on = s.returned_on AND ph.day_ordinal = 1;

CREATE TEMP TABLE seed_list (agreement_name text, sent_by text, received_on date,
							 title text, source text, notes text) ON COMMIT DROP;
\copy seed_list FROM 'data/seed/exchange_list.csv' WITH (FORMAT csv, HEADER)
INSERT INTO prisoner_exchange.exchange_list (agreement_id, sent_by, received_on, title, source, notes)
SELECT a.id, s.sent_by, s.received_on, s.title, s.source, s.notes
FROM seed_list AS s LEFT JOIN prisoner_exchange.agreement AS a ON a.name = s.agreement_name;

CREATE TEMP TABLE seed_entry (line_number integer, name_as_written text, birth_date date,
							  birth_year integer, notes text) ON COMMIT DROP;
\copy seed_entry FROM 'data/seed/list_entry.csv' WITH (FORMAT csv, HEADER)
INSERT INTO prisoner_exchange.list_entry (list_id, line_number, name_as_written, birth_date, birth_year, notes)
SELECT (SELECT max(id) FROM prisoner_exchange.exchange_list), line_number, name_as_written,
	   birth_date, birth_year, notes
FROM seed_entry;
COMMIT;
