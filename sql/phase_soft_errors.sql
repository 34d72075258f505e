-- Soft input errors (PostgreSQL 16 and later): pg_input_is_valid() and
-- pg_input_error_info() ask the input function whether a text is an
-- exchange_phase, and why not, without raising an error.  PostgreSQL 15
-- has neither function: its output is expected/phase_soft_errors_1.out.
SELECT pg_input_is_valid('390:390', 'prisoner_exchange.exchange_phase') AS valid;
SELECT pg_input_is_valid('1,000 for ?', 'prisoner_exchange.exchange_phase') AS valid;
SELECT pg_input_is_valid('1:x', 'prisoner_exchange.exchange_phase') AS valid;
-- Every kind of refusal keeps its SQLSTATE, message and detail.
SELECT input, e.sql_error_code, e.message, e.detail
FROM (VALUES ('1:x'), (''), ('-5:1'), ('99999999999:1'), ('1,00:1'), ('?5:1'), ('390:'), ('390 390'))
     AS t(input),
     LATERAL pg_input_error_info(t.input, 'prisoner_exchange.exchange_phase') AS e;
-- The hint shows what is accepted.
SELECT hint FROM pg_input_error_info('1:x', 'prisoner_exchange.exchange_phase');
-- Where no one asks softly, bad input is still an error.
SELECT '1:x'::prisoner_exchange.exchange_phase;
-- A table's rows can be checked before they are cast.
CREATE TEMP TABLE typed_in (line int, counts text);
INSERT INTO typed_in VALUES (1, '390:390'), (2, '307 for 307'), (3, '303:three hundred'), (4, '?:1');
SELECT line, counts
FROM typed_in
WHERE NOT pg_input_is_valid(counts, 'prisoner_exchange.exchange_phase')
ORDER BY line;
