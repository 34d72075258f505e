-- prisoner_exchange 1.6 -> 1.7: answers that every server of a cluster
-- gives alike, and names with Щ keyed as ICU's ASCII writes them.  Functions
-- are added and the name index is rebuilt; no table or row changes.
\echo Use "ALTER EXTENSION prisoner_exchange UPDATE TO '1.7'" to load this file. \quit

-- %~ at a threshold given in the call, and the lookup keys as an array: the
-- same answers on every node of a cluster, whatever its sessions set (1.7).
CREATE FUNCTION prisoner_exchange.name_match(stored pg_catalog.text, lookup pg_catalog.text, threshold pg_catalog.float8)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'pe_name_match_at'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_match(pg_catalog.text, pg_catalog.text, pg_catalog.float8) IS
'stored %~ lookup at the threshold given (0 to 1) instead of the setting: the same answer on every server, for Citus workers and postgres_fdw shards; an index on name_index_keys() serves it with name_index_keys(stored) && name_lookup_keys(lookup)';

CREATE FUNCTION prisoner_exchange.name_lookup_keys(name pg_catalog.text)
RETURNS pg_catalog.int4[]
AS 'MODULE_PATHNAME', 'pe_name_lookup_keys'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_lookup_keys(pg_catalog.text) IS
'The blocking keys a name is looked up by: a stored name can match it only when name_index_keys(stored) && name_lookup_keys(name)';


------------------------------------------------------------------------
-- Phases in a table of your own (a Citus distributed table, a table
-- partitioned over postgres_fdw shards, any table)
------------------------------------------------------------------------
-- The triggers that hold phase to its agreement's quota cannot follow a
-- table they do not know, and Citus refuses a trigger or a foreign key on a
-- distributed table.  So the rule is checked instead of enforced: one
-- query, whose sums the shards compute (sum() has a combine function), then
-- joined on this server with the agreements.  SECURITY INVOKER: the caller
-- reads the table with its own rights.

CREATE FUNCTION prisoner_exchange.quota_check(
	phases pg_catalog.regclass,
	agreement_column pg_catalog.name DEFAULT 'agreement_id',
	counts_column pg_catalog.name DEFAULT 'counts')
RETURNS TABLE (
	agreement_id bigint,
	phase_count bigint,
	returned prisoner_exchange.exchange_phase,
	quota prisoner_exchange.exchange_phase,
	within_quota boolean)
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	column_types text[];
BEGIN
	SELECT pg_catalog.array_agg(pg_catalog.format_type(a.atttypid, NULL) ORDER BY a.attname = agreement_column DESC)
	INTO column_types
	FROM pg_catalog.pg_attribute AS a
	WHERE a.attrelid = phases AND a.attnum > 0 AND NOT a.attisdropped
	  AND a.attname IN (agreement_column, counts_column);

	IF pg_catalog.cardinality(column_types) IS DISTINCT FROM 2
		OR agreement_column = counts_column THEN
		RAISE EXCEPTION 'table % has no columns % and % to check', phases, agreement_column, counts_column
			USING ERRCODE = 'undefined_column',
				  HINT = 'Name the column that holds the agreement''s id and the exchange_phase column: quota_check(''my_phases'', ''agreement_id'', ''counts'').';
	END IF;
	IF column_types[1] NOT IN ('bigint', 'integer', 'smallint') THEN
		RAISE EXCEPTION 'column %.% is %, not an agreement id', phases, agreement_column, column_types[1]
			USING ERRCODE = 'datatype_mismatch',
				  HINT = 'The agreement column holds prisoner_exchange.agreement.id: bigint, integer or smallint.';
	END IF;
	IF column_types[2] <> 'prisoner_exchange.exchange_phase' THEN
		RAISE EXCEPTION 'column %.% is %, not prisoner_exchange.exchange_phase', phases, counts_column, column_types[2]
			USING ERRCODE = 'datatype_mismatch',
				  HINT = 'The counts column holds each phase''s people returned, as exchange_phase (''390:390'').';
	END IF;

	-- An id with no agreement is reported with a NULL quota and verdict.
	RETURN QUERY EXECUTE pg_catalog.format(
		'SELECT t.agreement_id, t.phase_count, t.returned, a.quota, '
		'       t.returned OPERATOR(prisoner_exchange.<@) a.quota '
		'FROM (SELECT %1$I::pg_catalog.int8 AS agreement_id, pg_catalog.count(*) AS phase_count, '
		'             prisoner_exchange.sum(%2$I) AS returned '
		'      FROM %3$s WHERE %1$I IS NOT NULL GROUP BY %1$I) AS t '
		'LEFT JOIN prisoner_exchange.agreement AS a ON a.id = t.agreement_id '
		'ORDER BY t.agreement_id',
		agreement_column, counts_column, phases);
END
$$;
COMMENT ON FUNCTION prisoner_exchange.quota_check(pg_catalog.regclass, pg_catalog.name, pg_catalog.name) IS
'The quota rule for phases kept in a table of your own (Citus, postgres_fdw, any table), checked rather than enforced: per agreement id in it, the phases, their sum, the agreement''s quota and whether the sum is within it (false: over quota; NULL: open-ended, unknown agreement, or decided by a count not published)';

-- Names with Щ get other blocking keys (Щербак shares one with "Serbak"):
-- rebuild the index on them.
REINDEX INDEX prisoner_exchange.person_name_match;
