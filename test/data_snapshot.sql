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
-- catalog is compared by catalog_snapshot.sql.  agreement_tally is the
-- rules' cache of the phases' totals: not dumped, rebuilt when missing
-- (test/t/dump_restore.pl checks the rules after each restore).
--
-- With -v only=a,b,c just those relations: an update that adds a table
-- is compared on the relations that existed before it.
\if :{?only}
\else
\set only ''
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
  AND c.relname NOT IN ('data_dictionary', 'agreement_tally')
  AND (:'only' = '' OR c.relname = ANY (pg_catalog.string_to_array(:'only', ',')))
  AND NOT (c.relkind = 'v' AND a.atttypid = 'prisoner_exchange.exchange_phase'::pg_catalog.regtype)
GROUP BY c.relkind, c.relname
ORDER BY c.relkind, c.relname COLLATE "C"
\gexec
