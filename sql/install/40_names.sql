-- sql/install/40_names.sql: the name functions and their GIN operator class

------------------------------------------------------------------------
-- Names: ICU-based keys and similarity across scripts and spellings
------------------------------------------------------------------------
-- IMMUTABLE so that they can serve generated columns and indexes: their
-- results depend only on the argument and on the ICU the module runs with
-- (icu_version()); after an ICU upgrade, REINDEX what is built on them.

CREATE FUNCTION prisoner_exchange.name_key(name pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'pe_name_key'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_key(pg_catalog.text) IS
'Phonetic matching key of a name: the same for its Cyrillic, Ukrainian, Russian and Latin spellings (Олександр, Александр, Oleksandr, Alexander), word order ignored';

CREATE FUNCTION prisoner_exchange.name_similarity(a pg_catalog.text, b pg_catalog.text)
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'pe_name_similarity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_similarity(pg_catalog.text, pg_catalog.text) IS
'How alike two names are, from 0 to 1: their words paired in any order, compared on their phonetic codes, initials matching the words they begin';

-- STABLE: the threshold is a setting.
CREATE FUNCTION prisoner_exchange.name_match(stored pg_catalog.text, lookup pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'pe_name_match'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_match(pg_catalog.text, pg_catalog.text) IS
'Probably the same name: the names share a blocking key and name_similarity reaches prisoner_exchange.name_match_threshold (default 0.8)';

-- The threshold as %~ applies it: read through C, so that the module (and
-- with it the setting's bounds) is loaded first (1.3).
CREATE FUNCTION prisoner_exchange.name_match_threshold()
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'pe_name_match_threshold'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_match_threshold() IS
'The similarity from which %~ and reconcile() take two names as probably the same (setting prisoner_exchange.name_match_threshold, default 0.8)';

CREATE OPERATOR prisoner_exchange.%~ (
	LEFTARG = pg_catalog.text,
	RIGHTARG = pg_catalog.text,
	FUNCTION = prisoner_exchange.name_match,
	RESTRICT = pg_catalog.contsel,
	JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR prisoner_exchange.%~ (pg_catalog.text, pg_catalog.text) IS
'stored %~ lookup: probably the same name (see name_match); served by a GIN index with name_match_ops on the stored names';

CREATE FUNCTION prisoner_exchange.name_index_keys(name pg_catalog.text)
RETURNS pg_catalog.int4[]
AS 'MODULE_PATHNAME', 'pe_name_index_keys'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_index_keys(pg_catalog.text) IS
'The blocking keys a name_match_ops index stores for a name (hashes of pairs of words, and of words with the initials of the others)';

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

CREATE FUNCTION prisoner_exchange.name_gin_extract_value(pg_catalog.text, pg_catalog.internal, pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'pe_name_gin_extract_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_gin_extract_value(pg_catalog.text, pg_catalog.internal, pg_catalog.internal) IS
'GIN support of name_match_ops: the keys of a stored name';

CREATE FUNCTION prisoner_exchange.name_gin_extract_query(pg_catalog.text, pg_catalog.internal, pg_catalog.int2, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'pe_name_gin_extract_query'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_gin_extract_query(pg_catalog.text, pg_catalog.internal, pg_catalog.int2, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) IS
'GIN support of name_match_ops: the keys a name is looked up by';

CREATE FUNCTION prisoner_exchange.name_gin_consistent(pg_catalog.internal, pg_catalog.int2, pg_catalog.text, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'pe_name_gin_consistent'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_gin_consistent(pg_catalog.internal, pg_catalog.int2, pg_catalog.text, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) IS
'GIN support of name_match_ops: a shared key makes a candidate, rechecked by %~';

CREATE OPERATOR CLASS prisoner_exchange.name_match_ops
FOR TYPE pg_catalog.text USING gin AS
	OPERATOR 1 prisoner_exchange.%~ (pg_catalog.text, pg_catalog.text),
	FUNCTION 1 pg_catalog.btint4cmp(pg_catalog.int4, pg_catalog.int4),
	FUNCTION 2 prisoner_exchange.name_gin_extract_value(pg_catalog.text, pg_catalog.internal, pg_catalog.internal),
	FUNCTION 3 prisoner_exchange.name_gin_extract_query(pg_catalog.text, pg_catalog.internal, pg_catalog.int2, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal),
	FUNCTION 4 prisoner_exchange.name_gin_consistent(pg_catalog.internal, pg_catalog.int2, pg_catalog.text, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal),
	STORAGE pg_catalog.int4;
COMMENT ON OPERATOR CLASS prisoner_exchange.name_match_ops USING gin IS
'GIN index of names for the %~ operator: CREATE INDEX ... USING gin (full_name prisoner_exchange.name_match_ops)';

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

-- Strategy 2 of the operator class, added to its family as the update
-- from 1.6 adds it, so that both give the same catalog.
ALTER OPERATOR FAMILY prisoner_exchange.name_match_ops USING gin
	ADD OPERATOR 2 prisoner_exchange.&% (pg_catalog.text, pg_catalog.text);

CREATE FUNCTION prisoner_exchange.transliterate(input pg_catalog.text, transform pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'pe_transliterate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.transliterate(pg_catalog.text, pg_catalog.text) IS
'Applies an ICU transform, e.g. transliterate(name, ''Ukrainian-Latin/BGN''), one step of a compound at a time; at most 10,000 characters in, 262,144 out and 16 steps (54000); a bad ID is an error 22023';

-- The letters test of the registry's and the lists' CHECK constraints.
-- A regular expression's [[:alpha:]] follows the database's LC_CTYPE: under
-- C, or in SQL_ASCII, no Cyrillic letter is a letter there (1.3).
CREATE FUNCTION prisoner_exchange.name_has_letters(name pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'pe_name_has_letters'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_has_letters(pg_catalog.text) IS
'True when the text has at least one letter of any script (Unicode Alphabetic), whatever the database''s locale; SQL_ASCII text is read as UTF-8';

-- Why a name cannot be matched, asked by reconcile() of each line first so
-- that one bad line gets a verdict of its own (1.6).
CREATE FUNCTION prisoner_exchange.name_problem(name pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'pe_name_problem_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_problem(pg_catalog.text) IS
'NULL when the name can be matched, else why not: more than 1,000 characters, no letters, or (in a SQL_ASCII database) not valid UTF-8';
