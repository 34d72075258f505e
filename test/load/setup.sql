-- setup.sql: four agreements near their quota (900:900 of 1,000:1,000
-- recorded) and one open-ended, so that phases keep being recorded after
-- the four are full; and record_phase(), which records one phase and counts the
-- rejections the rules are there to make, so that pgbench sees them as
-- outcomes, not as failures.  Any other error still fails the transaction.
\set ON_ERROR_STOP on
CREATE EXTENSION prisoner_exchange;
CREATE SEQUENCE load_ordinal;
CREATE TABLE load_outcome (agreement_id bigint, outcome text);
INSERT INTO prisoner_exchange.agreement (id, name, side_a, side_b, quota)
SELECT i, 'Load agreement ' || i, 'A', 'B', '1000:1000' FROM generate_series(1, 4) AS i;
INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, day_ordinal, counts)
SELECT i, '2025-05-01', 1, '900:900' FROM generate_series(1, 4) AS i;
INSERT INTO prisoner_exchange.agreement (id, name, side_a, side_b, quota)
VALUES (5, 'Load all-for-all', 'A', 'B', NULL);

CREATE FUNCTION record_phase(agreement bigint, a integer, b integer) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, day_ordinal, counts)
    VALUES (agreement, '2025-06-01', nextval('load_ordinal'), prisoner_exchange.exchange_phase(a, b));
    INSERT INTO load_outcome VALUES (agreement, 'recorded');
    RETURN 'recorded';
EXCEPTION WHEN check_violation THEN
    DECLARE
        why text;
    BEGIN
        GET STACKED DIAGNOSTICS why = CONSTRAINT_NAME;
        INSERT INTO load_outcome VALUES (agreement, 'rejected: ' || why);
        RETURN 'rejected: ' || why;
    END;
END $$;
