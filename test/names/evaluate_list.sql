-- evaluate_list.sql: reconcile() judged as a whole, on the registry and the
-- list of test/names/make_eval_list.py.  Precision and recall on the lines
-- a name and a birth year can decide, per spelling system; and the
-- undecidable namesakes, which must be flagged, never guessed.  Run from
-- the repository's top directory in a database with prisoner_exchange.
\set ON_ERROR_STOP on
SET search_path = prisoner_exchange, public;
\pset footer off

CREATE TEMP TABLE eval_registry (person_key text, full_name text, birth_year int);
\copy eval_registry FROM 'test/names/eval_registry.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE eval_line (line_number int, name_as_written text, birth_year int, truth text,
                             kind text, system text, form text);
\copy eval_line FROM 'test/names/eval_list.csv' WITH (FORMAT csv, HEADER)

SELECT registry_load_begin() \g /dev/null
INSERT INTO person (registry_id, full_name, birth_year)
SELECT person_key, full_name, birth_year FROM eval_registry;
SELECT registry_load_end() \g /dev/null
INSERT INTO exchange_list (sent_by, title) VALUES ('evaluation', 'eval_list.csv');
INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year)
SELECT currval('exchange_list_id_seq'), line_number, name_as_written, birth_year FROM eval_line;
SELECT verdict, entries FROM reconcile(currval('exchange_list_id_seq')) \g /dev/null

-- A line of a registry person is undecidable when another registry person
-- fits what the line writes just as well: the same full name (the same
-- surname and given name without a patronymic; the same surname and
-- initials), and the same birth year or none on the line.
CREATE TEMP TABLE line_truth AS
SELECT l.line_number,
       l.truth IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM eval_registry AS o
           WHERE o.person_key <> t.person_key
             AND (l.birth_year IS NULL OR o.birth_year = l.birth_year)
             AND CASE l.form
                     WHEN 'no_patronymic' THEN split_part(o.full_name, ' ', 1) = split_part(t.full_name, ' ', 1)
                                               AND split_part(o.full_name, ' ', 2) = split_part(t.full_name, ' ', 2)
                     WHEN 'initials' THEN split_part(o.full_name, ' ', 1) = split_part(t.full_name, ' ', 1)
                                          AND left(split_part(o.full_name, ' ', 2), 1) = left(split_part(t.full_name, ' ', 2), 1)
                                          AND left(split_part(o.full_name, ' ', 3), 1) = left(split_part(t.full_name, ' ', 3), 1)
                     ELSE o.full_name = t.full_name
                 END) AS decidable
FROM eval_line AS l LEFT JOIN eval_registry AS t ON t.person_key = l.truth;

CREATE TEMP TABLE judged AS
SELECT l.*, lt.decidable OR l.truth IS NULL AS decidable, r.verdict, p.registry_id AS found,
       r.verdict = 'matched' AND p.registry_id = l.truth AS right_person,
       r.verdict = 'matched' AND p.registry_id IS DISTINCT FROM l.truth AS wrong_match
FROM eval_line AS l
JOIN line_truth AS lt USING (line_number)
JOIN list_reconciliation AS r ON r.list_id = currval('exchange_list_id_seq') AND r.line_number = l.line_number
LEFT JOIN person AS p ON p.id = r.best_person_id;

\echo 'Lines of the list by kind, and what reconcile() said:'
SELECT kind, count(*) AS lines,
       count(*) FILTER (WHERE right_person) AS matched_right,
       count(*) FILTER (WHERE wrong_match) AS matched_wrong,
       count(*) FILTER (WHERE verdict = 'ambiguous') AS ambiguous,
       count(*) FILTER (WHERE verdict = 'year conflicts') AS year_conflicts,
       count(*) FILTER (WHERE verdict = 'not in registry') AS not_in_registry
FROM judged GROUP BY kind ORDER BY kind;

-- Decidable: every line but those of a registry person another fits as
-- well.  A match of the wrong person, or of anyone for a line of nobody,
-- is a false match.
\echo 'Precision and recall on the lines a name and a birth year can decide:'
SELECT count(*) FILTER (WHERE right_person) AS true_matches,
       count(*) FILTER (WHERE wrong_match) AS false_matches,
       count(*) FILTER (WHERE truth IS NOT NULL AND NOT right_person) AS missed,
       round(count(*) FILTER (WHERE right_person)::numeric
             / nullif(count(*) FILTER (WHERE verdict = 'matched'), 0), 3) AS precision,
       round(count(*) FILTER (WHERE right_person)::numeric
             / nullif(count(*) FILTER (WHERE truth IS NOT NULL), 0), 3) AS recall
FROM judged WHERE decidable;

\echo 'Recall by how the list spelled the name (decidable lines of registry people):'
SELECT system, count(*) AS lines, round(avg(right_person::int)::numeric, 3) AS recall
FROM judged WHERE truth IS NOT NULL AND decidable
GROUP BY system ORDER BY system;

\echo 'Recall by how the list wrote the name (decidable lines of registry people):'
SELECT form, count(*) AS lines, round(avg(right_person::int)::numeric, 3) AS recall
FROM judged WHERE truth IS NOT NULL AND decidable
GROUP BY form ORDER BY form;

\echo 'Undecidable lines (another registry person fits as well): flagged, never guessed:'
SELECT count(*) AS lines,
       count(*) FILTER (WHERE verdict IN ('ambiguous', 'year conflicts')) AS flagged,
       count(*) FILTER (WHERE verdict = 'matched') AS guessed,
       round(avg((verdict IN ('ambiguous', 'year conflicts'))::int)::numeric, 3) AS share_flagged
FROM judged WHERE NOT decidable;
