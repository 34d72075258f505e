--
-- bad_input: what a hostile or careless client may send to every entry
-- point, and the SQLSTATE and message each gets.  Nothing is half-written.
--
SET search_path = prisoner_exchange, public;
SET client_min_messages = warning;
TRUNCATE phase, agreement, captive_estimate, person, exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;

-- try(statement): the SQLSTATE and message of the error it raises, or 'ok'.
CREATE FUNCTION pg_temp.try(statement text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || pg_catalog.left(SQLERRM, 110);
END $$;

INSERT INTO agreement (id, name, side_a, side_b, quota) VALUES (1, 'Istanbul', 'Ukraine', 'Russia', '1000:1000');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-23', '390:390');
INSERT INTO exchange_list (id, sent_by) VALUES (1, 'Russia');

SELECT entry_point, pg_temp.try(statement) AS outcome
FROM (VALUES
    -- the type
    ('exchange_phase: empty', $$SELECT ''::exchange_phase$$),
    ('exchange_phase: 1,000,000 bytes', $$SELECT pg_catalog.repeat('7', 1000000)::exchange_phase$$),
    ('exchange_phase: three counts', $$SELECT '1:2:3'::exchange_phase$$),
    ('exchange_phase: negative', $$SELECT '-1:1'::exchange_phase$$),
    ('exchange_phase: over 2^31-1', $$SELECT '2147483648:0'::exchange_phase$$),
    ('exchange_phase: Arabic-Indic digits', $$SELECT '١٢:٣'::exchange_phase$$),
    ('exchange_phase: SQL in the value', $$SELECT '1:1; DROP TABLE phase'::exchange_phase$$),
    ('exchange_phase(): negative', $$SELECT exchange_phase(-1, 0)$$),
    ('+: overflow', $$SELECT '2147483647:0'::exchange_phase + '1:0'$$),
    ('-: below zero', $$SELECT '1:1'::exchange_phase - '2:0'$$),
    ('balance(): ratio with a zero side', $$SELECT balance('1:1', '0:3')$$),
    ('is_balanced(): ratio 0:0', $$SELECT is_balanced('1:1', '0:0')$$),
    ('sum(): overflow', $$SELECT sum(p) FROM (VALUES ('2147483647:0'::exchange_phase), ('1:0')) AS v(p)$$),
    ('remaining(): returned above quota', $$SELECT remaining('10:10', '11:0')$$),
    -- agreements
    ('agreement: NULL name', $$INSERT INTO agreement (name, side_a, side_b) VALUES (NULL, 'A', 'B')$$),
    ('agreement: empty name', $$INSERT INTO agreement (name, side_a, side_b) VALUES ('', 'A', 'B')$$),
    ('agreement: one side twice', $$INSERT INTO agreement (name, side_a, side_b) VALUES ('x', 'A', 'A')$$),
    ('agreement: unknown balance rule', $$INSERT INTO agreement (name, side_a, side_b, balance_rule) VALUES ('x', 'A', 'B', 'maybe')$$),
    ('agreement: ratio with a zero side', $$INSERT INTO agreement (name, side_a, side_b, ratio) VALUES ('x', 'A', 'B', '0:1')$$),
    ('agreement: quota off its ratio', $$INSERT INTO agreement (name, side_a, side_b, quota) VALUES ('x', 'A', 'B', '10:9')$$),
    ('agreement: quota below what was returned', $$UPDATE agreement SET quota = '100:100' WHERE id = 1$$),
    ('agreement: deleted with its phases', $$DELETE FROM agreement WHERE id = 1$$),
    -- phases
    ('phase: unknown agreement', $$INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (99, '2025-05-24', '1:1')$$),
    ('phase: NULL agreement', $$INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (NULL, '2025-05-24', '1:1')$$),
    ('phase: NULL counts', $$INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-24', NULL)$$),
    ('phase: nobody returned', $$INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-24', '0:0')$$),
    ('phase: over the quota', $$INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-24', '700:700')$$),
    ('phase: off the ratio', $$INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-24', '307:306')$$),
    ('phase: same day, same ordinal', $$INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-23', '1:1')$$),
    ('phase: ordinal 0', $$INSERT INTO phase (agreement_id, exchanged_on, day_ordinal, counts) VALUES (1, '2025-05-24', 0, '1:1')$$),
    ('phase: not a date', $$INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-02-30', '1:1')$$),
    -- captive estimates
    ('captive_estimate: negative figure', $$INSERT INTO captive_estimate (held_by, captive_side, category, held_at_least) VALUES ('A', 'B', 'military', -5)$$),
    ('captive_estimate: held by its own side', $$INSERT INTO captive_estimate (held_by, captive_side, category) VALUES ('A', 'A', 'military')$$),
    ('captive_estimate: NULL holder', $$INSERT INTO captive_estimate (held_by, captive_side, category) VALUES (NULL, 'B', 'military')$$),
    ('captive_estimate: more returned than held', $$INSERT INTO captive_estimate (held_by, captive_side, category, held_at_least, returned) VALUES ('A', 'B', 'military', 100, 5000)$$),
    ('captive_estimate: a second undated estimate', $$INSERT INTO captive_estimate (held_by, captive_side, category, held_at_least) VALUES ('A', 'B', 'civilian', 10), ('A', 'B', 'civilian', 12)$$),
    ('person: more people linked to a phase than it returned', $$INSERT INTO person (full_name, status, returned_in_phase_id) SELECT 'Особа ' || i, 'returned', 1 FROM pg_catalog.generate_series(1, 391) AS i$$),
    ('phase: counts lowered below the people linked to it', $$WITH linked AS (INSERT INTO person (full_name, status, returned_in_phase_id) VALUES ('Бойко Андрій', 'returned', 1), ('Бойко Петро', 'returned', 1)) UPDATE phase SET counts = '1:1' WHERE id = 1$$),
    -- people and lists
    ('person: NULL name', $$INSERT INTO person (full_name) VALUES (NULL)$$),
    ('person: a name with no letters', $$INSERT INTO person (full_name) VALUES ('--- 42 ---')$$),
    ('person: born in 1066', $$INSERT INTO person (full_name, birth_year) VALUES ('Бойко Андрій', 1066)$$),
    ('person: unknown status', $$INSERT INTO person (full_name, status) VALUES ('Бойко Андрій', 'unknown')$$),
    ('list_entry: no name', $$INSERT INTO list_entry (list_id, line_number, name_as_written) VALUES (1, 1, NULL)$$),
    ('list_entry: an empty name', $$INSERT INTO list_entry (list_id, line_number, name_as_written) VALUES (1, 1, '')$$),
    ('list_entry: unknown list', $$INSERT INTO list_entry (list_id, line_number, name_as_written) VALUES (7, 1, 'Бойко')$$),
    ('list_entry: line 0', $$INSERT INTO list_entry (list_id, line_number, name_as_written) VALUES (1, 0, 'Бойко')$$),
    -- names and reconciliation
    ('name_key: 1,000,000 characters', $$SELECT name_key(pg_catalog.repeat('Бойко ', 200000))$$),
    ('name_similarity: 1,000,000 characters', $$SELECT name_similarity('Бойко', pg_catalog.repeat('я', 1000000))$$),
    ('transliterate: unknown transform', $$SELECT transliterate('Бойко', 'Klingon-Latin')$$),
    ('transliterate: transform with a rule error', $$SELECT transliterate('Бойко', 'a > ; b')$$),
    ('transliterate: 10,001 characters', $$SELECT transliterate(pg_catalog.repeat('я', 10001), 'Any-Latin')$$),
    ('transliterate: a compound that multiplies its text', $$SELECT transliterate('a', 'Any-Name; Any-Name; Any-Name; Any-Name; Any-Name')$$),
    ('transliterate: 17 steps', $$SELECT transliterate('a', pg_catalog.repeat('Lower; ', 17))$$),
    ('transliterate: a bad global filter', $$SELECT transliterate('a', '[[:Nonsense:]]; Lower')$$),
    ('transliterate: no step', $$SELECT transliterate('a', ' ; ; ')$$),
    ('threshold: above 1', $$SET prisoner_exchange.name_match_threshold = 1.5$$),
    ('threshold: not a number', $$SET prisoner_exchange.name_match_threshold = 'high'$$),
    ('reconcile: unknown list', $$SELECT * FROM reconcile(99)$$),
    ('reconcile: negative margin', $$SELECT * FROM reconcile(1, -0.1)$$),
    ('reconcile: NULL list', $$SELECT * FROM reconcile(NULL)$$),
    ('confirm_entry: unknown entry', $$SELECT confirm_entry(99, NULL)$$),
    ('revise_entry: an entry never decided', $$SELECT revise_entry(99, NULL, 'second look')$$),
    ('revise_entry: no note', $$SELECT revise_entry(99, NULL, NULL)$$)
) AS v(entry_point, statement)
ORDER BY entry_point COLLATE "C";

-- Nothing half-written: a statement that fails on its last row wrote none,
-- in one INSERT and in one COPY.
SELECT count(*) AS phases_before FROM phase;
SELECT pg_temp.try($$INSERT INTO phase (agreement_id, exchanged_on, day_ordinal, counts)
                     VALUES (1, '2025-05-24', 1, '100:100'), (1, '2025-05-24', 2, '100:100'),
                            (1, '2025-05-24', 3, '500:500')$$) AS three_rows_one_bad;
SELECT pg_temp.try($$INSERT INTO person (full_name) SELECT 'Особа ' || i FROM pg_catalog.generate_series(1, 999) AS i
                     UNION ALL SELECT '???'$$) AS thousand_rows_one_bad;
SELECT (SELECT count(*) FROM phase) AS phases_after, (SELECT count(*) FROM person) AS people_after;

SET client_min_messages = warning;
TRUNCATE phase, agreement, captive_estimate, person, exchange_list RESTART IDENTITY CASCADE;
RESET client_min_messages;
