/* prisoner_exchange--1.0.sql: the exchange_phase type and its operators */

\echo Use "CREATE EXTENSION prisoner_exchange" to load this file. \quit

-- Every C function is IMMUTABLE STRICT PARALLEL SAFE unless a comment says
-- otherwise: each one depends only on its arguments, reads no table or
-- setting, and keeps no state between calls.  LEAKPROOF marks those that
-- can raise no error, whatever their arguments.

------------------------------------------------------------------------
-- The type
------------------------------------------------------------------------

CREATE TYPE @extschema@.exchange_phase;

CREATE FUNCTION @extschema@.exchange_phase_in(pg_catalog.cstring)
RETURNS @extschema@.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.exchange_phase_out(@extschema@.exchange_phase)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'exchange_phase_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.exchange_phase_recv(pg_catalog.internal)
RETURNS @extschema@.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.exchange_phase_send(@extschema@.exchange_phase)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'exchange_phase_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- 8 bytes passed by value: side A in the high half, side B in the low.
CREATE TYPE @extschema@.exchange_phase (
	INTERNALLENGTH = 8,
	PASSEDBYVALUE,
	ALIGNMENT = double,
	STORAGE = plain,
	INPUT = @extschema@.exchange_phase_in,
	OUTPUT = @extschema@.exchange_phase_out,
	RECEIVE = @extschema@.exchange_phase_recv,
	SEND = @extschema@.exchange_phase_send
);

COMMENT ON TYPE @extschema@.exchange_phase IS
'How many people each side received in one handover, as side_a:side_b (e.g. 390:390); each count from 0 to 2147483647';
COMMENT ON FUNCTION @extschema@.exchange_phase_in(pg_catalog.cstring) IS
'Text input of exchange_phase: accepts 390:390, 390-for-390, 390 for 390 and 1,000-for-1,000';
COMMENT ON FUNCTION @extschema@.exchange_phase_out(@extschema@.exchange_phase) IS
'Text output of exchange_phase, in the canonical form side_a:side_b';
COMMENT ON FUNCTION @extschema@.exchange_phase_recv(pg_catalog.internal) IS
'Binary input of exchange_phase: two big-endian int4, side A then side B';
COMMENT ON FUNCTION @extschema@.exchange_phase_send(@extschema@.exchange_phase) IS
'Binary output of exchange_phase: two big-endian int4, side A then side B';

------------------------------------------------------------------------
-- Constructor and accessors
------------------------------------------------------------------------

-- Not LEAKPROOF: a negative argument raises an error.
CREATE FUNCTION @extschema@.exchange_phase(side_a pg_catalog.int4, side_b pg_catalog.int4)
RETURNS @extschema@.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_make'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.exchange_phase(pg_catalog.int4, pg_catalog.int4) IS
'Builds an exchange_phase from the people returned to side A and to side B; both must be 0 or more';

CREATE FUNCTION @extschema@.side_a(@extschema@.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_side_a'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.side_a(@extschema@.exchange_phase) IS
'People returned to side A';

CREATE FUNCTION @extschema@.side_b(@extschema@.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_side_b'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.side_b(@extschema@.exchange_phase) IS
'People returned to side B';

CREATE FUNCTION @extschema@.total(@extschema@.exchange_phase)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'exchange_phase_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.total(@extschema@.exchange_phase) IS
'People returned to both sides together, as bigint';

------------------------------------------------------------------------
-- Arithmetic: errors, never wrap-around or negative counts
------------------------------------------------------------------------

CREATE FUNCTION @extschema@.exchange_phase_add(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS @extschema@.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.exchange_phase_add(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Adds two phases side by side; an error (22003) if a count would exceed 2147483647';

CREATE FUNCTION @extschema@.exchange_phase_subtract(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS @extschema@.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_subtract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.exchange_phase_subtract(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Subtracts side by side, e.g. a phase from a quota; an error (22003) if a count would go below 0';

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.exchange_phase,
	RIGHTARG = @extschema@.exchange_phase,
	FUNCTION = @extschema@.exchange_phase_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);
COMMENT ON OPERATOR @extschema@.+ (@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Adds two phases side by side';

CREATE OPERATOR @extschema@.- (
	LEFTARG = @extschema@.exchange_phase,
	RIGHTARG = @extschema@.exchange_phase,
	FUNCTION = @extschema@.exchange_phase_subtract
);
COMMENT ON OPERATOR @extschema@.- (@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Subtracts side by side, e.g. what is left of a quota after a phase';

------------------------------------------------------------------------
-- Comparison: ordered by total, then by side A
------------------------------------------------------------------------

CREATE FUNCTION @extschema@.exchange_phase_eq(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_eq(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'True when both counts are equal';

CREATE FUNCTION @extschema@.exchange_phase_ne(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_ne(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'True when either count differs';

CREATE FUNCTION @extschema@.exchange_phase_lt(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_lt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_lt(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Less than, ordering by total and then by side A';

CREATE FUNCTION @extschema@.exchange_phase_le(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_le'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_le(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Less than or equal, ordering by total and then by side A';

CREATE FUNCTION @extschema@.exchange_phase_gt(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_gt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_gt(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Greater than, ordering by total and then by side A';

CREATE FUNCTION @extschema@.exchange_phase_ge(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_ge'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_ge(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Greater than or equal, ordering by total and then by side A';

CREATE FUNCTION @extschema@.exchange_phase_cmp(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_cmp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_cmp(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Btree comparison: -1, 0 or 1, ordering by total and then by side A';

CREATE FUNCTION @extschema@.exchange_phase_sortsupport(pg_catalog.internal)
RETURNS pg_catalog.void
AS 'MODULE_PATHNAME', 'exchange_phase_sortsupport'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.exchange_phase_sortsupport(pg_catalog.internal) IS
'Btree sort support: lets sorts and index builds compare without a function call per pair';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.exchange_phase,
	RIGHTARG = @extschema@.exchange_phase,
	FUNCTION = @extschema@.exchange_phase_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES, MERGES
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Equal: both counts the same';

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.exchange_phase,
	RIGHTARG = @extschema@.exchange_phase,
	FUNCTION = @extschema@.exchange_phase_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR @extschema@.<> (@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Not equal: either count differs';

CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.exchange_phase,
	RIGHTARG = @extschema@.exchange_phase,
	FUNCTION = @extschema@.exchange_phase_lt,
	COMMUTATOR = OPERATOR(@extschema@.>),
	NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel,
	JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR @extschema@.< (@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Less than: smaller total, or equal total and fewer returned to side A';

CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.exchange_phase,
	RIGHTARG = @extschema@.exchange_phase,
	FUNCTION = @extschema@.exchange_phase_le,
	COMMUTATOR = OPERATOR(@extschema@.>=),
	NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel,
	JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR @extschema@.<= (@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Less than or equal, in the order by total and then by side A';

CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.exchange_phase,
	RIGHTARG = @extschema@.exchange_phase,
	FUNCTION = @extschema@.exchange_phase_gt,
	COMMUTATOR = OPERATOR(@extschema@.<),
	NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel,
	JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR @extschema@.> (@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Greater than: larger total, or equal total and more returned to side A';

CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.exchange_phase,
	RIGHTARG = @extschema@.exchange_phase,
	FUNCTION = @extschema@.exchange_phase_ge,
	COMMUTATOR = OPERATOR(@extschema@.<=),
	NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel,
	JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.>= (@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Greater than or equal, in the order by total and then by side A';

CREATE OPERATOR CLASS @extschema@.exchange_phase_ops
DEFAULT FOR TYPE @extschema@.exchange_phase USING btree AS
	OPERATOR 1 @extschema@.<,
	OPERATOR 2 @extschema@.<=,
	OPERATOR 3 @extschema@.=,
	OPERATOR 4 @extschema@.>=,
	OPERATOR 5 @extschema@.>,
	FUNCTION 1 @extschema@.exchange_phase_cmp(@extschema@.exchange_phase, @extschema@.exchange_phase),
	FUNCTION 2 @extschema@.exchange_phase_sortsupport(pg_catalog.internal);
COMMENT ON OPERATOR CLASS @extschema@.exchange_phase_ops USING btree IS
'Btree order of exchange_phase: by total, then by side A';

------------------------------------------------------------------------
-- Hashing: GROUP BY, DISTINCT, hash joins, hash indexes and partitions
------------------------------------------------------------------------

CREATE FUNCTION @extschema@.exchange_phase_hash(@extschema@.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_hash(@extschema@.exchange_phase) IS
'Hash of an exchange_phase, independent of the machine''s byte order';

CREATE FUNCTION @extschema@.exchange_phase_hash_extended(@extschema@.exchange_phase, pg_catalog.int8)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'exchange_phase_hash_extended'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_hash_extended(@extschema@.exchange_phase, pg_catalog.int8) IS
'Seeded 64-bit hash of an exchange_phase; with seed 0 its low 32 bits equal exchange_phase_hash';

CREATE OPERATOR CLASS @extschema@.exchange_phase_hash_ops
DEFAULT FOR TYPE @extschema@.exchange_phase USING hash AS
	OPERATOR 1 @extschema@.=,
	FUNCTION 1 @extschema@.exchange_phase_hash(@extschema@.exchange_phase),
	FUNCTION 2 @extschema@.exchange_phase_hash_extended(@extschema@.exchange_phase, pg_catalog.int8);
COMMENT ON OPERATOR CLASS @extschema@.exchange_phase_hash_ops USING hash IS
'Hash support of exchange_phase';

------------------------------------------------------------------------
-- Fits within: CHECK (counts <@ quota)
------------------------------------------------------------------------

CREATE FUNCTION @extschema@.exchange_phase_contained(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_contained'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_contained(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'True when each side of the first is no larger than the same side of the second';

CREATE FUNCTION @extschema@.exchange_phase_contains(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_contains'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_contains(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'True when each side of the first is at least as large as the same side of the second';

CREATE OPERATOR @extschema@.<@ (
	LEFTARG = @extschema@.exchange_phase,
	RIGHTARG = @extschema@.exchange_phase,
	FUNCTION = @extschema@.exchange_phase_contained,
	COMMUTATOR = OPERATOR(@extschema@.@>),
	RESTRICT = pg_catalog.contsel,
	JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Fits within: each side no larger, as in CHECK (counts <@ quota)';

CREATE OPERATOR @extschema@.@> (
	LEFTARG = @extschema@.exchange_phase,
	RIGHTARG = @extschema@.exchange_phase,
	FUNCTION = @extschema@.exchange_phase_contains,
	COMMUTATOR = OPERATOR(@extschema@.<@),
	RESTRICT = pg_catalog.contsel,
	JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR @extschema@.@> (@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Has room for: each side at least as large, as in quota @> counts';

------------------------------------------------------------------------
-- Balance checks
------------------------------------------------------------------------

-- Not LEAKPROOF: a ratio with a zero side raises an error.
CREATE FUNCTION @extschema@.balance(
	p @extschema@.exchange_phase,
	ratio @extschema@.exchange_phase DEFAULT '1:1')
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'exchange_phase_balance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.balance(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'side_a(p)*side_b(ratio) - side_b(p)*side_a(ratio): 0 when p keeps the agreed ratio (default 1:1), positive when side A received more than its share';

CREATE FUNCTION @extschema@.is_balanced(
	p @extschema@.exchange_phase,
	ratio @extschema@.exchange_phase DEFAULT '1:1')
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_is_balanced'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_balanced(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'True when p keeps the agreed ratio exactly (default 1:1; e.g. 1:3 for one hostage per three prisoners)';

------------------------------------------------------------------------
-- Aggregates
------------------------------------------------------------------------

-- The state is the type itself (no internal state, no serial functions):
-- strictness seeds it with the first non-NULL row and skips NULLs, and the
-- same function combines the partial sums of parallel workers.
CREATE FUNCTION @extschema@.exchange_phase_sum_step(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS @extschema@.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_sum_step'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.exchange_phase_sum_step(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'Transition and combine function of sum(exchange_phase); an error (22003) on overflow';

CREATE AGGREGATE @extschema@.sum(@extschema@.exchange_phase) (
	SFUNC = @extschema@.exchange_phase_sum_step,
	STYPE = @extschema@.exchange_phase,
	COMBINEFUNC = @extschema@.exchange_phase_sum_step,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.sum(@extschema@.exchange_phase) IS
'People returned to each side over all rows; NULLs ignored, NULL over no rows, an error (22003) rather than overflow';

CREATE FUNCTION @extschema@.exchange_phase_smaller(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS @extschema@.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_smaller'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_smaller(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'The smaller of two phases in the btree order (support of min)';

CREATE FUNCTION @extschema@.exchange_phase_larger(@extschema@.exchange_phase, @extschema@.exchange_phase)
RETURNS @extschema@.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_larger'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.exchange_phase_larger(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'The larger of two phases in the btree order (support of max)';

CREATE AGGREGATE @extschema@.min(@extschema@.exchange_phase) (
	SFUNC = @extschema@.exchange_phase_smaller,
	STYPE = @extschema@.exchange_phase,
	COMBINEFUNC = @extschema@.exchange_phase_smaller,
	SORTOP = OPERATOR(@extschema@.<),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.exchange_phase) IS
'Smallest phase in the btree order (by total, then side A); can use a btree index';

CREATE AGGREGATE @extschema@.max(@extschema@.exchange_phase) (
	SFUNC = @extschema@.exchange_phase_larger,
	STYPE = @extschema@.exchange_phase,
	COMBINEFUNC = @extschema@.exchange_phase_larger,
	SORTOP = OPERATOR(@extschema@.>),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.max(@extschema@.exchange_phase) IS
'Largest phase in the btree order (by total, then side A); can use a btree index';

------------------------------------------------------------------------
-- The module itself
------------------------------------------------------------------------

-- STABLE, not IMMUTABLE: an ICU upgrade changes the answer for new backends.
CREATE FUNCTION @extschema@.icu_version()
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'pe_icu_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.icu_version() IS
'The ICU version the extension runs with; indexes on name keys need a REINDEX when it changes';

GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
