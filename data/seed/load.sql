-- load.sql: load the seed records (data/seed/*.csv) into the extension's
-- tables.  Run with psql from the repository's top directory:
--     psql -v ON_ERROR_STOP=1 -f data/seed/load.sql
-- Phases go through the same rules as any other insert.  With
-- -v load_until=YYYY-MM-DD only phases up to that date are inserted; the
-- rest stay in the temporary table seed_phase for the session to replay.
\set ON_ERROR_STOP on
\if :{?load_until}
\else
\set load_until infinity
\endif
BEGIN;
\copy prisoner_exchange.agreement (name, side_a, side_b, agreed_on, agreed_at, mediator, quota, ratio, balance_rule, source, notes) FROM 'data/seed/agreement.csv' WITH (FORMAT csv, HEADER)
\copy prisoner_exchange.captive_estimate (held_by, captive_side, category, as_of, held_at_least, returned, source, notes) FROM 'data/seed/captive_estimate.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE seed_phase (
	agreement_name text, exchanged_on date, day_ordinal integer,
	counts prisoner_exchange.exchange_phase, place text, source text, notes text
);
\copy seed_phase FROM 'data/seed/phase.csv' WITH (FORMAT csv, HEADER)
INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, day_ordinal, counts, place, source, notes)
SELECT a.id, s.exchanged_on, s.day_ordinal, s.counts, s.place, s.source, s.notes
FROM seed_phase AS s
JOIN prisoner_exchange.agreement AS a ON a.name = s.agreement_name
WHERE s.exchanged_on <= :'load_until'
ORDER BY s.exchanged_on, s.day_ordinal;
COMMIT;
