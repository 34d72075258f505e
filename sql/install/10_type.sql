-- sql/install/10_type.sql: the exchange_phase type: I/O, operators, operator classes, balance, aggregates

-- Every C function is IMMUTABLE STRICT PARALLEL SAFE unless a comment says
-- otherwise: each one depends only on its arguments, reads no table or
-- setting, and keeps no state between calls.  LEAKPROOF marks those that
-- can raise no error, whatever their arguments.

------------------------------------------------------------------------
-- The type
------------------------------------------------------------------------

CREATE TYPE prisoner_exchange.exchange_phase;

CREATE FUNCTION prisoner_exchange.exchange_phase_in(pg_catalog.cstring)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION prisoner_exchange.exchange_phase_out(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'exchange_phase_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION prisoner_exchange.exchange_phase_recv(pg_catalog.internal)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION prisoner_exchange.exchange_phase_send(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'exchange_phase_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- 8 bytes passed by value: side A in the high half, side B in the low.
CREATE TYPE prisoner_exchange.exchange_phase (
	INTERNALLENGTH = 8,
	PASSEDBYVALUE,
	ALIGNMENT = double,
	STORAGE = plain,
	INPUT = prisoner_exchange.exchange_phase_in,
	OUTPUT = prisoner_exchange.exchange_phase_out,
	RECEIVE = prisoner_exchange.exchange_phase_recv,
	SEND = prisoner_exchange.exchange_phase_send
);

COMMENT ON TYPE prisoner_exchange.exchange_phase IS
'How many people each side received in one handover, as side_a:side_b (e.g. 390:390); each count from 0 to 2147483647, ? when not published, or N+ when published only as at least N (130:?)';
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_in(pg_catalog.cstring) IS
'Text input of exchange_phase: accepts 390:390, 390-for-390, 390 for 390 and 1,000-for-1,000; ? for a count not published, 130+ for at least 130';
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_out(prisoner_exchange.exchange_phase) IS
'Text output of exchange_phase, in the canonical form side_a:side_b';
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_recv(pg_catalog.internal) IS
'Binary input of exchange_phase: two big-endian int4, side A then side B; -1 - N for at least N (-1: not published)';
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_send(prisoner_exchange.exchange_phase) IS
'Binary output of exchange_phase: two big-endian int4, side A then side B; -1 - N for at least N (-1: not published)';

------------------------------------------------------------------------
-- Constructor and accessors
------------------------------------------------------------------------

-- Not LEAKPROOF: a negative argument raises an error.
CREATE FUNCTION prisoner_exchange.exchange_phase(side_a pg_catalog.int4, side_b pg_catalog.int4)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_make'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase(pg_catalog.int4, pg_catalog.int4) IS
'Builds an exchange_phase from the people returned to side A and to side B; both must be 0 or more';

CREATE FUNCTION prisoner_exchange.side_a(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_side_a'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.side_a(prisoner_exchange.exchange_phase) IS
'People returned to side A; NULL when not published (side_a_at_least gives what is known)';

CREATE FUNCTION prisoner_exchange.side_b(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_side_b'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.side_b(prisoner_exchange.exchange_phase) IS
'People returned to side B; NULL when not published (side_b_at_least gives what is known)';

CREATE FUNCTION prisoner_exchange.total(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'exchange_phase_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.total(prisoner_exchange.exchange_phase) IS
'People returned to both sides together, as bigint; NULL when a count was not published (total_at_least gives what is known)';

------------------------------------------------------------------------
-- Counts not published (1.5): "?" and "at least N"
------------------------------------------------------------------------
-- A side published only as "more than", or not at all, is a known lower
-- bound: side_a() and total() answer NULL for it (unknown is not zero),
-- the _at_least functions what is known.

-- Not STRICT: a NULL side is a count not published.  Not LEAKPROOF: a
-- negative argument raises an error.
CREATE FUNCTION prisoner_exchange.exchange_phase_published(side_a pg_catalog.int4, side_b pg_catalog.int4)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_make_published'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_published(pg_catalog.int4, pg_catalog.int4) IS
'Builds an exchange_phase from two counts of which either may be NULL, meaning not published: (130, NULL) gives 130:?';

CREATE FUNCTION prisoner_exchange.exchange_phase_at_least(side_a pg_catalog.int4, side_b pg_catalog.int4)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_make_at_least'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_at_least(pg_catalog.int4, pg_catalog.int4) IS
'Builds an exchange_phase from two lower bounds ("more than 1,000"): (1000, 0) gives 1000+:?';

CREATE FUNCTION prisoner_exchange.side_a_at_least(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_side_a_at_least'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.side_a_at_least(prisoner_exchange.exchange_phase) IS
'What is known of side A: its count, or the lower bound published (0 for ?)';

CREATE FUNCTION prisoner_exchange.side_b_at_least(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_side_b_at_least'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.side_b_at_least(prisoner_exchange.exchange_phase) IS
'What is known of side B: its count, or the lower bound published (0 for ?)';

CREATE FUNCTION prisoner_exchange.total_at_least(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'exchange_phase_total_at_least'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.total_at_least(prisoner_exchange.exchange_phase) IS
'What is known of both sides together: the total, or its lower bound when a count was not published';

CREATE FUNCTION prisoner_exchange.is_complete(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_is_complete'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.is_complete(prisoner_exchange.exchange_phase) IS
'True when both counts were published (neither is ? nor a lower bound)';

------------------------------------------------------------------------
-- Arithmetic: errors, never wrap-around or negative counts
------------------------------------------------------------------------

CREATE FUNCTION prisoner_exchange.exchange_phase_add(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_add(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Adds two phases side by side (a side with a lower bound gives a lower bound); an error (22003) if a count would exceed 2147483647';

CREATE FUNCTION prisoner_exchange.exchange_phase_subtract(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_subtract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_subtract(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Subtracts side by side, e.g. a phase from a quota; an error (22003) if a count would go below 0, (22023) if the second has a count not published';

CREATE OPERATOR prisoner_exchange.+ (
	LEFTARG = prisoner_exchange.exchange_phase,
	RIGHTARG = prisoner_exchange.exchange_phase,
	FUNCTION = prisoner_exchange.exchange_phase_add,
	COMMUTATOR = OPERATOR(prisoner_exchange.+)
);
COMMENT ON OPERATOR prisoner_exchange.+ (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Adds two phases side by side';

CREATE OPERATOR prisoner_exchange.- (
	LEFTARG = prisoner_exchange.exchange_phase,
	RIGHTARG = prisoner_exchange.exchange_phase,
	FUNCTION = prisoner_exchange.exchange_phase_subtract
);
COMMENT ON OPERATOR prisoner_exchange.- (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Subtracts side by side, e.g. what is left of a quota after a phase';

------------------------------------------------------------------------
-- Comparison: ordered by total, then by side A
------------------------------------------------------------------------

CREATE FUNCTION prisoner_exchange.exchange_phase_eq(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_eq(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'True when both counts are equal';

CREATE FUNCTION prisoner_exchange.exchange_phase_ne(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_ne(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'True when either count differs';

CREATE FUNCTION prisoner_exchange.exchange_phase_lt(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_lt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_lt(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Less than, ordering by total and then by side A';

CREATE FUNCTION prisoner_exchange.exchange_phase_le(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_le'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_le(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Less than or equal, ordering by total and then by side A';

CREATE FUNCTION prisoner_exchange.exchange_phase_gt(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_gt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_gt(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Greater than, ordering by total and then by side A';

CREATE FUNCTION prisoner_exchange.exchange_phase_ge(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_ge'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_ge(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Greater than or equal, ordering by total and then by side A';

CREATE FUNCTION prisoner_exchange.exchange_phase_cmp(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_cmp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_cmp(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Btree comparison: -1, 0 or 1, ordering by total and then by side A';

CREATE FUNCTION prisoner_exchange.exchange_phase_sortsupport(pg_catalog.internal)
RETURNS pg_catalog.void
AS 'MODULE_PATHNAME', 'exchange_phase_sortsupport'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_sortsupport(pg_catalog.internal) IS
'Btree sort support: lets sorts and index builds compare without a function call per pair';

CREATE OPERATOR prisoner_exchange.= (
	LEFTARG = prisoner_exchange.exchange_phase,
	RIGHTARG = prisoner_exchange.exchange_phase,
	FUNCTION = prisoner_exchange.exchange_phase_eq,
	COMMUTATOR = OPERATOR(prisoner_exchange.=),
	NEGATOR = OPERATOR(prisoner_exchange.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES, MERGES
);
COMMENT ON OPERATOR prisoner_exchange.= (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Equal: both counts the same';

CREATE OPERATOR prisoner_exchange.<> (
	LEFTARG = prisoner_exchange.exchange_phase,
	RIGHTARG = prisoner_exchange.exchange_phase,
	FUNCTION = prisoner_exchange.exchange_phase_ne,
	COMMUTATOR = OPERATOR(prisoner_exchange.<>),
	NEGATOR = OPERATOR(prisoner_exchange.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR prisoner_exchange.<> (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Not equal: either count differs';

CREATE OPERATOR prisoner_exchange.< (
	LEFTARG = prisoner_exchange.exchange_phase,
	RIGHTARG = prisoner_exchange.exchange_phase,
	FUNCTION = prisoner_exchange.exchange_phase_lt,
	COMMUTATOR = OPERATOR(prisoner_exchange.>),
	NEGATOR = OPERATOR(prisoner_exchange.>=),
	RESTRICT = pg_catalog.scalarltsel,
	JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR prisoner_exchange.< (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Less than: smaller total, or equal total and fewer returned to side A';

CREATE OPERATOR prisoner_exchange.<= (
	LEFTARG = prisoner_exchange.exchange_phase,
	RIGHTARG = prisoner_exchange.exchange_phase,
	FUNCTION = prisoner_exchange.exchange_phase_le,
	COMMUTATOR = OPERATOR(prisoner_exchange.>=),
	NEGATOR = OPERATOR(prisoner_exchange.>),
	RESTRICT = pg_catalog.scalarlesel,
	JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR prisoner_exchange.<= (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Less than or equal, in the order by total and then by side A';

CREATE OPERATOR prisoner_exchange.> (
	LEFTARG = prisoner_exchange.exchange_phase,
	RIGHTARG = prisoner_exchange.exchange_phase,
	FUNCTION = prisoner_exchange.exchange_phase_gt,
	COMMUTATOR = OPERATOR(prisoner_exchange.<),
	NEGATOR = OPERATOR(prisoner_exchange.<=),
	RESTRICT = pg_catalog.scalargtsel,
	JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR prisoner_exchange.> (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Greater than: larger total, or equal total and more returned to side A';

CREATE OPERATOR prisoner_exchange.>= (
	LEFTARG = prisoner_exchange.exchange_phase,
	RIGHTARG = prisoner_exchange.exchange_phase,
	FUNCTION = prisoner_exchange.exchange_phase_ge,
	COMMUTATOR = OPERATOR(prisoner_exchange.<=),
	NEGATOR = OPERATOR(prisoner_exchange.<),
	RESTRICT = pg_catalog.scalargesel,
	JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR prisoner_exchange.>= (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Greater than or equal, in the order by total and then by side A';

CREATE OPERATOR CLASS prisoner_exchange.exchange_phase_ops
DEFAULT FOR TYPE prisoner_exchange.exchange_phase USING btree AS
	OPERATOR 1 prisoner_exchange.<,
	OPERATOR 2 prisoner_exchange.<=,
	OPERATOR 3 prisoner_exchange.=,
	OPERATOR 4 prisoner_exchange.>=,
	OPERATOR 5 prisoner_exchange.>,
	FUNCTION 1 prisoner_exchange.exchange_phase_cmp(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase),
	FUNCTION 2 prisoner_exchange.exchange_phase_sortsupport(pg_catalog.internal),
	-- Equal values are equal bit for bit: btree may deduplicate (1.1).
	FUNCTION 4 pg_catalog.btequalimage(pg_catalog.oid);
COMMENT ON OPERATOR CLASS prisoner_exchange.exchange_phase_ops USING btree IS
'Btree order of exchange_phase: by total, then by side A';

------------------------------------------------------------------------
-- Hashing: GROUP BY, DISTINCT, hash joins, hash indexes and partitions
------------------------------------------------------------------------

CREATE FUNCTION prisoner_exchange.exchange_phase_hash(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_hash(prisoner_exchange.exchange_phase) IS
'Hash of an exchange_phase, independent of the machine''s byte order';

CREATE FUNCTION prisoner_exchange.exchange_phase_hash_extended(prisoner_exchange.exchange_phase, pg_catalog.int8)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'exchange_phase_hash_extended'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_hash_extended(prisoner_exchange.exchange_phase, pg_catalog.int8) IS
'Seeded 64-bit hash of an exchange_phase; with seed 0 its low 32 bits equal exchange_phase_hash';

CREATE OPERATOR CLASS prisoner_exchange.exchange_phase_hash_ops
DEFAULT FOR TYPE prisoner_exchange.exchange_phase USING hash AS
	OPERATOR 1 prisoner_exchange.=,
	FUNCTION 1 prisoner_exchange.exchange_phase_hash(prisoner_exchange.exchange_phase),
	FUNCTION 2 prisoner_exchange.exchange_phase_hash_extended(prisoner_exchange.exchange_phase, pg_catalog.int8);
COMMENT ON OPERATOR CLASS prisoner_exchange.exchange_phase_hash_ops USING hash IS
'Hash support of exchange_phase';

------------------------------------------------------------------------
-- Fits within: CHECK (counts <@ quota)
------------------------------------------------------------------------

CREATE FUNCTION prisoner_exchange.exchange_phase_contained(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_contained'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_contained(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'True when each side of the first is no larger than the same side of the second; NULL when a count not published leaves it open';

CREATE FUNCTION prisoner_exchange.exchange_phase_contains(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_contains'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_contains(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'True when each side of the first is at least as large as the same side of the second; NULL when a count not published leaves it open';

CREATE OPERATOR prisoner_exchange.<@ (
	LEFTARG = prisoner_exchange.exchange_phase,
	RIGHTARG = prisoner_exchange.exchange_phase,
	FUNCTION = prisoner_exchange.exchange_phase_contained,
	COMMUTATOR = OPERATOR(prisoner_exchange.@>),
	RESTRICT = pg_catalog.contsel,
	JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR prisoner_exchange.<@ (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Fits within: each side no larger, as in CHECK (counts <@ quota)';

CREATE OPERATOR prisoner_exchange.@> (
	LEFTARG = prisoner_exchange.exchange_phase,
	RIGHTARG = prisoner_exchange.exchange_phase,
	FUNCTION = prisoner_exchange.exchange_phase_contains,
	COMMUTATOR = OPERATOR(prisoner_exchange.<@),
	RESTRICT = pg_catalog.contsel,
	JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR prisoner_exchange.@> (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Has room for: each side at least as large, as in quota @> counts';

------------------------------------------------------------------------
-- Balance checks
------------------------------------------------------------------------

-- Not LEAKPROOF: a ratio with a zero or unpublished side raises an error.
-- A phase with a count not published has no verdict: NULL, not false.
CREATE FUNCTION prisoner_exchange.balance(
	p prisoner_exchange.exchange_phase,
	ratio prisoner_exchange.exchange_phase DEFAULT '1:1')
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'exchange_phase_balance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.balance(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'side_a(p)*side_b(ratio) - side_b(p)*side_a(ratio): 0 when p keeps the agreed ratio (default 1:1), positive when side A received more than its share; NULL when a count of p was not published';

CREATE FUNCTION prisoner_exchange.is_balanced(
	p prisoner_exchange.exchange_phase,
	ratio prisoner_exchange.exchange_phase DEFAULT '1:1')
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_is_balanced'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.is_balanced(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'True when p keeps the agreed ratio exactly (default 1:1; e.g. 1:3 for one hostage per three prisoners); NULL when a count of p was not published';

------------------------------------------------------------------------
-- Aggregates
------------------------------------------------------------------------

-- The state is the type itself (no internal state, no serial functions):
-- strictness seeds it with the first non-NULL row and skips NULLs, and the
-- same function combines the partial sums of parallel workers.
CREATE FUNCTION prisoner_exchange.exchange_phase_sum_step(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_sum_step'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_sum_step(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Transition and combine function of sum(exchange_phase); an error (22003) on overflow';

CREATE AGGREGATE prisoner_exchange.sum(prisoner_exchange.exchange_phase) (
	SFUNC = prisoner_exchange.exchange_phase_sum_step,
	STYPE = prisoner_exchange.exchange_phase,
	COMBINEFUNC = prisoner_exchange.exchange_phase_sum_step,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE prisoner_exchange.sum(prisoner_exchange.exchange_phase) IS
'People returned to each side over all rows; a side with a count not published sums to a lower bound (680+:?); NULLs ignored, NULL over no rows, an error (22003) rather than overflow';

CREATE FUNCTION prisoner_exchange.exchange_phase_smaller(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_smaller'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_smaller(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'The smaller of two phases in the btree order (support of min)';

CREATE FUNCTION prisoner_exchange.exchange_phase_larger(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_larger'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_larger(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'The larger of two phases in the btree order (support of max)';

CREATE AGGREGATE prisoner_exchange.min(prisoner_exchange.exchange_phase) (
	SFUNC = prisoner_exchange.exchange_phase_smaller,
	STYPE = prisoner_exchange.exchange_phase,
	COMBINEFUNC = prisoner_exchange.exchange_phase_smaller,
	SORTOP = OPERATOR(prisoner_exchange.<),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE prisoner_exchange.min(prisoner_exchange.exchange_phase) IS
'Smallest phase in the btree order (by total, then side A); can use a btree index';

CREATE AGGREGATE prisoner_exchange.max(prisoner_exchange.exchange_phase) (
	SFUNC = prisoner_exchange.exchange_phase_larger,
	STYPE = prisoner_exchange.exchange_phase,
	COMBINEFUNC = prisoner_exchange.exchange_phase_larger,
	SORTOP = OPERATOR(prisoner_exchange.>),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE prisoner_exchange.max(prisoner_exchange.exchange_phase) IS
'Largest phase in the btree order (by total, then side A); can use a btree index';

------------------------------------------------------------------------
-- The module itself
------------------------------------------------------------------------

-- STABLE, not IMMUTABLE: an ICU upgrade changes the answer for new backends.
CREATE FUNCTION prisoner_exchange.icu_version()
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'pe_icu_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.icu_version() IS
'The ICU version the extension runs with; indexes on name keys need a REINDEX when it changes';

GRANT USAGE ON SCHEMA prisoner_exchange TO PUBLIC;
