--
-- getting_started: the README's walk-through, statement for statement, so
-- that it runs as shown there.
--
SET client_min_messages = warning;
TRUNCATE prisoner_exchange.phase, prisoner_exchange.agreement, prisoner_exchange.captive_estimate,
         prisoner_exchange.person, prisoner_exchange.exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;
\set SHOW_CONTEXT never
SET search_path = prisoner_exchange, public;
SET datestyle = ISO;   -- as a default psql shows dates in the README
INSERT INTO agreement (name, side_a, side_b, agreed_on, agreed_at, mediator, quota)
VALUES ('Istanbul 1,000-for-1,000 (May 2025)', 'Ukraine', 'Russia',
        '2025-05-16', 'Istanbul', 'Türkiye', '1,000-for-1,000');
INSERT INTO phase (agreement_id, exchanged_on, counts, place)
SELECT a.id, v.day, v.counts, 'Belarus-Ukraine border'
FROM agreement AS a,
     (VALUES (date '2025-05-23', exchange_phase '390:390'), ('2025-05-24', '307:307')) AS v (day, counts);

SELECT agreement_name, returned_side_a, returned_side_b, remaining_side_a, remaining_side_b,
       percent_complete, status
FROM agreement_progress;
SELECT phase_number, exchanged_on, returned_total, cumulative_side_a, remaining_side_a, keeps_ratio
FROM phase_progress ORDER BY phase_number;

INSERT INTO phase (agreement_id, exchanged_on, counts)
SELECT id, '2025-05-25', '400:400' FROM agreement;

SELECT record_phase('Istanbul 1000-for-1000', '2025-05-25', '303:303');
SELECT record_phase('Istanbul 1,000-for-1,000 (May 2025)', '2025-05-25', '303:303') > 0 AS recorded;
SELECT returned_side_a, remaining_side_a, status FROM agreement_progress;

INSERT INTO captive_estimate (held_by, captive_side, category, as_of, held_at_least, returned, source)
VALUES ('Russia', 'Ukraine', 'civilian', '2025-05-16', 16000, 174, 'Ukrainian ombudsman'),
       ('Ukraine', 'Russia', 'military', '2025-05-16', NULL, NULL, 'not published');
SELECT held_by, captive_side, category, held_at_least, returned, still_held_at_least, percent_returned
FROM captive_ratios;

INSERT INTO person (registry_id, full_name, birth_year)
VALUES ('UA-0417', 'Шевченко Юрій Васильович', 1988), ('UA-0932', 'Бойко Андрій Петрович', 1990),
       ('UA-1207', 'Бойко Андрій Петрович', 1968);
INSERT INTO exchange_list (sent_by, agreement_id) SELECT 'Russia', id FROM agreement;
INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year)
SELECT l.id, v.line, v.name, v.born
FROM exchange_list AS l,
     (VALUES (1, 'ШЕВЧЕНКО Юрий Васильевич', 1988), (2, 'Boiko Andrii', NULL),
             (3, 'Петренко Дмитрий', NULL)) AS v (line, name, born);
SELECT * FROM reconcile(list => 1);
SELECT line_number, name_as_written, best_name, verdict, ambiguity
FROM list_reconciliation ORDER BY line_number;
SELECT line_number, rank, registry_id, full_name, person_birth_year, round(score::numeric, 2) AS score
FROM list_candidates WHERE line_number = 2 ORDER BY rank;
SELECT d.entry_id, d.person_id, d.note
FROM (VALUES (1, 1, 'name and year agree'), (2, 2, 'born 1990, says his family'),
             (3, NULL, 'not one of ours')) AS v (entry, person, why),
     confirm_entry(v.entry, v.person, v.why) AS d;
UPDATE exchange_list SET phase_id = (SELECT max(id) FROM phase) WHERE id = 1;
SELECT mark_returned(list => 1) AS marked_returned;
SELECT registry_id, status, returned_in_phase_id FROM person ORDER BY id;

SET client_min_messages = warning;
TRUNCATE prisoner_exchange.phase, prisoner_exchange.agreement, prisoner_exchange.captive_estimate,
         prisoner_exchange.person, prisoner_exchange.exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;
