-- load.sql: load the public record of prisoner exchanges (exchanges.csv,
-- one row per phase, captive_estimates.csv, remains.csv and
-- published_totals.csv, each row with
-- its public source) into the extension's tables, after checking it.  Not installed by
-- default: run it, from the repository's top directory, in a database with
-- the extension:
--     psql -v ON_ERROR_STOP=1 -f data/record/load.sql
-- Every agreement is recorded with balance_rule 'none' and no quota (the
-- record reports balance, it does not enforce it); the ratio is the one its
-- name states (1:3 for the Gaza truce), else 1:1.  agreements.csv gives the
-- date and source of the agreements whose date was published (talks,
-- truces); for the others, swaps arranged out of public view, agreed_on
-- stays NULL: not published, not the day of the first phase.  A count not published
-- (an empty cell) is recorded as "?" (release 1.5): unknown is not zero,
-- and the views count what is known of it as a lower bound.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE record_row (
	conflict text, agreement text, exchanged_on date, returned_to_side_a integer,
	returned_to_side_b integer, side_a text, side_b text, mediator text, source text, notes text,
	line serial
) ON COMMIT DROP;
\copy record_row (conflict, agreement, exchanged_on, returned_to_side_a, returned_to_side_b, side_a, side_b, mediator, source, notes) FROM 'data/record/exchanges.csv' WITH (FORMAT csv, HEADER)

-- The checks: each must hold, or the load stops here with its reason.
DO $$
DECLARE
	n bigint;
BEGIN
	SELECT count(*) INTO n FROM record_row WHERE source IS NULL OR source !~ '^https?://';
	IF n > 0 THEN RAISE EXCEPTION '% rows of exchanges.csv have no source', n; END IF;
	SELECT count(*) INTO n FROM record_row WHERE exchanged_on IS NULL OR exchanged_on < DATE '2022-02-24' AND conflict = 'Russia-Ukraine war';
	IF n > 0 THEN RAISE EXCEPTION '% rows of exchanges.csv have no date, or one before the war', n; END IF;
	SELECT count(*) INTO n FROM record_row WHERE returned_to_side_a < 0 OR returned_to_side_b < 0;
	IF n > 0 THEN RAISE EXCEPTION '% rows of exchanges.csv have a negative count', n; END IF;
	SELECT count(*) INTO n FROM (
		SELECT line, exchanged_on, lag(exchanged_on) OVER (PARTITION BY conflict ORDER BY line) AS previous
		FROM record_row) AS r WHERE exchanged_on < previous;
	IF n > 0 THEN RAISE EXCEPTION '% rows of exchanges.csv are out of date order within their conflict', n; END IF;
END $$;

CREATE TEMP TABLE record_agreement (
	conflict text, agreement text, agreed_on date, side_a text, side_b text, mediator text,
	source text, notes text
) ON COMMIT DROP;
\copy record_agreement FROM 'data/record/agreements.csv' WITH (FORMAT csv, HEADER)
DO $$
DECLARE
	n bigint;
BEGIN
	SELECT count(*) INTO n FROM record_agreement WHERE source IS NULL OR source !~ '^https?://' OR agreed_on IS NULL;
	IF n > 0 THEN RAISE EXCEPTION '% rows of agreements.csv have no source or no date', n; END IF;
	SELECT count(*) INTO n FROM record_agreement AS g JOIN record_row AS r USING (agreement)
	WHERE (r.conflict, r.side_a, r.side_b, r.mediator) IS DISTINCT FROM (g.conflict, g.side_a, g.side_b, g.mediator)
	   OR r.exchanged_on < g.agreed_on;
	IF n > 0 THEN RAISE EXCEPTION '% phases of exchanges.csv disagree with their agreement in agreements.csv (conflict, sides, mediator, or a phase before the agreement)', n; END IF;
END $$;

-- Agreements with a published date first, then the ones known only from
-- their phases (with a phase's source and no date).
INSERT INTO prisoner_exchange.agreement (name, side_a, side_b, agreed_on, mediator, quota, ratio, balance_rule, source, notes)
SELECT a.agreement, a.side_a, a.side_b, a.agreed_on, a.mediator, NULL::prisoner_exchange.exchange_phase,
	   COALESCE(prisoner_exchange.exchange_phase(
		   (pg_catalog.regexp_match(a.agreement, '(\d+):(\d+)'))[1]::integer,
		   (pg_catalog.regexp_match(a.agreement, '(\d+):(\d+)'))[2]::integer), '1:1'),
	   'none', a.source, a.conflict
FROM (SELECT 1 AS dated_first, agreement, side_a, side_b, agreed_on, mediator, source, conflict
	  FROM record_agreement
	  UNION ALL
	  (SELECT DISTINCT ON (agreement) 2, agreement, side_a, side_b, NULL::date, mediator, source, conflict
	   FROM record_row WHERE agreement NOT IN (SELECT agreement FROM record_agreement)
	   ORDER BY agreement, line)) AS a
ORDER BY a.dated_first, a.agreed_on, a.agreement;

INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, day_ordinal, counts, source, notes)
SELECT a.id, r.exchanged_on,
	   pg_catalog.row_number() OVER (PARTITION BY r.agreement, r.exchanged_on ORDER BY r.line),
	   prisoner_exchange.exchange_phase_published(r.returned_to_side_a, r.returned_to_side_b), r.source, r.notes
FROM record_row AS r JOIN prisoner_exchange.agreement AS a ON a.name = r.agreement
WHERE COALESCE(r.returned_to_side_a + r.returned_to_side_b, 1) > 0
ORDER BY r.line;

\copy prisoner_exchange.captive_estimate (held_by, captive_side, category, as_of, held_at_least, returned, source, notes, bound, measures) FROM 'data/record/captive_estimates.csv' WITH (FORMAT csv, HEADER)

-- The remains of the dead handed over, beside the living (release 1.4):
-- never phases, never added to the people returned.  A number not
-- published stays NULL.
CREATE TEMP TABLE record_remains (
	conflict text, transferred_on date, to_side text, from_side text, bodies integer,
	source text, notes text
) ON COMMIT DROP;
\copy record_remains FROM 'data/record/remains.csv' WITH (FORMAT csv, HEADER)
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM record_remains WHERE source IS NULL OR source !~ '^https?://') THEN
		RAISE EXCEPTION 'rows of remains.csv have no source';
	END IF;
END $$;
INSERT INTO prisoner_exchange.remains_transfer (transferred_on, to_side, from_side, bodies, source, notes)
SELECT transferred_on, to_side, from_side, bodies, source, conflict || ': ' || notes
FROM record_remains ORDER BY transferred_on, to_side;

-- The running totals officials published (release 1.5), each with its
-- source and, where the phases fall short of it, the reason.
CREATE TEMP TABLE record_total (
	returned_to text, as_of date, figure bigint, bound text, scope text, category text,
	published_by text, source text, gap_reason text, notes text
) ON COMMIT DROP;
\copy record_total FROM 'data/record/published_totals.csv' WITH (FORMAT csv, HEADER)
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM record_total WHERE source IS NULL OR source !~ '^https?://') THEN
		RAISE EXCEPTION 'rows of published_totals.csv have no source';
	END IF;
END $$;
INSERT INTO prisoner_exchange.published_total
	(returned_to, as_of, figure, bound, scope, category, published_by, source, gap_reason, notes)
SELECT returned_to, as_of, figure, bound, scope, NULLIF(category, ''), published_by, source, gap_reason, notes
FROM record_total ORDER BY as_of, scope;

\pset footer off
\echo 'The public record, checked and loaded:'
SELECT (SELECT count(*) FROM record_row) AS rows_in_file,
	   (SELECT count(*) FROM prisoner_exchange.phase) AS phases_recorded,
	   (SELECT count(*) FROM prisoner_exchange.phase WHERE NOT prisoner_exchange.is_complete(counts)) AS with_a_count_not_published,
	   (SELECT count(*) FROM prisoner_exchange.agreement) AS agreements,
	   (SELECT count(*) FROM prisoner_exchange.captive_estimate) AS captive_estimates,
	   (SELECT count(*) FROM prisoner_exchange.remains_transfer) AS remains_handovers,
	   (SELECT count(*) FROM prisoner_exchange.published_total) AS published_totals;
COMMIT;
