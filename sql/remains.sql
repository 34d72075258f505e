--
-- remains: the remains of the dead, recorded beside the living and never
-- added into them (release 1.4)
--
SET search_path = prisoner_exchange, public;
SET datestyle = ISO;
-- The outcome of the statement just run: 00000 when it succeeded.
\set sqlstate '\\echo SQLSTATE: :SQLSTATE'
\set SHOW_CONTEXT never

INSERT INTO agreement (id, name, side_a, side_b, agreed_on)
VALUES (1, 'Istanbul, 2 June 2025', 'Ukraine', 'Russia', '2025-06-02');
INSERT INTO phase (id, agreement_id, exchanged_on, counts) VALUES (1, 1, '2025-06-09', '307:307');

-- Under the agreement, under one of its phases, or under none; a number
-- not published stays NULL.
INSERT INTO remains_transfer (agreement_id, phase_id, transferred_on, to_side, from_side, bodies)
VALUES (1, NULL, '2025-06-11', 'Ukraine', 'Russia', 1212),
       (1, NULL, '2025-06-11', 'Russia', 'Ukraine', 27),
       (1, NULL, '2025-06-14', 'Ukraine', 'Russia', NULL),
       (NULL, 1, '2025-06-09', 'Ukraine', 'Russia', 10),
       (NULL, NULL, '2024-02-01', 'Ukraine', 'Russia', 100);
:sqlstate

-- Refused: both a phase and an agreement, one side twice, a negative count.
INSERT INTO remains_transfer (agreement_id, phase_id, transferred_on, to_side, from_side, bodies)
VALUES (1, 1, '2025-06-11', 'Ukraine', 'Russia', 1);
:sqlstate
INSERT INTO remains_transfer (transferred_on, to_side, from_side, bodies) VALUES ('2025-06-11', 'Ukraine', 'Ukraine', 1);
:sqlstate
INSERT INTO remains_transfer (transferred_on, to_side, from_side, bodies) VALUES ('2025-06-11', 'Ukraine', 'Russia', -1);
:sqlstate
INSERT INTO remains_transfer (transferred_on, to_side, from_side) VALUES (NULL, 'Ukraine', 'Russia');
:sqlstate

-- Beside the living: the phase's handover counts under its agreement; the
-- unpublished number makes Ukraine's sum a lower bound; the handover under
-- no agreement stands on its own.
SELECT agreement_id, agreement_name, receiving_side, handing_side, transfers, transfers_unpublished,
       bodies_at_least, bodies_complete, first_transferred_on, last_transferred_on, returned_alive
FROM remains_returned ORDER BY agreement_id NULLS LAST, receiving_side DESC;

-- Never added into the living.
SELECT agreement_id, returned_side_a, returned_side_b, returned_total FROM agreement_progress;

-- Kept in the history like any record.
SELECT relation, operation, new_row ->> 'bodies' AS bodies FROM change_history
WHERE relation = 'remains_transfer' ORDER BY id DESC LIMIT 2;

-- Readers see the view, not the rows; editors record them.
SET ROLE prisoner_exchange_reader;
SELECT pg_catalog.count(*) AS rows_a_reader_sees FROM remains_returned;
SELECT pg_catalog.count(*) FROM remains_transfer;
:sqlstate
RESET ROLE;
SET ROLE prisoner_exchange_editor;
UPDATE remains_transfer SET bodies = 1200 WHERE transferred_on = '2025-06-14';
:sqlstate
RESET ROLE;
SELECT bodies_at_least, bodies_complete FROM remains_returned WHERE agreement_id = 1 AND receiving_side = 'Ukraine';

-- Clean up for the files that follow.
TRUNCATE phase, agreement, captive_estimate, person, exchange_list, list_entry,
         list_entry_match, list_entry_candidate, list_entry_decision, remains_transfer, phase_category,
         agreement_term RESTART IDENTITY;
