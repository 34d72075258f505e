-- psql_copy.sql: libpq through psql, the way a coordinator moves data in
-- and out: phases and list entries loaded with \copy in text form, the
-- phases copied out in text and in binary and back into a table of the
-- user's own, and the views read.  Run from an empty directory (run.sh
-- does), where the copies are written; its output must equal
-- psql_copy.expected.
\set ON_ERROR_STOP on
\pset footer off
SET search_path = prisoner_exchange, public;

INSERT INTO agreement (name, side_a, side_b, agreed_on, quota)
VALUES ('psql client', 'Ukraine', 'Russia', '2025-05-16', '1,000-for-1,000');
CREATE TEMP TABLE incoming (exchanged_on date, counts exchange_phase, place text);
\copy incoming FROM STDIN
2025-05-23	390:390	Belarus-Ukraine border
2025-05-24	307-for-307	via Belarus
2025-05-25	303 for 303	\N
\.
INSERT INTO phase (agreement_id, exchanged_on, counts, place)
SELECT a.id, i.exchanged_on, i.counts, i.place FROM incoming AS i, agreement AS a WHERE a.name = 'psql client';
\echo 'ok - psql: three phases loaded by \\copy in three of the accepted text forms'

INSERT INTO exchange_list (agreement_id, sent_by, title)
SELECT id, 'Russia', 'psql client list' FROM agreement WHERE name = 'psql client';
INSERT INTO person (full_name, birth_year) VALUES ('Бондаренко Дмитро Олегович', 1990);
CREATE TEMP TABLE incoming_names (line_number integer, name_as_written text, birth_year integer);
\copy incoming_names FROM STDIN (FORMAT csv)
1,"BONDARENKO, Dmitrii Olegovich",1990
2,Ткаченко Ігор,1982
\.
INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year)
SELECT l.id, n.line_number, n.name_as_written, n.birth_year
FROM incoming_names AS n, exchange_list AS l WHERE l.title = 'psql client list';
SELECT verdict, entries FROM reconcile((SELECT id FROM exchange_list WHERE title = 'psql client list'))
ORDER BY verdict COLLATE "C";
SELECT line_number, name_as_written, best_name, verdict FROM list_reconciliation ORDER BY line_number;
\echo 'ok - psql: list entries loaded by \\copy in CSV and reconciled'

-- Out in text and in binary, back into a table of the user's own.
\copy (SELECT exchanged_on, counts FROM phase ORDER BY exchanged_on) TO 'phases.txt'
\copy (SELECT exchanged_on, counts FROM phase ORDER BY exchanged_on) TO 'phases.bin' (FORMAT binary)
CREATE TEMP TABLE from_text (exchanged_on date, counts exchange_phase);
CREATE TEMP TABLE from_binary (exchanged_on date, counts exchange_phase);
\copy from_text FROM 'phases.txt'
\copy from_binary FROM 'phases.bin' (FORMAT binary)
SELECT t.exchanged_on, t.counts AS from_text, b.counts AS from_binary, t.counts = b.counts AS same
FROM from_text AS t JOIN from_binary AS b USING (exchanged_on) ORDER BY t.exchanged_on;
SELECT (SELECT count(*) FROM phase) AS phases,
       (SELECT count(*) FROM from_binary b JOIN phase p USING (exchanged_on, counts)) AS equal_after_binary_round_trip;
\echo ok - psql: phases copied out and back in text and in binary, unchanged

-- The views.
SELECT agreement_name, returned_side_a, returned_side_b, remaining_total, percent_complete, status, balance_kept
FROM agreement_progress;
SELECT phase_number, exchanged_on, cumulative_side_a, remaining_side_a, status_after
FROM phase_progress ORDER BY phase_number;
\echo ok - psql: agreement_progress and phase_progress: 1000 returned each side, complete
