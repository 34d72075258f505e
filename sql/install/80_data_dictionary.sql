-- sql/install/80_data_dictionary.sql: the data dictionary view

------------------------------------------------------------------------
-- The data dictionary, for tools that cannot read comments
------------------------------------------------------------------------
-- JDBC's getColumns and psql show the comments above; psqlODBC does not
-- (SQLColumns returns no REMARKS), so Excel, Power BI and Tableau over
-- ODBC would show bare column names.  This view gives them the same
-- descriptions as rows.  It lists only what the querying role may read,
-- so a reader's BI tool does not advertise tables it cannot open.

CREATE VIEW prisoner_exchange.data_dictionary AS
SELECT c.relname::pg_catalog.text AS relation_name,
	   CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END AS relation_kind,
	   pg_catalog.obj_description(c.oid, 'pg_class') AS relation_description,
	   a.attnum::pg_catalog.int4 AS column_number,
	   a.attname::pg_catalog.text AS column_name,
	   pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
	   pg_catalog.col_description(c.oid, a.attnum) AS column_description
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'prisoner_exchange'::pg_catalog.regnamespace
  AND c.relkind IN ('r', 'v')
  AND pg_catalog.has_table_privilege(c.oid, 'SELECT');

COMMENT ON VIEW prisoner_exchange.data_dictionary IS
'One row per column of every table and view of the extension that the querying role may read, with its type and description: the comments, for BI tools that do not show them';
COMMENT ON COLUMN prisoner_exchange.data_dictionary.relation_name IS 'The table or view';
COMMENT ON COLUMN prisoner_exchange.data_dictionary.relation_kind IS 'view or table';
COMMENT ON COLUMN prisoner_exchange.data_dictionary.relation_description IS 'What one row of the table or view is';
COMMENT ON COLUMN prisoner_exchange.data_dictionary.column_number IS 'Position of the column, from 1';
COMMENT ON COLUMN prisoner_exchange.data_dictionary.column_name IS 'The column';
COMMENT ON COLUMN prisoner_exchange.data_dictionary.data_type IS 'Its SQL type';
COMMENT ON COLUMN prisoner_exchange.data_dictionary.column_description IS 'What the column holds';
