--
-- lists: the registry and list tables, reconcile() and decisions
--
SET search_path = prisoner_exchange, public;
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'
\set SHOW_CONTEXT never

-- Start from empty tables (seed_report leaves the seed records in).
SET client_min_messages = warning;
TRUNCATE phase, agreement, captive_estimate, person, exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;

INSERT INTO agreement (id, name, side_a, side_b, quota) VALUES (1, 'Test agreement', 'A', 'B', '100:100');
INSERT INTO phase (id, agreement_id, exchanged_on, counts) VALUES (1, 1, '2025-05-23', '10:10');

-- The registry refuses what cannot be a person.
INSERT INTO person (full_name) VALUES ('  12 --  ');
:sqlstate
INSERT INTO person (full_name, birth_date, birth_year) VALUES ('Бойко Андрій', '1990-01-01', 1991);
:sqlstate
INSERT INTO person (full_name, birth_year) VALUES ('Бойко Андрій', 1850);
:sqlstate
INSERT INTO person (full_name, status) VALUES ('Бойко Андрій', 'released');
:sqlstate
INSERT INTO person (full_name, category) VALUES ('Бойко Андрій', 'soldier');
:sqlstate
INSERT INTO person (full_name, status, returned_in_phase_id) VALUES ('Бойко Андрій', 'held', 1);
:sqlstate
INSERT INTO person (full_name, status, returned_in_phase_id) VALUES ('Бойко Андрій', 'returned', 99);
:sqlstate

INSERT INTO person (id, full_name, birth_year, status) VALUES
    (1, 'Бойко Андрій Сергійович', 1990, 'held'),
    (2, 'Бойко Андрій Сергійович', 1975, 'held'),
    (3, 'Мельник Олена Петрівна', NULL, 'held'),
    (4, 'Шевчук Тарас Іванович', 1999, 'returned');
UPDATE person SET returned_in_phase_id = 1 WHERE id = 4;

INSERT INTO exchange_list (id, agreement_id, sent_by, received_on) VALUES (1, 1, 'B', '2025-05-22');
INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year) VALUES
    (1, 1, 'Бойко Андрей Сергеевич', 1975),
    (1, 2, 'BOIKO Andrii Serhiiovych', NULL),
    (1, 3, 'Бойко Андрей Сергеевич', 1983),
    (1, 4, 'Melnyk Olena Petrivna', 1970),
    (1, 5, 'Shevchuk T. I.', NULL),
    (1, 6, 'Коваль Іван', NULL);
INSERT INTO list_entry (list_id, line_number, name_as_written) VALUES (1, 7, '???');
:sqlstate
INSERT INTO list_entry (list_id, line_number, name_as_written) VALUES (1, 1, 'Дубль');
:sqlstate
INSERT INTO list_entry (list_id, line_number, name_as_written) VALUES (9, 1, 'Нікого');
:sqlstate

-- The registry keeps each name's analysis (1.7), which the database
-- computes: it follows a corrected name, and cannot be written.
SELECT count(*) AS persons, count(*) FILTER (WHERE name_codes = name_codes(full_name)) AS codes_current
FROM person;
CREATE TEMP TABLE person_before AS SELECT id, full_name, name_codes FROM person WHERE id = 1;
UPDATE person SET full_name = 'Ткачук Тарас' WHERE id = 1
RETURNING name_codes = name_codes('Ткачук Тарас') AS recomputed,
          name_codes <> (SELECT b.name_codes FROM person_before AS b) AS changed;
UPDATE person AS p SET full_name = b.full_name FROM person_before AS b WHERE p.id = b.id;
UPDATE person SET name_codes = '\x0100' WHERE id = 1;
:sqlstate

-- The verdicts: a birth year settles namesakes (line 1); without one they
-- are ambiguous (line 2); a birth year far off drops the candidate (line 3);
-- an unknown registry year neither helps nor hurts (line 4).
SELECT * FROM reconcile(1);
SELECT line_number, name_as_written, birth_year, best_person_id, round(best_score::numeric, 3) AS best_score,
       runner_up_person_id, round(runner_up_score::numeric, 3) AS runner_up_score,
       round(margin::numeric, 3) AS margin, candidates, verdict
FROM list_reconciliation ORDER BY line_number;

-- A wider margin turns a close call into ambiguous; a margin of 0 never does.
SELECT * FROM reconcile(1, ambiguity_margin => 0);
SELECT line_number, verdict FROM list_reconciliation WHERE line_number = 2;

-- A birth year one off is not a match: two namesakes a year either side
-- are ambiguous, one alone is a year conflict (1.6).
INSERT INTO person (id, full_name, birth_year) VALUES
    (5, 'Ткачук Ігор Олегович', 1990), (6, 'Ткачук Ігор Олегович', 1992);
INSERT INTO exchange_list (id, sent_by) VALUES (2, 'B');
INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year) VALUES
    (2, 1, 'Ткачук Игорь Олегович', 1991), (2, 2, 'Tkachuk Ihor Olehovych', 1993);
SELECT * FROM reconcile(2);
SELECT line_number, verdict, ambiguity, best_person_id, best_birth_year
FROM list_reconciliation WHERE list_id = 2 ORDER BY line_number;
DELETE FROM exchange_list WHERE id = 2;
DELETE FROM person WHERE id IN (5, 6);

-- reconcile() leaves the threshold as it found it, however often it runs
-- in one transaction (1.6: a second call used to find it lowered).
BEGIN;
SET LOCAL prisoner_exchange.name_match_threshold = 0.82;
SELECT count(*) AS verdicts FROM reconcile(1);
SELECT count(*) AS verdicts FROM reconcile(1);
SELECT name_match_threshold() AS threshold_after_two_runs;
COMMIT;
SELECT name_match_threshold() AS threshold_after_the_transaction;

-- Bad arguments.
SELECT * FROM reconcile(42);
:sqlstate
SELECT * FROM reconcile(1, ambiguity_margin => 2);
:sqlstate

-- A person decides; later runs do not undo it; deciding twice is refused.
SELECT entry_id, person_id, note FROM confirm_entry(2, 2, 'by the birth certificate');
SELECT entry_id, person_id FROM confirm_entry(6, NULL, 'not one of ours');
SELECT entry_id FROM confirm_entry(2, 1);
:sqlstate
SELECT * FROM reconcile(1);
SELECT line_number, verdict, computed_verdict, confirmed_person_id, decided_by = current_user AS decided_by_me
FROM list_reconciliation ORDER BY line_number;

-- What a reviewer sees (1.6): why line 2 is ambiguous, the candidate whose
-- birth year conflicts on line 3, and every candidate kept, also for a line
-- with no match.
SELECT line_number, computed_verdict, ambiguity, best_name, best_birth_year, confirmed_name,
       confirmed_birth_year, decision_note
FROM list_reconciliation WHERE line_number IN (2, 3) ORDER BY line_number;
SELECT line_number, rank, person_id, full_name, person_birth_year,
       round(name_score::numeric, 3) AS name_score, round(score::numeric, 3) AS score
FROM list_candidates WHERE line_number IN (2, 3) ORDER BY line_number, rank;

-- One bad line does not stop the list: a line too long to match gets the
-- verdict unreadable with its reason, and the others are reconciled.  Two
-- lines taken to be the same person are flagged on the later one.
INSERT INTO list_entry (list_id, line_number, name_as_written) VALUES
    (1, 7, 'Мельник Олена ' || repeat('Петрівна', 135)),
    (1, 8, 'Мельник Олена Петрівна');
SELECT * FROM reconcile(1);
SELECT line_number, verdict, problem, duplicate_of_line
FROM list_reconciliation WHERE line_number IN (4, 7, 8) ORDER BY line_number;
DELETE FROM list_entry WHERE list_id = 1 AND line_number IN (7, 8);

-- The registry's own identifiers: unique, and never blank.
UPDATE person SET registry_id = 'UA-' || id;
INSERT INTO person (full_name, registry_id) VALUES ('Коваль Іван Петрович', 'UA-1');
:sqlstate
INSERT INTO person (full_name, registry_id) VALUES ('Коваль Іван Петрович', '  ');
:sqlstate

-- After the exchange: the confirmed people are returned in the list's phase.
SELECT mark_returned(1);
:sqlstate
SELECT mark_returned(1, 99);
:sqlstate
INSERT INTO agreement (id, name, side_a, side_b) VALUES (2, 'Another agreement', 'A', 'B');
INSERT INTO phase (id, agreement_id, exchanged_on, counts) VALUES (2, 2, '2025-05-24', '1:1');
SELECT mark_returned(1, 2);
:sqlstate
UPDATE exchange_list SET phase_id = 1 WHERE id = 1;
SELECT mark_returned(1) AS marked;
SELECT mark_returned(1) AS marked_again;
SELECT id, status, returned_in_phase_id FROM person WHERE id = 2;
-- Confirmed people already returned in another phase are not moved.
UPDATE exchange_list SET agreement_id = NULL WHERE id = 1;
SELECT mark_returned(1, 2);
:sqlstate
SELECT id, status, returned_in_phase_id FROM person WHERE id = 2;

-- A large registry loads between registry_load_begin() and
-- registry_load_end(): the names wait in the index's pending list, are
-- merged in one pass, and the index is back as it was.
SELECT registry_load_begin();
SELECT reloptions FROM pg_class WHERE oid = 'person_name_match'::regclass;
INSERT INTO person (full_name, birth_year, registry_id)
SELECT 'Гнатюк Остап ' || p, 1980 + n, 'L-' || n
FROM unnest(ARRAY['Іванович', 'Петрович', 'Тарасович']) WITH ORDINALITY AS t (p, n);
SELECT registry_load_end() >= 0 AS merged;
SELECT reloptions FROM pg_class WHERE oid = 'person_name_match'::regclass;
SET enable_seqscan = off;
SELECT registry_id FROM person WHERE full_name %~ 'Hnatiuk Ostap Petrovych';
RESET enable_seqscan;

-- A list deleted takes its entries, matches and decisions with it.
DELETE FROM exchange_list WHERE id = 1;
SELECT (SELECT count(*) FROM list_entry) AS entries, (SELECT count(*) FROM list_entry_match) AS matches,
       (SELECT count(*) FROM list_entry_candidate) AS candidates,
       (SELECT count(*) FROM list_entry_decision) AS decisions;

-- Composition of the phase: counts, no names.
SELECT phase_id, dimension, value, people, youngest_age, oldest_age, people_with_known_age
FROM phase_composition ORDER BY dimension, value;
SELECT column_name FROM information_schema.columns
WHERE table_schema = 'prisoner_exchange' AND table_name = 'phase_composition'
ORDER BY ordinal_position;

-- A slip of the pen in a surname (1.7), where the birth year agrees, is
-- shown for review as ambiguous (a surname slip), never matched: spelling
-- alone cannot tell a typo from a near surname.  The same line a year off,
-- or without a year, finds no one, nor does a surname that ends otherwise.
INSERT INTO person (full_name, birth_year, registry_id) VALUES
    ('Мороз Михайло Денисович', 1978, 'S-1'), ('Чорновол Оксана Назарівна', 1997, 'S-2'),
    ('Коваль Іван Петрович', 1970, 'S-3');
INSERT INTO exchange_list (sent_by, title) VALUES ('B-land', 'slips');
INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year)
SELECT currval('exchange_list_id_seq'), n, w, y
FROM (VALUES (1, 'Мооз Михаил Денисович', 1978), (2, 'Мооз Михаил Денисович', 1979),
             (3, 'Мооз Михаил Денисович', NULL), (4, 'Tchernovlo Oksana Nazarovna', 1997),
             (5, 'Ковальов Іван Петрович', 1970)) AS t (n, w, y);
SELECT * FROM reconcile(currval('exchange_list_id_seq'));
SELECT r.line_number, r.name_as_written, r.birth_year, p.registry_id AS best, round(r.best_score::numeric, 3) AS best_score,
       r.verdict, r.ambiguity
FROM list_reconciliation AS r LEFT JOIN person AS p ON p.id = r.best_person_id
WHERE r.list_id = currval('exchange_list_id_seq') ORDER BY r.line_number;

SET client_min_messages = warning;
TRUNCATE phase, agreement, person, exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;
