-- demo.sql: the report of 'make demo'.  It loads the seed records
-- (data/seed/) into an empty database with the extension, replays the May
-- 2025 exchange day by day and reports progress, balance and captive ratios.
-- Run from the repository's top directory.
\set ON_ERROR_STOP on
\pset footer off
\set SHOW_CONTEXT never
SET search_path = prisoner_exchange, pg_catalog;
SET datestyle = ISO;

\echo '================================================================'
\echo ' prisoner_exchange: report on the seed records'
\echo '================================================================'
\echo
\echo 'Loading data/seed/: three agreements, seven phases, four captive'
\echo 'estimates and seven handovers of remains, every row with its public'
\echo 'source.  The May 2025 phases are held back and replayed below, as a'
\echo 'coordinator would record them.'
\echo 'The registry and the list of section 7 are fictional.'
\set load_until 2025-05-22
\i data/seed/load.sql

\echo
\echo '1. The agreements on 22 May 2025'
\echo '----------------------------------------------------------------'
SELECT agreement_name, side_a || ' / ' || side_b AS sides,
       ratio_side_a || ':' || ratio_side_b AS ratio,
       quota_side_a AS quota_a, quota_side_b AS quota_b,
       returned_side_a AS returned_a, returned_side_b AS returned_b,
       status
FROM agreement_progress ORDER BY agreed_on DESC;

\echo
\echo '2. The May 2025 exchange, day by day (side A = Ukraine, side B = Russia)'
\echo '----------------------------------------------------------------'
PREPARE record_day(date) AS
INSERT INTO phase (agreement_id, exchanged_on, day_ordinal, counts, place, source, notes)
SELECT a.id, s.exchanged_on, s.day_ordinal, s.counts, s.place, s.source, s.notes
FROM seed_phase AS s JOIN agreement AS a ON a.name = s.agreement_name
WHERE s.exchanged_on = $1;
PREPARE progress AS
SELECT last_exchanged_on AS as_of, returned_side_a AS home_ukraine, returned_side_b AS home_russia,
       remaining_side_a AS left_a, remaining_side_b AS left_b,
       percent_complete AS pct, balance_kept, status
FROM agreement_progress WHERE agreement_name = 'Istanbul 1,000-for-1,000 (May 2025)';

\echo '23 May: 390 for 390'
EXECUTE record_day('2025-05-23');
EXECUTE progress;
\echo '24 May: 307 for 307 (Russia''s returnees transit Belarus)'
EXECUTE record_day('2025-05-24');
EXECUTE progress;
\echo '25 May: 303 for 303'
EXECUTE record_day('2025-05-25');
EXECUTE progress;

\echo 'Every phase, with the running totals and what remained after it:'
SELECT exchanged_on, phase_number AS n, exchange_phase(returned_side_a, returned_side_b) AS counts,
       cumulative_side_a AS so_far_a, cumulative_side_b AS so_far_b,
       remaining_side_a AS left_a, remaining_side_b AS left_b,
       percent_complete AS pct, keeps_ratio, status_after
FROM phase_progress
WHERE agreement_name = 'Istanbul 1,000-for-1,000 (May 2025)'
ORDER BY phase_number;

\echo 'Who they were, by category, as the Coordination Headquarters announced'
\echo 'each phase: 270 military and 120 civilians, then 307 and 303 military.'
\echo 'The parts of a phase add up to its counts (checked at commit).'
INSERT INTO phase_category (phase_id, category, counts, source)
SELECT p.id, b.category, b.counts::exchange_phase, b.source
FROM (VALUES ('2025-05-23'::date, 'military', '270:270', 'https://www.pravda.com.ua/eng/news/2025/05/23/7513734/'),
             ('2025-05-23', 'civilian', '120:120', 'https://www.pravda.com.ua/eng/news/2025/05/23/7513734/'),
             ('2025-05-24', 'military', '307:307', 'https://censor.net/en/news/3554211/another-exchange-took-place-how-many-soldiers-were-freed-from-captivity'),
             ('2025-05-25', 'military', '303:303', 'https://www.pravda.com.ua/eng/news/2025/05/25/7513953/'))
     AS b (exchanged_on, category, counts, source)
JOIN phase AS p ON p.exchanged_on = b.exchanged_on
JOIN agreement AS a ON a.id = p.agreement_id AND a.name = 'Istanbul 1,000-for-1,000 (May 2025)';
SELECT category, returned_side_a AS home_ukraine, returned_side_b AS home_russia, phase_count AS phases
FROM category_progress WHERE agreement_name = 'Istanbul 1,000-for-1,000 (May 2025)' ORDER BY category DESC;

\echo
\echo '3. The rules hold: phases that would break the agreement are refused'
\echo '----------------------------------------------------------------'
\echo 'A fourth phase of 200 for 200 after the quota is complete:'
\set ON_ERROR_STOP off
\set VERBOSITY default
INSERT INTO phase (agreement_id, exchanged_on, counts)
SELECT id, '2025-05-26', '200:200' FROM agreement WHERE name = 'Istanbul 1,000-for-1,000 (May 2025)';
\echo 'A Gaza-truce phase of 10 hostages for 20 prisoners, off the agreed 1:3:'
INSERT INTO phase (agreement_id, exchanged_on, counts)
SELECT id, '2023-11-28', '10:20' FROM agreement WHERE name LIKE 'Gaza humanitarian pause%';
\set ON_ERROR_STOP on

\echo
\echo '4. Balance, per the rule of each agreement'
\echo '----------------------------------------------------------------'
SELECT agreement_name, ratio_side_a || ':' || ratio_side_b AS ratio, balance_rule,
       phase_count AS phases, unbalanced_phases, balance, balance_kept
FROM agreement_progress ORDER BY agreed_on DESC;

\echo
\echo '5. Captives: the latest estimate of each, and what is known to have come home'
\echo '----------------------------------------------------------------'
SELECT held_by, captive_side, category, as_of, held_at_least, returned,
       percent_returned AS pct_returned,
       CASE WHEN held_is_published THEN 'published' ELSE 'unknown, not zero' END AS held_figure
FROM captive_ratios ORDER BY as_of DESC, held_by, category;

\echo 'The share of the known captives of each category that came home, like with'
\echo 'like: the people of that category returned, from the breakdowns, against'
\echo 'that category''s estimate (a quota for all categories is not divided by one):'
SELECT agreement_name, receiving_side, category, held_at_least,
       COALESCE(returned_for_side::text, 'at least ' || returned_for_side_at_least) AS returned,
       COALESCE(returned_percent_of_held::text || ' %', 'unknown') AS returned_share
FROM agreement_coverage
WHERE category IS NOT NULL AND agreement_name LIKE 'Istanbul%'
ORDER BY agreement_name, receiving_side DESC, category DESC;

\echo
\echo '6. All agreements now'
\echo '----------------------------------------------------------------'
\echo 'Two exchanges whose counts were not all published, recorded as published:'
\echo 'at Easter 2023, 130 came home to Ukraine and Russia gave no figure; on'
\echo '9 June 2025 the first stage of the all-for-all agreement was announced'
\echo 'without its numbers.  "?" is a count not published: unknown, not zero.'
INSERT INTO agreement (name, side_a, side_b, agreed_on, balance_rule, source)
VALUES ('Easter exchange 2023', 'Ukraine', 'Russia', '2023-04-16', 'each_phase',
        'https://euromaidanpress.com/2023/04/17/ukraine-and-russia-conduct-large-prisoner-exchange-on-easter-130-ukrainian-soldiers-return-home/');
SELECT record_phase('Easter exchange 2023', '2023-04-16', '130:?',
                    source => 'https://euromaidanpress.com/2023/04/17/ukraine-and-russia-conduct-large-prisoner-exchange-on-easter-130-ukrainian-soldiers-return-home/') > 0 AS recorded,
       record_phase('All-for-all: seriously wounded, ill and under 25 (Istanbul, June 2025)', '2025-06-09', '?:?',
                    source => 'https://www.pravda.com.ua/eng/news/2025/06/9/7516322/') > 0 AS recorded;
\echo 'Terms per category: the Gaza ceasefire of January 2025 released 30 prisoners'
\echo 'for each civilian hostage and 50 for each female soldier.'
INSERT INTO category (name, description) VALUES ('female soldier', 'Women in service');
INSERT INTO agreement (name, side_a, side_b, agreed_on, mediator, ratio, balance_rule, source)
VALUES ('Gaza ceasefire phase 1 (January 2025)', 'Israel', 'Hamas', '2025-01-15', 'Qatar; Egypt; United States',
        '1:1', 'none', 'https://www.republicworld.com/world-news/gaza-ceasefire-deal-live-updates-israel-releases-90-palestinians-hours-after-hamas-freed-3-hostages-israeli-p');
INSERT INTO agreement_term (agreement_id, category, ratio, source)
SELECT id, t.category, t.ratio::exchange_phase, t.source FROM agreement,
       (VALUES ('civilian', '1:30', 'https://www.republicworld.com/world-news/gaza-ceasefire-deal-live-updates-israel-releases-90-palestinians-hours-after-hamas-freed-3-hostages-israeli-p'),
               ('female soldier', '1:50', 'https://www.arabnews.pk/node/2587755')) AS t (category, ratio, source)
WHERE name = 'Gaza ceasefire phase 1 (January 2025)';
\echo '19 January: 3 civilian women for 90 prisoners; 25 January: 4 female soldiers for 200.'
SELECT record_phase('Gaza ceasefire phase 1 (January 2025)', '2025-01-19', '3:90') AS phase_19 \gset
SELECT record_phase('Gaza ceasefire phase 1 (January 2025)', '2025-01-25', '4:200') AS phase_25 \gset
INSERT INTO phase_category (phase_id, category, counts)
VALUES (:phase_19, 'civilian', '3:90'), (:phase_25, 'female soldier', '4:200');
\echo 'The same 25 January part typed as 4 for 150 breaks the 1:50 of its category, and is refused:'
\set ON_ERROR_STOP off
UPDATE phase_category SET counts = '4:150' WHERE phase_id = :phase_25;
\set ON_ERROR_STOP on
SELECT category, ratio_side_a || ':' || ratio_side_b AS ratio, returned_side_a AS hostages,
       returned_side_b AS prisoners, keeps_ratio
FROM category_progress WHERE agreement_name = 'Gaza ceasefire phase 1 (January 2025)' ORDER BY category;

SELECT agreement_name, agreed_on, phase_count AS phases,
       COALESCE(returned_total::text, CASE WHEN returned_total_at_least > 0 THEN 'at least ' || returned_total_at_least ELSE 'not published' END) AS people_home,
       COALESCE(returned_side_a::text, CASE WHEN returned_side_a_at_least > 0 THEN 'at least ' || returned_side_a_at_least ELSE 'not published' END) AS home_a,
       COALESCE(returned_side_b::text, CASE WHEN returned_side_b_at_least > 0 THEN 'at least ' || returned_side_b_at_least ELSE 'not published' END) AS home_b,
       first_exchanged_on AS first_phase, last_exchanged_on AS last_phase,
       COALESCE(percent_complete::text, '-') AS pct, balance_kept, status
FROM agreement_progress ORDER BY agreed_on DESC;

\echo 'The remains of the dead, beside the living and never added into them'
\echo '(June 2025; a handover whose number was not published makes the sum a'
\echo 'lower bound):'
SELECT agreement_name, receiving_side, transfers, transfers_unpublished AS unpublished,
       CASE WHEN bodies_complete THEN bodies_at_least::text
            ELSE 'at least ' || bodies_at_least END AS bodies,
       COALESCE(returned_alive::text, CASE WHEN returned_alive_at_least > 0
                THEN 'at least ' || returned_alive_at_least ELSE 'not published' END) AS returned_alive
FROM remains_returned ORDER BY agreement_name, receiving_side DESC;

\echo
\echo '7. A list from the other side, checked against the registry'
\echo '----------------------------------------------------------------'
\echo 'Loading a fictional registry (313 people) and a list of 7 names'
\echo 'written as such lists write them (data/seed/load_lists.sql).'
\i data/seed/load_lists.sql
SELECT verdict, entries FROM reconcile((SELECT max(id) FROM exchange_list));
SELECT line_number AS line, name_as_written, birth_year AS born,
       best_name, best_birth_year AS best_born, round(best_score::numeric, 2) AS score,
       round(margin::numeric, 2) AS margin, verdict
FROM list_reconciliation ORDER BY line_number;

\echo 'A coordinator settles the ambiguous line (the namesake born in 1991)'
\echo 'and runs the reconciliation again: the decision stays.'
SELECT entry_id, person_id FROM confirm_entry(
    (SELECT id FROM list_entry WHERE line_number = 2),
    (SELECT id FROM person WHERE full_name = 'Гончаренко Андрій Миколайович' AND birth_year = 1991),
    'identified by the unit commander') \gset
SELECT verdict, entries FROM reconcile((SELECT max(id) FROM exchange_list));
SELECT line_number AS line, name_as_written, verdict, computed_verdict, decided_by IS NOT NULL AS decided
FROM list_reconciliation WHERE line_number = 2;

\echo
\echo '8. Who came home on 24 May 2025, from the registry (counts only, no names)'
\echo '----------------------------------------------------------------'
SELECT dimension, value, people, youngest_age, oldest_age
FROM phase_composition
WHERE exchanged_on = '2025-05-24'
ORDER BY dimension = 'all' DESC, dimension, people DESC, value;
