-- data_snapshot.sql: every table and view of the extension, row by row, in
-- a stable order, as text, for comparing one database with another (dump
-- and restore, upgrade).  Used by test/t/dump_restore.pl and test/t/upgrade.pl
-- (through safe_psql, in unaligned form).
--
-- The queries are built from the catalog, so a table or view added later
-- is compared without touching this file.  Rows are ordered by all their
-- columns, which is stable whatever the columns are.  View columns of type
-- exchange_phase are left out: release 1.2 removed the typed copies from
-- the progress views (their figures are in the integer columns beside
-- them), so an update from 1.0 or 1.1 is compared on what both have.
-- data_dictionary describes the catalog, not the users' rows; the
-- catalog is compared by catalog_snapshot.sql.  agreement_tally (and
-- agreement_category_tally) is the
-- rules' cache of the phases' totals: not dumped, rebuilt when missing
-- (test/t/dump_restore.pl checks the rules after each restore).
-- change_history grows with every write, a restore's included: the dump
-- and restore test compares it on its own.
--
-- With -v only=a,b,c just those relations, and with -v columns=r.c,...
-- just those columns: an update that adds a table or a column is compared
-- on what existed before it.
\if :{?only}
\else
\set only ''
\endif
\if :{?columns}
\else
\set columns ''
\endif
SELECT pg_catalog.format('SELECT %L AS relation, %s FROM prisoner_exchange.%I ORDER BY %s',
						 c.relname,
						 pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum),
						 c.relname,
						 pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum))
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = 'prisoner_exchange'
  AND c.relkind IN ('r', 'v')
  AND c.relname NOT IN ('data_dictionary', 'agreement_tally', 'agreement_category_tally', 'change_history')
  AND (:'only' = '' OR c.relname = ANY (pg_catalog.string_to_array(:'only', ',')))
  AND (:'columns' = '' OR c.relname || '.' || a.attname = ANY (pg_catalog.string_to_array(:'columns', ',')))
  AND NOT (c.relkind = 'v' AND a.atttypid = 'prisoner_exchange.exchange_phase'::pg_catalog.regtype)
GROUP BY c.relkind, c.relname
ORDER BY c.relkind, c.relname COLLATE "C"
\gexec
