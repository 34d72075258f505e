--
-- categories: a phase's breakdown by category, terms per category and the
-- views by category (release 1.5).  May 2025: phase 1 was 270 military and
-- 120 civilians each way, phases 2 and 3 military only.  Gaza, January
-- 2025: 30 prisoners for each civilian hostage, 50 for each female soldier.
--
SET search_path = prisoner_exchange, public;
SET datestyle = ISO;
\set sqlstate '\\echo SQLSTATE: :SQLSTATE'
\set SHOW_CONTEXT never

-- The controlled list, and a category of one's own.
SELECT name, builtin FROM category ORDER BY name;
INSERT INTO category (name, description) VALUES ('female soldier', 'Women in service (Gaza, January 2025)');
INSERT INTO category (name) VALUES ('Military');
:sqlstate
INSERT INTO category (name) VALUES (' civilian');
:sqlstate

INSERT INTO agreement (id, name, side_a, side_b, agreed_on, quota)
VALUES (1, 'Istanbul 1,000-for-1,000 (May 2025)', 'Ukraine', 'Russia', '2025-05-16', '1000:1000');
INSERT INTO phase (id, agreement_id, exchanged_on, counts)
VALUES (1, 1, '2025-05-23', '390:390'), (2, 1, '2025-05-24', '307:307'), (3, 1, '2025-05-25', '303:303');

-- A breakdown that adds up is accepted; the agreement is filled in from
-- the phase, whatever was given.
INSERT INTO phase_category (phase_id, category, counts, agreement_id)
VALUES (1, 'military', '270:270', 99), (1, 'civilian', '120:120', NULL),
	   (2, 'military', '307:307', NULL), (3, 'military', '303:303', NULL);
SELECT phase_id, category, counts, agreement_id FROM phase_category ORDER BY phase_id, category;

-- One that does not add up is refused at commit, with what it adds up to.
BEGIN;
UPDATE phase_category SET counts = '260:270' WHERE phase_id = 1 AND category = 'military';
COMMIT;
:sqlstate
-- A phase and its parts corrected in one transaction, in either order:
-- checked at commit.
BEGIN;
UPDATE phase SET counts = '389:389' WHERE id = 1;
UPDATE phase_category SET counts = '269:269' WHERE phase_id = 1 AND category = 'military';
COMMIT;
:sqlstate
BEGIN;
UPDATE phase_category SET counts = '270:270' WHERE phase_id = 1 AND category = 'military';
UPDATE phase SET counts = '390:390' WHERE id = 1;
COMMIT;
:sqlstate
-- Alone, the same correction of the phase is refused at commit.
UPDATE phase SET counts = '389:389' WHERE id = 1;
:sqlstate
-- A part not published: the others may not pass the count; with "?" the
-- remainder is left open.
BEGIN;
UPDATE phase_category SET counts = '?:?' WHERE phase_id = 1 AND category = 'civilian';
COMMIT;
:sqlstate
BEGIN;
UPDATE phase_category SET counts = '391:?' WHERE phase_id = 1 AND category = 'military';
COMMIT;
:sqlstate
UPDATE phase_category SET counts = '120:120' WHERE phase_id = 1 AND category = 'civilian';
-- An unknown category, an unknown phase.
INSERT INTO phase_category (phase_id, category, counts) VALUES (2, 'sailors', '1:1');
:sqlstate
INSERT INTO phase_category (phase_id, category, counts) VALUES (42, 'military', '1:1');
:sqlstate
-- A phase with a breakdown stays under its agreement.
INSERT INTO agreement (id, name, side_a, side_b) VALUES (9, 'Elsewhere', 'Ukraine', 'Russia');
UPDATE phase SET agreement_id = 9 WHERE id = 2;
:sqlstate

-- The views by category, and coverage like with like: 880 military of at
-- least 8,000 held, 120 civilians of at least 16,000; the whole quota is
-- not divided by one category's estimate.
SELECT agreement_name, category, returned_side_a, returned_side_b, phase_count, keeps_ratio, status
FROM category_progress ORDER BY agreement_id, category;
INSERT INTO captive_estimate (held_by, captive_side, category, as_of, held_at_least)
VALUES ('Russia', 'Ukraine', 'military', '2025-05-01', 8000), ('Russia', 'Ukraine', 'civilian', '2025-05-24', 16000);
SELECT agreement_name, receiving_side, category, held_at_least, quota_for_side, returned_for_side,
	   returned_for_side_at_least, quota_percent_of_held, returned_percent_of_held
FROM agreement_coverage WHERE agreement_id = 1 ORDER BY receiving_side DESC, category;

-- Gaza, January 2025: terms per category.
INSERT INTO agreement (id, name, side_a, side_b, agreed_on, ratio, balance_rule)
VALUES (2, 'Gaza ceasefire phase 1 (January 2025)', 'Israel', 'Hamas', '2025-01-15', '1:1', 'none');
INSERT INTO agreement_term (agreement_id, category, ratio, quota)
VALUES (2, 'civilian', '1:30', NULL), (2, 'female soldier', '1:50', '5:250');
-- A quota off its term's ratio, with the quotas that fit.
INSERT INTO agreement_term (agreement_id, category, ratio, quota) VALUES (2, 'military', '1:50', '5:200');
:sqlstate
INSERT INTO phase (id, agreement_id, exchanged_on, counts)
VALUES (10, 2, '2025-01-19', '3:90'), (11, 2, '2025-01-25', '4:200');
INSERT INTO phase_category (phase_id, category, counts)
VALUES (10, 'civilian', '3:90'), (11, 'female soldier', '4:200');
:sqlstate
-- A part that breaks its category's ratio is refused, whatever the
-- agreement's own rule.
BEGIN;
UPDATE phase SET counts = '4:150' WHERE id = 11;
UPDATE phase_category SET counts = '4:150' WHERE phase_id = 11;
:sqlstate
ROLLBACK;
-- The quota of a category: 4 of the 5 female soldiers are home; 2 more
-- would pass it.
INSERT INTO phase (id, agreement_id, exchanged_on, counts) VALUES (12, 2, '2025-01-30', '2:80');
INSERT INTO phase_category (phase_id, category, counts) VALUES (12, 'female soldier', '2:100');
:sqlstate
INSERT INTO phase_category (phase_id, category, counts) VALUES (12, 'female soldier', '1:50'), (12, 'civilian', '1:30');
:sqlstate
SELECT category, returned_side_a, returned_side_b, remaining_side_a, status
FROM category_progress WHERE agreement_id = 2 ORDER BY category;
DELETE FROM phase WHERE id = 12;
-- Changing a term under its parts: the parts must fit the new terms.
UPDATE agreement_term SET quota = '3:150' WHERE category = 'female soldier';
:sqlstate
UPDATE agreement_term SET ratio = '1:40', quota = '5:200' WHERE category = 'female soldier';
:sqlstate
SELECT agreement_name, category, ratio_side_a, ratio_side_b, quota_side_a, quota_side_b,
	   returned_side_a, returned_side_b, remaining_side_a, remaining_side_b, percent_complete,
	   unbalanced_parts, keeps_ratio, status
FROM category_progress WHERE agreement_id = 2 ORDER BY category;

-- The running totals per category follow every change, and are rebuilt.
SELECT agreement_id, category, returned_side_a, returned_side_b FROM agreement_category_tally ORDER BY 1, 2;
DELETE FROM phase WHERE id = 11;
SELECT agreement_id, category, returned_side_a, returned_side_b FROM agreement_category_tally ORDER BY 1, 2;
DELETE FROM agreement_category_tally;
SELECT recount_tallies();
SELECT agreement_id, category, returned_side_a, returned_side_b FROM agreement_category_tally ORDER BY 1, 2;
-- Every change is in the history.
SELECT relation, operation, count(*) FROM change_history
WHERE relation IN ('phase_category', 'agreement_term') AND operation <> 'TRUNCATE' GROUP BY 1, 2 ORDER BY 1, 2;

TRUNCATE phase, agreement, captive_estimate, person, exchange_list, list_entry,
		 list_entry_match, list_entry_candidate, list_entry_decision, remains_transfer, phase_category, agreement_term
		 RESTART IDENTITY;
DELETE FROM category WHERE NOT builtin;
