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
-- Remains of the dead, beside the living (never counted as phases); from
-- release 1.4 on (the upgrade test loads these records into older ones).
SELECT pg_catalog.to_regclass('prisoner_exchange.remains_transfer') IS NOT NULL AS has_remains \gset
\if :has_remains
CREATE TEMP TABLE seed_remains (
	agreement_name text, transferred_on date, to_side text, from_side text,
	bodies integer, place text, source text, notes text
);
\copy seed_remains FROM 'data/seed/remains_transfer.csv' WITH (FORMAT csv, HEADER)
INSERT INTO prisoner_exchange.remains_transfer (agreement_id, transferred_on, to_side, from_side, bodies, place, source, notes)
SELECT a.id, s.transferred_on, s.to_side, s.from_side, s.bodies, s.place, s.source, s.notes
FROM seed_remains AS s
JOIN prisoner_exchange.agreement AS a ON a.name = s.agreement_name
ORDER BY s.transferred_on, s.to_side;
\endif
COMMIT;
