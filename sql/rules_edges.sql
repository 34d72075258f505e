--
-- rules_edges: the quota and balance rules where they used to misfire
-- (release 1.4): upserts judged on the rows that result, totals near the
-- int4 ceiling, the running totals the rules keep, recording by name, and
-- the hints of the traps
--
SET search_path = prisoner_exchange, public;
SET datestyle = ISO;
-- The outcome of the statement just run: 00000 when it succeeded.
\set sqlstate '\\echo SQLSTATE: :SQLSTATE'
\set SHOW_CONTEXT never

INSERT INTO agreement (id, name, side_a, side_b, quota)
VALUES (1, 'Istanbul 1,000-for-1,000 (May 2025)', 'Ukraine', 'Russia', '1000:1000');
INSERT INTO phase (agreement_id, exchanged_on, counts)
VALUES (1, '2025-05-23', '390:390'), (1, '2025-05-24', '307:307'), (1, '2025-05-25', '303:303');

-- The quota is full.  An upsert of a phase already there adds nothing:
-- it is not refused as over quota.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-25', '303:303')
ON CONFLICT DO NOTHING;
:sqlstate
-- An upsert that lowers a phase is judged on the row that results, as the
-- same plain UPDATE is.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-25', '300:300')
ON CONFLICT (agreement_id, exchanged_on, day_ordinal) DO UPDATE SET counts = EXCLUDED.counts;
:sqlstate
-- And one that raises it past the quota is refused, with what is left.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-25', '304:304')
ON CONFLICT (agreement_id, exchanged_on, day_ordinal) DO UPDATE SET counts = EXCLUDED.counts;
:sqlstate
-- One UPDATE that lowers one phase and raises another by as much is judged
-- on its outcome, whatever order it visits them in.
UPDATE phase SET counts = CASE exchanged_on WHEN '2025-05-23' THEN '392:392'::exchange_phase
                                            ELSE '305:305' END
WHERE agreement_id = 1 AND exchanged_on IN ('2025-05-23', '2025-05-24');
:sqlstate
SELECT exchanged_on, counts FROM phase WHERE agreement_id = 1 ORDER BY exchanged_on;
SELECT returned_side_a, returned_side_b, remaining_side_a, status FROM agreement_progress WHERE agreement_id = 1;

-- The running totals the rules keep agree with the phases.
SELECT t.agreement_id, t.returned_side_a, t.returned_side_b, t.phase_count
FROM agreement_tally AS t ORDER BY t.agreement_id;

-- Near the int4 ceiling.  Under an open-ended agreement a side's total may
-- not pass 2,147,483,647: refused with 23514, not left to overflow in the
-- views (which on 1.3 then failed for everyone with 22003).
INSERT INTO agreement (id, name, side_a, side_b) VALUES (2, 'All-for-all', 'A', 'B');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (2, '2025-01-01', '2000000000:2000000000');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (2, '2025-01-02', '2000000000:2000000000');
:sqlstate
SELECT agreement_id, returned_side_a, returned_total, remaining_total, status
FROM agreement_progress ORDER BY agreement_id;
SELECT agreement_id, phase_number, cumulative_total, remaining_total, status_after
FROM phase_progress WHERE agreement_id = 2;
-- Under a quota at the ceiling, an over-quota phase is a quota violation
-- (23514), not an overflow (22003).
INSERT INTO agreement (id, name, side_a, side_b, quota) VALUES (3, 'At the ceiling', 'A', 'B', '2147483647:2147483647');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (3, '2025-01-01', '2147483000:2147483000');
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (3, '2025-01-02', '1000:1000');
:sqlstate
DELETE FROM phase WHERE agreement_id IN (2, 3);
DELETE FROM agreement WHERE id IN (2, 3);

-- A statement over several agreements: every one is checked, the first
-- in id order that breaks a rule is named, and no row is written.
INSERT INTO agreement (id, name, side_a, side_b, quota) VALUES (4, 'Small', 'A', 'B', '10:10');
INSERT INTO phase (agreement_id, exchanged_on, counts)
VALUES (4, '2025-06-01', '5:5'), (1, '2025-06-01', '4:4');
:sqlstate
SELECT count(*) AS phases_of_small FROM phase WHERE agreement_id = 4;

-- Recording by the agreement's name: a typo is an error, not INSERT 0 0.
SELECT record_phase('istanbul 1,000-for-1,000 (may 2025)', '2025-06-01', '1:1');
:sqlstate
SELECT record_phase('Nowhere', '2025-06-01', '1:1');
:sqlstate
SELECT record_phase(NULL, '2025-06-01', '1:1');
:sqlstate
-- Without a day_ordinal the phase takes the next one of its day.
SELECT record_phase('Small', '2025-06-01', '2:2') > 0 AS recorded;
SELECT record_phase('Small', '2025-06-01', '3:3', place => 'Border') > 0 AS recorded;
SELECT exchanged_on, day_ordinal, counts, place FROM phase WHERE agreement_id = 4 ORDER BY day_ordinal;
-- An ordinal already taken says how to record a second handover that day.
SELECT record_phase('Small', '2025-06-01', '1:1', 1);
:sqlstate
-- The rules still hold through it.
SELECT record_phase('Small', '2025-06-02', '9:9');
:sqlstate

-- A quota off its ratio says which quotas fit.
INSERT INTO agreement (name, side_a, side_b, quota, ratio) VALUES ('Gaza 1:3', 'Israel', 'Hamas', '10:20', '1:3');
:sqlstate
INSERT INTO agreement (name, side_a, side_b, quota, ratio) VALUES ('Gaza 2:6', 'Israel', 'Hamas', '7:20', '2:6');
:sqlstate
UPDATE agreement SET quota = '999:1000' WHERE id = 4;
:sqlstate

-- remaining() and exchange_status() agree on a value over its quota: both
-- report it, neither fails, so that one deal over its quota (in a user's
-- own table) does not break a report over all of them.
SELECT quota, returned, remaining(quota, returned), over_quota(quota, returned),
       exchange_status(quota, returned)
FROM (VALUES ('10:10'::exchange_phase, '11:11'::exchange_phase), ('10:10', '10:12'), ('10:10', '3:3'),
             (NULL, '11:11')) AS v(quota, returned);

-- TRUNCATE sets the totals back to zero; recount_tallies() rebuilds them
-- after a load that bypassed the rules.
TRUNCATE phase CASCADE;
SELECT agreement_id, returned_side_a, returned_side_b, phase_count FROM agreement_tally ORDER BY agreement_id;
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-23', '390:390');
ALTER TABLE phase DISABLE TRIGGER phase_enforce_rules_insert;
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-24', '307:307');
ALTER TABLE phase ENABLE TRIGGER phase_enforce_rules_insert;
SELECT agreement_id, returned_side_a, phase_count FROM agreement_tally WHERE agreement_id = 1;
SELECT recount_tallies();
SELECT agreement_id, returned_side_a, phase_count FROM agreement_tally ORDER BY agreement_id;
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-25', '304:304');
:sqlstate

-- Clean up for the files that follow.
TRUNCATE phase, agreement, captive_estimate, person, exchange_list, list_entry,
         list_entry_match, list_entry_candidate, list_entry_decision, remains_transfer, phase_category,
         agreement_term RESTART IDENTITY;
