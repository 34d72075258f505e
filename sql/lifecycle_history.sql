--
-- lifecycle_history: an agreement's status and closing date, the dates its
-- phases must keep, and the history of every change (release 1.4)
--
SET search_path = prisoner_exchange, public;
SET datestyle = ISO;
-- The outcome of the statement just run: 00000 when it succeeded.
\set sqlstate '\\echo SQLSTATE: :SQLSTATE'
\set SHOW_CONTEXT never

-- The history starts empty for this file's rows.
SELECT pg_catalog.max(id) AS history_before FROM change_history \gset

INSERT INTO agreement (id, name, side_a, side_b, agreed_on, quota, balance_rule)
VALUES (1, 'Istanbul 1,000-for-1,000 (May 2025)', 'Ukraine', 'Russia', '2025-05-16', '1000:1000', 'each_phase'),
       (2, 'Easter exchange (April 2023)', 'Ukraine', 'Russia', '2023-04-16', NULL, 'overall');

-- A status other than open needs a closing date, and a closing date a
-- status; the closing date cannot precede the agreement.
UPDATE agreement SET status = 'completed' WHERE id = 1;
:sqlstate
UPDATE agreement SET closed_on = '2025-05-30' WHERE id = 1;
:sqlstate
UPDATE agreement SET status = 'finished', closed_on = '2025-05-30' WHERE id = 1;
:sqlstate
UPDATE agreement SET status = 'completed', closed_on = '2025-05-01' WHERE id = 1;
:sqlstate

-- Phases within the agreement's dates.
INSERT INTO phase (agreement_id, exchanged_on, counts)
VALUES (1, '2025-05-23', '390:390'), (1, '2025-05-24', '307:307');
:sqlstate
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-10', '10:10');
:sqlstate
-- An exchange carried out before the agreement was announced counts when
-- the agreement says so.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (2, '2023-04-15', '10:10');
:sqlstate
UPDATE agreement SET phases_may_precede = true WHERE id = 2;
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (2, '2023-04-15', '106:130');
:sqlstate
-- It cannot be taken back while such a phase is there.
UPDATE agreement SET phases_may_precede = false WHERE id = 2;
:sqlstate

-- Closing.  A closing date before a recorded phase is refused; after the
-- close, a phase dated later is refused, one dated before it is taken.
UPDATE agreement SET status = 'completed', closed_on = '2025-05-23' WHERE id = 1;
:sqlstate
UPDATE agreement SET status = 'completed', closed_on = '2025-05-25' WHERE id = 1;
:sqlstate
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-26', '303:303');
:sqlstate
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-25', '303:303');
:sqlstate
-- Moving a phase's date past the close is refused too.
UPDATE phase SET exchanged_on = '2025-06-01' WHERE agreement_id = 1 AND exchanged_on = '2025-05-25';
:sqlstate

-- An overall balance is judged when the agreement closes: open, the
-- unbalanced Easter exchange (106:130) is not yet judged; lapsed, it is.
SELECT agreement_id, balance_rule, returned_side_a, returned_side_b, balance, balance_kept,
       agreement_status, closed_on
FROM agreement_progress ORDER BY agreement_id;
UPDATE agreement SET status = 'lapsed', closed_on = '2023-04-16' WHERE id = 2;
SELECT agreement_id, balance, balance_kept, agreement_status, closed_on
FROM agreement_progress ORDER BY agreement_id;

-- Every change is kept: old and new values, who, when.
UPDATE phase SET counts = '306:306', notes = 'corrected: one fewer each way'
WHERE agreement_id = 1 AND exchanged_on = '2025-05-24';
DELETE FROM phase WHERE agreement_id = 1 AND exchanged_on = '2025-05-25';
-- An UPDATE that changes nothing leaves nothing.
UPDATE phase SET notes = notes WHERE agreement_id = 1;
SELECT relation, row_id, operation, changed_by = SESSION_USER AS by_me,
       old_row ->> 'counts' AS old_counts, new_row ->> 'counts' AS new_counts,
       COALESCE(new_row, old_row) ->> 'status' AS agreement_status
FROM change_history WHERE id > :history_before ORDER BY id;
-- Changes made in one transaction share its id.
SELECT pg_catalog.count(DISTINCT transaction_id) AS transactions,
       pg_catalog.count(*) AS changes
FROM change_history WHERE id > :history_before AND relation = 'phase' AND operation = 'INSERT';

-- Nobody rewrites the history, not even its owner.
UPDATE change_history SET changed_by = 'someone else' WHERE id > :history_before;
:sqlstate
DELETE FROM change_history WHERE id > :history_before;
:sqlstate
TRUNCATE change_history;
:sqlstate
-- Editors read it; readers do not.
SET ROLE prisoner_exchange_editor;
SELECT pg_catalog.count(*) > 0 AS editor_reads FROM change_history WHERE id > :history_before;
UPDATE change_history SET changed_by = 'someone else';
:sqlstate
RESET ROLE;
SET ROLE prisoner_exchange_reader;
SELECT pg_catalog.count(*) FROM change_history;
:sqlstate
RESET ROLE;

-- The figures as a report gave them at a past moment: just before the
-- correction of 24 May, 1,000 each way in three phases; now 696 in two.
SELECT changed_at AS before_correction FROM change_history
WHERE id > :history_before AND relation = 'phase' AND operation = 'UPDATE' \gset
SELECT agreement_id, returned_side_a, returned_side_b, phase_count, status, agreement_status
FROM agreement_progress_as_of(:'before_correction'::timestamptz - interval '1 microsecond')
WHERE agreement_id = 1;
SELECT agreement_id, returned_side_a, returned_side_b, phase_count, status, agreement_status
FROM agreement_progress_as_of(pg_catalog.now()) WHERE agreement_id = 1;
SELECT r.agreement_id, r.returned_side_a = p.returned_side_a AND r.phase_count = p.phase_count AS as_of_now_equals_view
FROM agreement_progress_as_of(pg_catalog.clock_timestamp()) AS r
JOIN agreement_progress AS p USING (agreement_id) ORDER BY 1;
-- Before anything was recorded, nothing.
SELECT pg_catalog.count(*) AS agreements_in_2000 FROM agreements_as_of('2000-01-01');

-- A restore (a superuser's session with row_security off, as pg_dump's
-- scripts and pg_restore run) writes no history: it brings back the dumped
-- one.  Anyone else with row_security off is still recorded.
CREATE ROLE history_editor IN ROLE prisoner_exchange_editor;
SET row_security = off;
INSERT INTO captive_estimate (held_by, captive_side, category) VALUES ('A', 'B', 'restored');
RESET row_security;
SET SESSION AUTHORIZATION history_editor;
SET row_security = off;
INSERT INTO captive_estimate (held_by, captive_side, category) VALUES ('A', 'B', 'by an editor');
RESET row_security;
RESET SESSION AUTHORIZATION;
SELECT new_row ->> 'category' AS category, changed_by FROM change_history
WHERE id > :history_before AND relation = 'captive_estimate' ORDER BY id;
DROP ROLE history_editor;

-- A TRUNCATE is kept as such, and the record as of after it is empty.
TRUNCATE phase, agreement, captive_estimate, person, exchange_list, list_entry,
         list_entry_match, list_entry_candidate, list_entry_decision, remains_transfer, phase_category,
         agreement_term RESTART IDENTITY;
SELECT relation, operation FROM change_history
WHERE id > :history_before AND operation = 'TRUNCATE' ORDER BY id;
SELECT pg_catalog.count(*) AS phases_after_truncate FROM phases_as_of(pg_catalog.clock_timestamp());
