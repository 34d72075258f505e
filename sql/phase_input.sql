--
-- phase_input: the text forms exchange_phase accepts and the ones it refuses
--
SET search_path = prisoner_exchange, public;
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'

-- try_phase(input): the value read, or the SQLSTATE, message and detail of
-- the error, so that one query shows the verdict on many inputs.
CREATE FUNCTION pg_temp.try_phase(input text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    RETURN input::prisoner_exchange.exchange_phase::text;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ' ' || detail;
END $$;

-- Every accepted form reads as what a person means, and prints canonically.
SELECT input, pg_temp.try_phase(input) AS read_as
FROM (VALUES
    ('390:390'),
    ('390-for-390'),
    ('390 for 390'),
    ('1,000-for-1,000'),
    ('1,000:1,000'),
    ('1000 for 1,000'),
    ('390 FOR 307'),
    ('390-For-307'),
    ('  307:307  '),
    (E'\t303:303\n'),
    ('1 : 3'),
    ('0:0'),
    ('007:1'),
    ('12,345,678:1'),
    ('2147483647:2147483647'),
    ('2,147,483,647:0')
) AS accepted(input);

-- Everything else is refused: 22P02 for what is not an exchange_phase,
-- 22003 for a count out of range or negative.
SELECT pg_catalog.quote_literal(input) AS input, pg_temp.try_phase(input) AS verdict
FROM (VALUES
    (''),
    ('   '),
    ('1:'),
    (':1'),
    ('1:2:3'),
    ('1::1'),
    ('1e3:1'),
    ('0x10:1'),
    ('١٢:٣'),
    ('+1:1'),
    ('1.5:1'),
    ('5-3'),
    ('5 3'),
    ('1/3'),
    ('abc'),
    ('390for390'),
    ('390 -for- 390'),
    ('390-for 390'),
    ('390 for390'),
    ('390 fur 390'),
    ('390:390 phase'),
    ('390:390;'),
    ('1,00:1'),
    ('1000,000:1'),
    (',000:1'),
    ('1,000,:1'),
    ('01,000:1'),
    ('1,0000:1'),
    ('1, 000:1'),
    ('2147483648:0'),
    ('0:2147483648'),
    ('2,147,483,648:0'),
    ('99999999999999999999:1'),
    ('-1:1'),
    ('1:-1'),
    ('1-for--1'),
    ('-0:0')
) AS refused(input);

-- The full error a user sees: message quoting the input, detail, hint.
SELECT 'x'::exchange_phase;
:sqlstate
SELECT '390:390:390'::exchange_phase;
:sqlstate
SELECT '-5:3'::exchange_phase;
:sqlstate
SELECT '1,00-for-1,000'::exchange_phase;
:sqlstate
SELECT '2147483648:1'::exchange_phase;
:sqlstate

-- Very long inputs are refused in linear time and quoted only in part.
SELECT pg_temp.try_phase(pg_catalog.repeat('9', 10000) || ':1') ~ '^22003 ' AS long_count_out_of_range;
SELECT pg_temp.try_phase(pg_catalog.repeat('0', 10000) || '1:1') AS long_leading_zeros;
SELECT pg_temp.try_phase(pg_catalog.repeat(' ', 100000) || '1:1' || pg_catalog.repeat(' ', 100000)) AS padded;
SELECT (pg_catalog.repeat('1', 10000) || ':1')::exchange_phase;
:sqlstate

-- An embedded NUL never reaches the type: the server refuses it first
-- (22021, invalid byte sequence for encoding "UTF8": 0x00).
\set VERBOSITY sqlstate
SELECT E'1\0:1'::exchange_phase;
SELECT pg_catalog.convert_from('\x31003a31'::bytea, 'UTF8')::exchange_phase;
\set VERBOSITY default

-- Output is canonical and round-trips byte for byte.
SELECT p, p::text::exchange_phase = p AS round_trips
FROM (VALUES ('0:0'::exchange_phase), ('390:307'), ('2147483647:0'),
             ('0:2147483647'), ('2147483647:2147483647')) AS v(p);
