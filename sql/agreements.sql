--
-- agreements: the tables, the rules the database enforces on them, and the
-- functions the views are made of
--
SET search_path = prisoner_exchange, public;
SET datestyle = ISO;
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'
\set SHOW_CONTEXT never

-- The tables are registered so that pg_dump keeps their rows.
SELECT c.relname, e.cond
FROM pg_catalog.pg_extension AS x,
     LATERAL unnest(x.extconfig, x.extcondition) AS e(cfg, cond)
JOIN pg_catalog.pg_class AS c ON c.oid = e.cfg
WHERE x.extname = 'prisoner_exchange'
ORDER BY c.relname COLLATE "C";

-- Functions over a quota and what was returned, NULL-safe.
SELECT quota, returned, remaining(quota, returned), percent_complete(quota, returned),
       exchange_status(quota, returned)
FROM (VALUES ('1000:1000'::exchange_phase, NULL::exchange_phase),
             ('1000:1000', '390:390'),
             ('1000:1000', '1000:1000'),
             ('1000:1000', '0:0'),
             (NULL, '390:390'),
             (NULL, NULL),
             ('0:0', NULL),
             ('50:150', '13:39')) AS v(quota, returned);
SELECT remaining('1000:1000', '1001:0'), over_quota('1000:1000', '1001:0'), exchange_status('1000:1000', '1001:0');
:sqlstate
SELECT percent_of(174, 16000), percent_of(1000, 8000), percent_of(1, 0),
       percent_of(NULL, 8000), percent_of(1000, NULL);

-- Agreements.
INSERT INTO agreement (name, side_a, side_b, agreed_on, agreed_at, mediator, quota)
VALUES ('Istanbul 1,000-for-1,000', 'Ukraine', 'Russia', '2025-05-16', 'Istanbul', 'Türkiye', '1,000-for-1,000');
INSERT INTO agreement (name, side_a, side_b, agreed_on, quota, ratio)
VALUES ('Gaza 50 for 150', 'Israel', 'Hamas', '2023-11-22', '50:150', '1:3');
INSERT INTO agreement (name, side_a, side_b, agreed_on, notes)
VALUES ('All-for-all', 'Ukraine', 'Russia', '2025-06-02', 'open-ended: no quota');
INSERT INTO agreement (name, side_a, side_b, quota, balance_rule)
VALUES ('Overall only', 'A-land', 'B-land', '10:10', 'overall'),
       ('Report only', 'A-land', 'B-land', '10:4', 'none');
SELECT name, quota, ratio, balance_rule FROM agreement ORDER BY id;

-- Bad agreements are refused, each by a named constraint.
INSERT INTO agreement (name, side_a, side_b) VALUES ('Istanbul 1,000-for-1,000', 'Ukraine', 'Russia');
:sqlstate
INSERT INTO agreement (name, side_a, side_b) VALUES ('Same side', 'Ukraine', 'Ukraine');
:sqlstate
INSERT INTO agreement (name, side_a, side_b, balance_rule) VALUES ('Bad rule', 'A', 'B', 'sometimes');
:sqlstate
INSERT INTO agreement (name, side_a, side_b, ratio) VALUES ('Zero ratio', 'A', 'B', '0:1');
:sqlstate
INSERT INTO agreement (name, side_a, side_b, quota, balance_rule) VALUES ('Unbalanced quota', 'A', 'B', '1000:900', 'overall');
:sqlstate
INSERT INTO agreement (name, side_a, side_b) VALUES ('', 'A', 'B');
:sqlstate

-- An agreement with no phases: nothing returned, not started (or open-ended).
SELECT agreement_name, quota_side_a, quota_side_b, returned_side_a, returned_side_b,
       remaining_side_a, remaining_side_b, percent_complete, phase_count,
       first_exchanged_on, unbalanced_phases, balance, balance_kept, status,
       exchange_phase(returned_side_a, returned_side_b) AS returned,
       exchange_phase(remaining_side_a, remaining_side_b) AS remaining
FROM agreement_progress ORDER BY agreement_id;
SELECT count(*) AS phase_rows FROM phase_progress;

-- Phases within the quota and the ratio are recorded.
INSERT INTO phase (agreement_id, exchanged_on, counts, place)
VALUES (1, '2025-05-23', '390-for-390', 'Belarus-Ukraine border'),
       (1, '2025-05-24', '307 for 307', 'via Belarus');

-- Over the quota: refused, naming the agreement, the quota, the total so far
-- and the phase.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-25', '304:304');
:sqlstate
-- Off the ratio under each_phase.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-25', '303:302');
:sqlstate
-- Nobody returned.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-25', '0:0');
:sqlstate
-- An agreement that does not exist.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (999, '2025-05-25', '1:1');
:sqlstate
-- Two phases on one day need distinct ordinals.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-24', '1:1');
:sqlstate

-- A statement that breaks a rule on its second row writes no row at all.
INSERT INTO phase (agreement_id, exchanged_on, day_ordinal, counts)
VALUES (1, '2025-05-25', 1, '300:300'), (1, '2025-05-25', 2, '300:300');
:sqlstate
SELECT count(*) AS phases_of_istanbul FROM phase WHERE agreement_id = 1;

-- The third phase completes the quota exactly.
INSERT INTO phase (agreement_id, exchanged_on, counts, place)
VALUES (1, '2025-05-25', '303:303', 'Belarus-Ukraine border');

-- UPDATE is checked like INSERT: the phase's own old counts do not count.
UPDATE phase SET counts = '304:304' WHERE agreement_id = 1 AND exchanged_on = '2025-05-25';
:sqlstate
UPDATE phase SET counts = '303:303', notes = 'all men' WHERE agreement_id = 1 AND exchanged_on = '2025-05-25';
-- Several rows in one UPDATE see each other's new values.
UPDATE phase SET counts = counts + '1:1' WHERE agreement_id = 1;
:sqlstate

-- A 1:3 agreement, phase by phase.
INSERT INTO phase (agreement_id, exchanged_on, counts)
VALUES (2, '2023-11-24', '13:39'), (2, '2023-11-25', '13:39'), (2, '2023-11-26', '13:39');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (2, '2023-11-27', '12:33');
:sqlstate
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (2, '2023-11-27', '11:33');

-- Open-ended: no quota to exceed, the ratio still holds.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (3, '2025-06-09', '1,200-for-1,200');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (3, '2025-06-10', '5:4');
:sqlstate

-- overall: single phases may be unbalanced; the quota (which keeps the
-- ratio) still bounds each side, so a complete agreement is balanced.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (4, '2025-01-01', '7:3');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (4, '2025-01-02', '4:7');
:sqlstate
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (4, '2025-01-02', '3:5');
-- none: report only, within the quota.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (5, '2025-01-01', '9:1');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (5, '2025-01-02', '2:0');
:sqlstate

-- Moving a phase to another agreement is checked against the one it joins.
UPDATE phase SET agreement_id = 5, day_ordinal = 2 WHERE agreement_id = 4 AND exchanged_on = '2025-01-01';
:sqlstate
UPDATE phase SET agreement_id = 4, day_ordinal = 2 WHERE agreement_id = 5 AND exchanged_on = '2025-01-01';
:sqlstate

-- DELETE frees the quota again.
DELETE FROM phase WHERE agreement_id = 4 AND exchanged_on = '2025-01-02';
SELECT agreement_name, exchange_phase(returned_side_a, returned_side_b) AS returned,
       exchange_phase(remaining_side_a, remaining_side_b) AS remaining, status
FROM agreement_progress WHERE agreement_id = 4;
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (4, '2025-01-02', '3:7');

-- Changing an agreement may not leave its phases in breach.
UPDATE agreement SET quota = '900:900' WHERE id = 1;
:sqlstate
UPDATE agreement SET balance_rule = 'each_phase' WHERE id = 5;
:sqlstate
UPDATE agreement SET ratio = '1:2' WHERE id = 1;
:sqlstate
UPDATE agreement SET quota = '1200:1200', mediator = 'Türkiye (host)' WHERE id = 1;
UPDATE agreement SET quota = '1000:1000' WHERE id = 1;
-- An agreement with phases cannot be deleted.
DELETE FROM agreement WHERE id = 1;
:sqlstate

-- The views.
SELECT * FROM agreement_progress ORDER BY agreement_id;
SELECT * FROM phase_progress ORDER BY agreement_id, phase_number;

-- Captive estimates: unknown stays NULL, never 0 and never a division error.
INSERT INTO captive_estimate (held_by, captive_side, category, as_of, held_at_least, returned, source)
VALUES ('Russia', 'Ukraine', 'military', '2025-05-01', 8000, NULL, 'Vereshchuk, 1 May 2025'),
       ('Russia', 'Ukraine', 'civilian', '2025-05-24', 16000, 174, 'Lubinets'),
       ('Ukraine', 'Russia', 'military', '2025-05-24', NULL, NULL, 'not published'),
       ('Russia', 'Ukraine', 'military', '2022-10-13', 2500, NULL, 'older estimate'),
       ('Russia', 'Ukraine', 'military', '2025-09-05', 0, 0, 'a zero, not an unknown'),
       ('Hamas', 'Israel', 'hostages', '2023-11-22', 240, NULL, 'at the truce'),
       ('Hamas', 'Israel', 'hostages', NULL, 250, NULL, 'undated');
INSERT INTO captive_estimate (held_by, captive_side, category, as_of, held_at_least)
VALUES ('Russia', 'Ukraine', 'military', '2025-05-01', -1);
:sqlstate
INSERT INTO captive_estimate (held_by, captive_side, category, as_of)
VALUES ('Russia', 'Russia', 'military', '2025-05-01');
:sqlstate
SELECT held_by, captive_side, category, as_of, held_at_least, returned,
       still_held_at_least, percent_returned, held_is_published, source
FROM captive_ratios ORDER BY held_by, captive_side, category;

-- Coverage uses the estimate closest before the agreement: 1,000 of at
-- least 8,000 service members is 12.5%; Russian POWs held: unknown.
SELECT agreement_name, receiving_side, holding_side, category, estimate_as_of,
       held_at_least, quota_for_side, returned_for_side,
       quota_percent_of_held, returned_percent_of_held
FROM agreement_coverage
ORDER BY agreement_id, receiving_side, category COLLATE "C";

-- One agreement's rows through the views, as a dashboard asks for them.
SELECT phase_number, exchanged_on, cumulative_side_a, remaining_side_a, status_after
FROM phase_progress WHERE agreement_id = 1 ORDER BY phase_number;

-- Every column of every view is a standard SQL type, the way a BI tool
-- or a driver reads it: none of type exchange_phase, none unknown.
SELECT c.table_name, c.data_type, count(*) AS columns
FROM information_schema.columns AS c
JOIN information_schema.views AS v USING (table_schema, table_name)
WHERE c.table_schema = 'prisoner_exchange'
GROUP BY c.table_name, c.data_type
ORDER BY c.table_name::text COLLATE "C", c.data_type::text COLLATE "C";
SELECT table_name, column_name, data_type, udt_name
FROM information_schema.columns
WHERE table_schema = 'prisoner_exchange'
  AND table_name IN (SELECT table_name FROM information_schema.views WHERE table_schema = 'prisoner_exchange')
  AND data_type NOT IN ('bigint', 'integer', 'numeric', 'real', 'date', 'text', 'boolean',
                        'timestamp with time zone')
ORDER BY table_name COLLATE "C", ordinal_position;

-- Clean up for the files that follow.
TRUNCATE phase, agreement, captive_estimate, person, exchange_list, list_entry,
         list_entry_match, list_entry_candidate, list_entry_decision, remains_transfer, phase_category,
         agreement_term RESTART IDENTITY;
