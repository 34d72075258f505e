-- prisoner_exchange 1.6 -> 1.7: answers that every server of a cluster
-- gives alike; names with Щ keyed as ICU's ASCII writes them; the registry
-- keeps each name's analysis for reconcile().  Every row is kept: person
-- gains a computed column (a rewrite of the table, which rebuilds its
-- indexes with the new keys).
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

-- Stored analyses (1.7): a registry keeps each name's analysis beside it
-- (person.name_codes), so that reconcile() compares a list with its
-- candidates without analysing every candidate's name again.
CREATE FUNCTION prisoner_exchange.name_codes(name pg_catalog.text)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'pe_name_codes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_codes(pg_catalog.text) IS
'A name''s analysis (its words'' phonetic codes) as bytes, to store beside the name: person.name_codes; the functions that take it analyse the name again when the bytes are of an older format';

CREATE FUNCTION prisoner_exchange.name_similarity(stored pg_catalog.text, stored_codes pg_catalog.bytea, lookup pg_catalog.text, lookup_codes pg_catalog.bytea)
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'pe_name_similarity_coded'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_similarity(pg_catalog.text, pg_catalog.bytea, pg_catalog.text, pg_catalog.bytea) IS
'name_similarity(stored, lookup) from their stored analyses (name_codes()), each name analysed again only when its bytes are not of the current format';

CREATE FUNCTION prisoner_exchange.name_similarity_allowing_slip(stored pg_catalog.text, stored_codes pg_catalog.bytea, lookup pg_catalog.text, lookup_codes pg_catalog.bytea)
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'pe_name_similarity_allowing_slip'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_similarity_allowing_slip(pg_catalog.text, pg_catalog.bytea, pg_catalog.text, pg_catalog.bytea) IS
'name_similarity(stored, stored_codes, lookup, lookup_codes), but a surname one slip of the pen away ("Мооз" for Мороз: at most two edits, the same first letter, not a given name or patronymic) is weighed as it is instead of capping the names at 0.6; spelling cannot tell it from a near surname, so reconcile() uses it only where the birth years agree';

CREATE FUNCTION prisoner_exchange.name_similarity_reaches(stored pg_catalog.text, stored_codes pg_catalog.bytea, lookup pg_catalog.text, lookup_codes pg_catalog.bytea, threshold pg_catalog.float8)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'pe_name_similarity_reaches_coded'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_similarity_reaches(pg_catalog.text, pg_catalog.bytea, pg_catalog.text, pg_catalog.bytea, pg_catalog.float8) IS
'name_similarity(stored, stored_codes, lookup, lookup_codes) >= threshold (0 to 1), most often decided without the exact similarity; with stored &% lookup it is %~ at that threshold';

CREATE FUNCTION prisoner_exchange.name_shares_key(stored pg_catalog.text, lookup pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'pe_name_shares_key'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_shares_key(pg_catalog.text, pg_catalog.text) IS
'The names share a blocking key (name_index_keys(stored) && name_lookup_keys(lookup)): the candidates %~ weighs';

CREATE OPERATOR prisoner_exchange.&% (
	LEFTARG = pg_catalog.text,
	RIGHTARG = pg_catalog.text,
	FUNCTION = prisoner_exchange.name_shares_key,
	RESTRICT = pg_catalog.contsel,
	JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR prisoner_exchange.&% (pg_catalog.text, pg_catalog.text) IS
'stored &% lookup: the names share a blocking key, found exactly by a name_match_ops index (no recheck); with name_similarity_reaches() it is %~ at a threshold of one''s own';

-- Strategy 2 of the operator class: an index on name_match_ops, the
-- registry's and any of the user's, finds &% exactly.
ALTER OPERATOR FAMILY prisoner_exchange.name_match_ops USING gin
	ADD OPERATOR 2 prisoner_exchange.&% (pg_catalog.text, pg_catalog.text);

-- The registry keeps each name's analysis.  Adding a computed column
-- rewrites the table, which rebuilds its indexes: names with Щ get other
-- blocking keys (Щербак shares one with "Serbak"), and the rebuilt
-- person_name_match holds them.
ALTER TABLE prisoner_exchange.person
	ADD COLUMN name_codes bytea GENERATED ALWAYS AS (prisoner_exchange.name_codes(full_name)) STORED;
COMMENT ON COLUMN prisoner_exchange.person.name_codes IS 'The analysis of full_name (name_codes()), kept so that reconcile() need not analyse every candidate again; computed by the database (1.7)';

-- A third reason for "ambiguous": the best candidate's surname is one slip
-- of the pen away, the birth year the same.
ALTER TABLE prisoner_exchange.list_entry_match
	DROP CONSTRAINT list_entry_match_ambiguity_check,
	ADD CONSTRAINT list_entry_match_ambiguity_check
		CHECK (ambiguity IS NULL OR ambiguity IN ('namesakes', 'close alternative', 'surname slip') AND verdict = 'ambiguous');
COMMENT ON COLUMN prisoner_exchange.list_entry_match.ambiguity IS 'Why ambiguous: namesakes (the two candidates'' names are the same), close alternative (a different name scores nearly as well) or surname slip (the best candidate''s surname is one slip of the pen away, the birth year the same: a typo, or a near surname; 1.7)';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.ambiguity IS 'Why ambiguous: namesakes, close alternative or surname slip';

-- reconcile() compares from the stored analyses, and shows a surname slip.
CREATE OR REPLACE FUNCTION prisoner_exchange.reconcile(list bigint, ambiguity_margin real DEFAULT 0.05)
RETURNS TABLE (verdict text, entries bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	threshold real;
BEGIN
	IF list IS NULL THEN
		RAISE EXCEPTION 'reconcile() needs a list'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Pass the id of a row of prisoner_exchange.exchange_list.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM prisoner_exchange.exchange_list WHERE id = list) THEN
		RAISE EXCEPTION 'exchange list % does not exist', list
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Pass the id of a row of prisoner_exchange.exchange_list.';
	END IF;
	IF ambiguity_margin IS NULL OR ambiguity_margin < 0 OR ambiguity_margin > 1 THEN
		RAISE EXCEPTION 'ambiguity margin % is out of range', ambiguity_margin
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Give a score difference between 0 and 1, such as 0.05.';
	END IF;

	DELETE FROM prisoner_exchange.list_entry_match AS m
	USING prisoner_exchange.list_entry AS e
	WHERE m.entry_id = e.id AND e.list_id = list;
	DELETE FROM prisoner_exchange.list_entry_candidate AS c
	USING prisoner_exchange.list_entry AS e
	WHERE c.entry_id = e.id AND e.list_id = list;

	-- The verdicts use the threshold; the candidates kept for review reach
	-- down 0.15 below it: those that share a key with the entry (&%, found
	-- exactly by the index) and whose similarity reaches that floor, which
	-- is %~ at the floor.  The similarity is computed from the analyses the
	-- registry keeps (person.name_codes), not from every candidate's name
	-- again (1.7).
	threshold := prisoner_exchange.name_match_threshold();

	WITH entry AS MATERIALIZED (
		SELECT e.id, e.name_as_written, p.problem,
			   COALESCE(date_part('year', e.birth_date)::integer, e.birth_year) AS birth_year,
			   CASE WHEN p.problem IS NULL THEN prisoner_exchange.name_codes(e.name_as_written) END AS codes
		FROM prisoner_exchange.list_entry AS e
		CROSS JOIN LATERAL (SELECT prisoner_exchange.name_problem(e.name_as_written) AS problem) AS p
		WHERE e.list_id = list
	), scored AS (
		SELECT entry.id AS entry_id, c.person_id, c.full_name, c.name_score, c.slip,
			   c.name_score + prisoner_exchange.birth_year_adjustment(entry.birth_year, c.birth_year) AS score,
			   pg_catalog.abs(entry.birth_year - c.birth_year) AS year_gap
		FROM entry
		CROSS JOIN LATERAL (
			SELECT p.id AS person_id, p.full_name, y.birth_year,
				   CASE WHEN y.birth_year = entry.birth_year
						THEN prisoner_exchange.name_similarity_allowing_slip(p.full_name, p.name_codes,
																			 entry.name_as_written, entry.codes)
						ELSE prisoner_exchange.name_similarity(p.full_name, p.name_codes,
															   entry.name_as_written, entry.codes)
				   END AS name_score,
				   -- Only a name that does not reach the floor without it
				   -- can have needed a slip.
				   y.birth_year = entry.birth_year
				   AND prisoner_exchange.name_similarity(p.full_name, p.name_codes, entry.name_as_written, entry.codes)
					   < GREATEST(threshold - 0.15, 0) AS slip
			FROM prisoner_exchange.person AS p
			-- The year first: the CHECK person_birth_date_matches_year makes
			-- the two agree, and most candidates need no date_part().
			CROSS JOIN LATERAL (SELECT COALESCE(p.birth_year, date_part('year', p.birth_date)::integer) AS birth_year) AS y
			WHERE p.full_name OPERATOR(prisoner_exchange.&%) entry.name_as_written
			  AND (prisoner_exchange.name_similarity_reaches(p.full_name, p.name_codes, entry.name_as_written,
															  entry.codes, GREATEST(threshold - 0.15, 0))
				   -- A surname one slip away, where the birth year agrees, is
				   -- shown for review, never matched: spelling alone cannot
				   -- tell it from a near surname (1.7).
				   OR (y.birth_year = entry.birth_year
					   AND prisoner_exchange.name_similarity_allowing_slip(p.full_name, p.name_codes,
																		   entry.name_as_written, entry.codes)
						   >= GREATEST(threshold - 0.15, 0)))
		) AS c
		WHERE entry.problem IS NULL
	), ranked AS (
		SELECT s.*,
			   row_number() OVER (PARTITION BY s.entry_id ORDER BY s.score DESC, s.person_id) AS rank,
			   row_number() OVER (PARTITION BY s.entry_id ORDER BY s.name_score DESC, s.person_id) AS name_rank,
			   count(*) FILTER (WHERE s.score >= threshold) OVER (PARTITION BY s.entry_id) AS reaching
		FROM scored AS s
	), kept AS (
		INSERT INTO prisoner_exchange.list_entry_candidate (entry_id, rank, person_id, name_score, score)
		SELECT r.entry_id, r.rank, r.person_id, r.name_score, r.score
		FROM ranked AS r
		WHERE r.rank <= 5
	), per_entry AS (
		-- One row per entry, so that the last join is one to one: joined
		-- row by row to the entries, ranked would be read once per entry,
		-- which a list not yet analyzed can make the planner do.
		SELECT r.entry_id,
			   pg_catalog.max(r.person_id) FILTER (WHERE r.rank = 1 AND r.score >= threshold) AS best_id,
			   pg_catalog.max(r.score) FILTER (WHERE r.rank = 1 AND r.score >= threshold) AS best_score,
			   pg_catalog.max(r.full_name) FILTER (WHERE r.rank = 1 AND r.score >= threshold) AS best_name,
			   pg_catalog.max(r.person_id) FILTER (WHERE r.rank = 2 AND r.score >= threshold) AS second_id,
			   pg_catalog.max(r.score) FILTER (WHERE r.rank = 2 AND r.score >= threshold) AS second_score,
			   pg_catalog.max(r.full_name) FILTER (WHERE r.rank = 2 AND r.score >= threshold) AS second_name,
			   -- No candidate reaches the threshold, yet one's name does:
			   -- its birth year is what keeps it out, and a reviewer must
			   -- see it.
			   pg_catalog.max(r.person_id) FILTER (WHERE r.name_rank = 1 AND r.name_score >= threshold) AS by_name_id,
			   pg_catalog.max(r.score) FILTER (WHERE r.name_rank = 1 AND r.name_score >= threshold) AS by_name_score,
			   pg_catalog.max(r.year_gap) FILTER (WHERE r.rank = 1 AND r.score >= threshold) AS best_year_gap,
			   pg_catalog.bool_or(r.slip) FILTER (WHERE r.rank = 1 AND r.score >= threshold) AS best_by_slip,
			   pg_catalog.max(r.reaching) AS reaching
		FROM ranked AS r
		GROUP BY r.entry_id
	)
	INSERT INTO prisoner_exchange.list_entry_match
		(entry_id, best_person_id, best_score, runner_up_person_id, runner_up_score,
		 candidates, verdict, ambiguity, problem)
	SELECT entry.id,
		   COALESCE(e.best_id, e.by_name_id),
		   CASE WHEN e.best_id IS NOT NULL THEN e.best_score ELSE e.by_name_score END,
		   e.second_id, e.second_score,
		   COALESCE(e.reaching, 0),
		   CASE
			   WHEN entry.problem IS NOT NULL THEN 'unreadable'
			   WHEN e.best_id IS NULL AND e.by_name_id IS NOT NULL THEN 'year conflicts'
			   WHEN e.best_id IS NULL THEN 'not in registry'
			   WHEN e.second_id IS NOT NULL
					AND e.best_score - e.second_score < ambiguity_margin THEN 'ambiguous'
			   WHEN e.best_by_slip THEN 'ambiguous'
			   -- A birth year one off is a slip or another person (the same
			   -- name, a year apart): a person must look (1.6).
			   WHEN e.best_year_gap >= 1 THEN 'year conflicts'
			   ELSE 'matched'
		   END,
		   CASE
			   WHEN entry.problem IS NOT NULL OR e.best_id IS NULL THEN NULL
			   WHEN e.second_id IS NOT NULL AND e.best_score - e.second_score < ambiguity_margin THEN
				   CASE WHEN prisoner_exchange.name_key(e.best_name) = prisoner_exchange.name_key(e.second_name)
						THEN 'namesakes' ELSE 'close alternative' END
			   WHEN e.best_by_slip THEN 'surname slip'
		   END,
		   entry.problem
	FROM entry
	LEFT JOIN per_entry AS e ON e.entry_id = entry.id;

	-- Counted as list_reconciliation shows them: a person's decision first.
	RETURN QUERY
		SELECT CASE
				   WHEN d.entry_id IS NOT NULL AND d.person_id IS NULL THEN 'confirmed not in registry'
				   WHEN d.entry_id IS NOT NULL THEN 'confirmed'
				   ELSE m.verdict
			   END,
			   pg_catalog.count(*)
		FROM prisoner_exchange.list_entry_match AS m
		JOIN prisoner_exchange.list_entry AS e ON e.id = m.entry_id
		LEFT JOIN prisoner_exchange.list_entry_decision AS d ON d.entry_id = m.entry_id
		WHERE e.list_id = list
		GROUP BY 1 ORDER BY 1;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.reconcile(bigint, real) IS
'Ranks the registry candidates of every entry of a list (%~ through the GIN index, then name similarity adjusted by birth year), keeps the best five in list_entry_candidate and records best, runner-up and verdict (matched, ambiguous, year conflicts, not in registry, unreadable) in list_entry_match; returns the entries per verdict, decisions first; never touches list_entry_decision';
