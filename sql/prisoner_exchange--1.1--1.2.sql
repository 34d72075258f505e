/* prisoner_exchange--1.1--1.2.sql: standard column types only in the progress views; data_dictionary; no GIN pending list for names */

\echo Use "ALTER EXTENSION prisoner_exchange UPDATE TO '1.2'" to load this file. \quit
------------------------------------------------------------------------
-- Release 1.2: agreement_progress and phase_progress lose their
-- exchange_phase copies (quota, ratio, returned, remaining; counts,
-- cumulative, remaining).  A BI tool lists every column of a view it can
-- read, and shows a column of a type it does not know as "unknown" or
-- refuses the view; every figure in them is already in an integer column
-- of its own.  The typed values stay in the tables, and
-- exchange_phase(x_side_a, x_side_b) rebuilds one from any pair of columns.
--
-- CREATE OR REPLACE VIEW cannot drop columns, so the views are recreated,
-- with their comments and the readers' grant.  No other object of the
-- extension depends on them; a user's view that does makes this update
-- stop with an error naming it, and nothing is changed.
------------------------------------------------------------------------

DROP VIEW @extschema@.agreement_progress;
DROP VIEW @extschema@.phase_progress;

CREATE VIEW @extschema@.agreement_progress AS
SELECT a.id AS agreement_id,
	   a.name AS agreement_name,
	   a.side_a,
	   a.side_b,
	   a.agreed_on,
	   a.agreed_at,
	   a.mediator,
	   a.balance_rule,
	   @extschema@.side_a(a.ratio) AS ratio_side_a,
	   @extschema@.side_b(a.ratio) AS ratio_side_b,
	   @extschema@.side_a(a.quota) AS quota_side_a,
	   @extschema@.side_b(a.quota) AS quota_side_b,
	   @extschema@.total(a.quota) AS quota_total,
	   COALESCE(@extschema@.side_a(t.returned), 0) AS returned_side_a,
	   COALESCE(@extschema@.side_b(t.returned), 0) AS returned_side_b,
	   COALESCE(@extschema@.total(t.returned), 0) AS returned_total,
	   @extschema@.side_a(@extschema@.remaining(a.quota, t.returned)) AS remaining_side_a,
	   @extschema@.side_b(@extschema@.remaining(a.quota, t.returned)) AS remaining_side_b,
	   @extschema@.total(@extschema@.remaining(a.quota, t.returned)) AS remaining_total,
	   @extschema@.percent_complete(a.quota, t.returned) AS percent_complete,
	   t.phase_count,
	   t.first_exchanged_on,
	   t.last_exchanged_on,
	   t.unbalanced_phases,
	   @extschema@.balance(COALESCE(t.returned, '0:0'), a.ratio) AS balance,
	   CASE a.balance_rule
		   WHEN 'each_phase' THEN t.unbalanced_phases = 0
		   WHEN 'overall' THEN
			   CASE WHEN @extschema@.exchange_status(a.quota, t.returned) = 'complete'
				   THEN @extschema@.is_balanced(t.returned, a.ratio) END
		   ELSE @extschema@.is_balanced(COALESCE(t.returned, '0:0'), a.ratio)
	   END AS balance_kept,
	   @extschema@.exchange_status(a.quota, t.returned) AS status
FROM @extschema@.agreement AS a
CROSS JOIN LATERAL (
	SELECT @extschema@.sum(p.counts) AS returned,
		   pg_catalog.count(*) AS phase_count,
		   pg_catalog.min(p.exchanged_on) AS first_exchanged_on,
		   pg_catalog.max(p.exchanged_on) AS last_exchanged_on,
		   pg_catalog.count(*) FILTER (WHERE NOT @extschema@.is_balanced(p.counts, a.ratio)) AS unbalanced_phases
	FROM @extschema@.phase AS p
	WHERE p.agreement_id = a.id
) AS t;

COMMENT ON VIEW @extschema@.agreement_progress IS
'One row per agreement: quota, people returned and remaining on each side, percent complete, phases, balance and status';
COMMENT ON COLUMN @extschema@.agreement_progress.agreement_id IS 'agreement.id';
COMMENT ON COLUMN @extschema@.agreement_progress.agreement_name IS 'agreement.name';
COMMENT ON COLUMN @extschema@.agreement_progress.side_a IS 'The side counted first (agreement.side_a)';
COMMENT ON COLUMN @extschema@.agreement_progress.side_b IS 'The other side (agreement.side_b)';
COMMENT ON COLUMN @extschema@.agreement_progress.agreed_on IS 'Date the agreement was reached';
COMMENT ON COLUMN @extschema@.agreement_progress.agreed_at IS 'Where the agreement was reached';
COMMENT ON COLUMN @extschema@.agreement_progress.mediator IS 'Mediator, if any';
COMMENT ON COLUMN @extschema@.agreement_progress.balance_rule IS 'each_phase, overall or none (see agreement.balance_rule)';
COMMENT ON COLUMN @extschema@.agreement_progress.ratio_side_a IS 'Agreed ratio, side A part (1 in 1:3)';
COMMENT ON COLUMN @extschema@.agreement_progress.ratio_side_b IS 'Agreed ratio, side B part (3 in 1:3)';
COMMENT ON COLUMN @extschema@.agreement_progress.quota_side_a IS 'People to return to side A under the quota; NULL when open-ended';
COMMENT ON COLUMN @extschema@.agreement_progress.quota_side_b IS 'People to return to side B under the quota; NULL when open-ended';
COMMENT ON COLUMN @extschema@.agreement_progress.quota_total IS 'Both sides of the quota together; NULL when open-ended';
COMMENT ON COLUMN @extschema@.agreement_progress.returned_side_a IS 'People returned to side A so far (0 before the first phase)';
COMMENT ON COLUMN @extschema@.agreement_progress.returned_side_b IS 'People returned to side B so far (0 before the first phase)';
COMMENT ON COLUMN @extschema@.agreement_progress.returned_total IS 'People returned to both sides so far';
COMMENT ON COLUMN @extschema@.agreement_progress.remaining_side_a IS 'Quota left for side A; NULL when open-ended';
COMMENT ON COLUMN @extschema@.agreement_progress.remaining_side_b IS 'Quota left for side B; NULL when open-ended';
COMMENT ON COLUMN @extschema@.agreement_progress.remaining_total IS 'Quota left for both sides together; NULL when open-ended';
COMMENT ON COLUMN @extschema@.agreement_progress.percent_complete IS 'returned_total as a percentage of quota_total, one decimal; NULL when open-ended';
COMMENT ON COLUMN @extschema@.agreement_progress.phase_count IS 'Number of phases recorded';
COMMENT ON COLUMN @extschema@.agreement_progress.first_exchanged_on IS 'Date of the first phase; NULL before it';
COMMENT ON COLUMN @extschema@.agreement_progress.last_exchanged_on IS 'Date of the latest phase; NULL before the first';
COMMENT ON COLUMN @extschema@.agreement_progress.unbalanced_phases IS 'Phases that do not keep the agreed ratio (always 0 under each_phase)';
COMMENT ON COLUMN @extschema@.agreement_progress.balance IS 'balance(returned, ratio): 0 when the total so far keeps the ratio, positive when side A received more than its share';
COMMENT ON COLUMN @extschema@.agreement_progress.balance_kept IS 'Whether the balance rule is kept: each_phase, every phase balanced; overall, the total balanced once complete (NULL until then); none, the total so far balanced';
COMMENT ON COLUMN @extschema@.agreement_progress.status IS 'not started, in progress, complete, or open-ended (no quota)';

CREATE VIEW @extschema@.phase_progress AS
SELECT r.phase_id,
	   r.agreement_id,
	   r.agreement_name,
	   r.exchanged_on,
	   r.day_ordinal,
	   r.phase_number,
	   @extschema@.side_a(r.counts) AS returned_side_a,
	   @extschema@.side_b(r.counts) AS returned_side_b,
	   @extschema@.total(r.counts) AS returned_total,
	   @extschema@.side_a(r.cumulative) AS cumulative_side_a,
	   @extschema@.side_b(r.cumulative) AS cumulative_side_b,
	   @extschema@.total(r.cumulative) AS cumulative_total,
	   @extschema@.side_a(@extschema@.remaining(r.quota, r.cumulative)) AS remaining_side_a,
	   @extschema@.side_b(@extschema@.remaining(r.quota, r.cumulative)) AS remaining_side_b,
	   @extschema@.total(@extschema@.remaining(r.quota, r.cumulative)) AS remaining_total,
	   @extschema@.percent_complete(r.quota, r.cumulative) AS percent_complete,
	   @extschema@.exchange_status(r.quota, r.cumulative) AS status_after,
	   @extschema@.is_balanced(r.counts, r.ratio) AS keeps_ratio,
	   @extschema@.balance(r.counts, r.ratio) AS balance,
	   r.place,
	   r.source
FROM (
	SELECT p.id AS phase_id,
		   p.agreement_id,
		   a.name AS agreement_name,
		   p.exchanged_on,
		   p.day_ordinal,
		   pg_catalog.row_number() OVER in_order AS phase_number,
		   p.counts,
		   @extschema@.sum(p.counts) OVER in_order AS cumulative,
		   a.quota,
		   a.ratio,
		   p.place,
		   p.source
	FROM @extschema@.phase AS p
	JOIN @extschema@.agreement AS a ON a.id = p.agreement_id
	WINDOW in_order AS (PARTITION BY p.agreement_id
						ORDER BY p.exchanged_on, p.day_ordinal, p.id
						ROWS UNBOUNDED PRECEDING)
) AS r;

COMMENT ON VIEW @extschema@.phase_progress IS
'One row per phase: its counts, the running totals after it, what remains of the quota and whether it kept the ratio';
COMMENT ON COLUMN @extschema@.phase_progress.phase_id IS 'phase.id';
COMMENT ON COLUMN @extschema@.phase_progress.agreement_id IS 'agreement.id';
COMMENT ON COLUMN @extschema@.phase_progress.agreement_name IS 'agreement.name';
COMMENT ON COLUMN @extschema@.phase_progress.exchanged_on IS 'Date of the handover';
COMMENT ON COLUMN @extschema@.phase_progress.day_ordinal IS 'Order among the agreement''s handovers of that day';
COMMENT ON COLUMN @extschema@.phase_progress.phase_number IS 'Position of the phase within its agreement: 1, 2, ...';
COMMENT ON COLUMN @extschema@.phase_progress.returned_side_a IS 'People returned to side A in this phase';
COMMENT ON COLUMN @extschema@.phase_progress.returned_side_b IS 'People returned to side B in this phase';
COMMENT ON COLUMN @extschema@.phase_progress.returned_total IS 'People returned to both sides in this phase';
COMMENT ON COLUMN @extschema@.phase_progress.cumulative_side_a IS 'People returned to side A up to and including this phase';
COMMENT ON COLUMN @extschema@.phase_progress.cumulative_side_b IS 'People returned to side B up to and including this phase';
COMMENT ON COLUMN @extschema@.phase_progress.cumulative_total IS 'People returned to both sides up to and including this phase';
COMMENT ON COLUMN @extschema@.phase_progress.remaining_side_a IS 'Quota left for side A after this phase; NULL when open-ended';
COMMENT ON COLUMN @extschema@.phase_progress.remaining_side_b IS 'Quota left for side B after this phase; NULL when open-ended';
COMMENT ON COLUMN @extschema@.phase_progress.remaining_total IS 'Quota left for both sides after this phase; NULL when open-ended';
COMMENT ON COLUMN @extschema@.phase_progress.percent_complete IS 'cumulative_total as a percentage of the quota, one decimal; NULL when open-ended';
COMMENT ON COLUMN @extschema@.phase_progress.status_after IS 'The agreement''s status right after this phase: in progress or complete (open-ended without a quota)';
COMMENT ON COLUMN @extschema@.phase_progress.keeps_ratio IS 'Whether this phase keeps the agreed ratio';
COMMENT ON COLUMN @extschema@.phase_progress.balance IS 'balance(counts, ratio): 0 when kept, positive when side A received more than its share';
COMMENT ON COLUMN @extschema@.phase_progress.place IS 'Handover or transit place';
COMMENT ON COLUMN @extschema@.phase_progress.source IS 'Public source of the figures';

GRANT SELECT ON @extschema@.agreement_progress, @extschema@.phase_progress
	TO prisoner_exchange_reader;

------------------------------------------------------------------------
-- New in 1.2: the data dictionary, for tools that cannot read comments
------------------------------------------------------------------------
-- JDBC's getColumns and psql show the comments above; psqlODBC does not
-- (SQLColumns returns no REMARKS), so Excel, Power BI and Tableau over
-- ODBC would show bare column names.  This view gives them the same
-- descriptions as rows.  It lists only what the querying role may read,
-- so a reader's BI tool does not advertise tables it cannot open.

CREATE VIEW @extschema@.data_dictionary AS
SELECT c.relname::pg_catalog.text AS relation_name,
	   CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END AS relation_kind,
	   pg_catalog.obj_description(c.oid, 'pg_class') AS relation_description,
	   a.attnum::pg_catalog.int4 AS column_number,
	   a.attname::pg_catalog.text AS column_name,
	   pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
	   pg_catalog.col_description(c.oid, a.attnum) AS column_description
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = '@extschema@'::pg_catalog.regnamespace
  AND c.relkind IN ('r', 'v')
  AND pg_catalog.has_table_privilege(c.oid, 'SELECT');

COMMENT ON VIEW @extschema@.data_dictionary IS
'One row per column of every table and view of the extension that the querying role may read, with its type and description: the comments, for BI tools that do not show them';
COMMENT ON COLUMN @extschema@.data_dictionary.relation_name IS 'The table or view';
COMMENT ON COLUMN @extschema@.data_dictionary.relation_kind IS 'view or table';
COMMENT ON COLUMN @extschema@.data_dictionary.relation_description IS 'What one row of the table or view is';
COMMENT ON COLUMN @extschema@.data_dictionary.column_number IS 'Position of the column, from 1';
COMMENT ON COLUMN @extschema@.data_dictionary.column_name IS 'The column';
COMMENT ON COLUMN @extschema@.data_dictionary.data_type IS 'Its SQL type';
COMMENT ON COLUMN @extschema@.data_dictionary.column_description IS 'What the column holds';

GRANT SELECT ON @extschema@.data_dictionary TO prisoner_exchange_reader;

------------------------------------------------------------------------
-- New in 1.2: the registry's name index without a pending list
------------------------------------------------------------------------
-- With GIN's pending list, names inserted since the last vacuum were
-- scanned linearly by every lookup: reconciling right after a registry
-- was loaded was many times slower than after the next vacuum.  Turning
-- fastupdate off does not flush what is pending, so flush it here.
ALTER INDEX @extschema@.person_name_match SET (fastupdate = off);
SELECT pg_catalog.gin_clean_pending_list('@extschema@.person_name_match'::pg_catalog.regclass);
