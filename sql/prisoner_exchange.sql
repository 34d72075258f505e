/* prisoner_exchange.sql: the newest release, installed as prisoner_exchange--$(EXTVERSION).sql */

\echo Use "CREATE EXTENSION prisoner_exchange" to load this file. \quit

------------------------------------------------------------------------
-- The schema
------------------------------------------------------------------------
-- The extension creates its schema here, so that the schema is one of its
-- members: owned by the role that installs the extension, dropped with it,
-- never dumped apart from it.  A schema of that name that already exists
-- is refused, whoever owns it: its owner could rename it and put
-- look-alikes in its place, and the SECURITY DEFINER triggers below, which
-- run as the installing role, would call them.

DO $schema$
DECLARE
	squatter text;
BEGIN
	SELECT pg_catalog.pg_get_userbyid(n.nspowner) INTO squatter
	FROM pg_catalog.pg_namespace AS n WHERE n.nspname = 'prisoner_exchange';
	IF FOUND THEN
		RAISE EXCEPTION 'schema "prisoner_exchange" already exists (owner %)', squatter
			USING ERRCODE = 'duplicate_schema',
				  DETAIL = 'The extension creates its own schema; it never installs into one that another role made.',
				  HINT = 'Move what you keep there to another schema, DROP SCHEMA prisoner_exchange, then CREATE EXTENSION prisoner_exchange again.';
	END IF;
END
$schema$;

CREATE SCHEMA prisoner_exchange;
COMMENT ON SCHEMA prisoner_exchange IS
'The prisoner_exchange extension: the exchange_phase type, agreements, phases, captive estimates, the registry, lists and their reconciliation';

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
'How many people each side received in one handover, as side_a:side_b (e.g. 390:390); each count from 0 to 2147483647';
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_in(pg_catalog.cstring) IS
'Text input of exchange_phase: accepts 390:390, 390-for-390, 390 for 390 and 1,000-for-1,000';
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_out(prisoner_exchange.exchange_phase) IS
'Text output of exchange_phase, in the canonical form side_a:side_b';
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_recv(pg_catalog.internal) IS
'Binary input of exchange_phase: two big-endian int4, side A then side B';
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_send(prisoner_exchange.exchange_phase) IS
'Binary output of exchange_phase: two big-endian int4, side A then side B';

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
'People returned to side A';

CREATE FUNCTION prisoner_exchange.side_b(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'exchange_phase_side_b'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.side_b(prisoner_exchange.exchange_phase) IS
'People returned to side B';

CREATE FUNCTION prisoner_exchange.total(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'exchange_phase_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.total(prisoner_exchange.exchange_phase) IS
'People returned to both sides together, as bigint';

------------------------------------------------------------------------
-- Arithmetic: errors, never wrap-around or negative counts
------------------------------------------------------------------------

CREATE FUNCTION prisoner_exchange.exchange_phase_add(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_add(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Adds two phases side by side; an error (22003) if a count would exceed 2147483647';

CREATE FUNCTION prisoner_exchange.exchange_phase_subtract(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
AS 'MODULE_PATHNAME', 'exchange_phase_subtract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_subtract(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Subtracts side by side, e.g. a phase from a quota; an error (22003) if a count would go below 0';

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
'True when each side of the first is no larger than the same side of the second';

CREATE FUNCTION prisoner_exchange.exchange_phase_contains(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_contains'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION prisoner_exchange.exchange_phase_contains(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'True when each side of the first is at least as large as the same side of the second';

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

-- Not LEAKPROOF: a ratio with a zero side raises an error.
CREATE FUNCTION prisoner_exchange.balance(
	p prisoner_exchange.exchange_phase,
	ratio prisoner_exchange.exchange_phase DEFAULT '1:1')
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'exchange_phase_balance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.balance(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'side_a(p)*side_b(ratio) - side_b(p)*side_a(ratio): 0 when p keeps the agreed ratio (default 1:1), positive when side A received more than its share';

CREATE FUNCTION prisoner_exchange.is_balanced(
	p prisoner_exchange.exchange_phase,
	ratio prisoner_exchange.exchange_phase DEFAULT '1:1')
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_is_balanced'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.is_balanced(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'True when p keeps the agreed ratio exactly (default 1:1; e.g. 1:3 for one hostage per three prisoners)';

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
'People returned to each side over all rows; NULLs ignored, NULL over no rows, an error (22003) rather than overflow';

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

------------------------------------------------------------------------
-- Agreements, phases and captive estimates
------------------------------------------------------------------------
-- The users' own records.  Every table is registered with
-- pg_extension_config_dump, so pg_dump saves its rows (and its sequence)
-- although the table itself belongs to the extension.  Nothing is granted
-- to PUBLIC: these rows are the state of a negotiation.

CREATE TABLE prisoner_exchange.agreement (
	id bigserial PRIMARY KEY,
	name text NOT NULL UNIQUE CHECK (name <> ''),
	side_a text NOT NULL CHECK (side_a <> ''),
	side_b text NOT NULL CHECK (side_b <> ''),
	agreed_on date,
	agreed_at text,
	mediator text,
	quota prisoner_exchange.exchange_phase,
	ratio prisoner_exchange.exchange_phase NOT NULL DEFAULT '1:1',
	balance_rule text NOT NULL DEFAULT 'each_phase',
	source text,
	notes text,
	CONSTRAINT agreement_sides_differ CHECK (side_a <> side_b),
	CONSTRAINT agreement_balance_rule_known
		CHECK (balance_rule IN ('each_phase', 'overall', 'none')),
	CONSTRAINT agreement_ratio_has_no_zero_side
		CHECK (prisoner_exchange.side_a(ratio) > 0 AND prisoner_exchange.side_b(ratio) > 0),
	-- A quota that breaks its own ratio could never be completed in balance.
	CONSTRAINT agreement_quota_keeps_ratio
		CHECK (balance_rule = 'none' OR quota IS NULL
			   OR prisoner_exchange.is_balanced(quota, ratio))
);

COMMENT ON TABLE prisoner_exchange.agreement IS
'An agreed prisoner exchange between two sides: its quota, its ratio and the rule by which its phases must keep that ratio';
COMMENT ON COLUMN prisoner_exchange.agreement.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.agreement.name IS 'Unique name of the agreement, e.g. ''Istanbul 1,000-for-1,000 (May 2025)''';
COMMENT ON COLUMN prisoner_exchange.agreement.side_a IS 'The side whose returns are counted first in every exchange_phase (e.g. Ukraine)';
COMMENT ON COLUMN prisoner_exchange.agreement.side_b IS 'The other side (e.g. Russia)';
COMMENT ON COLUMN prisoner_exchange.agreement.agreed_on IS 'Date the agreement was reached';
COMMENT ON COLUMN prisoner_exchange.agreement.agreed_at IS 'Where the agreement was reached (e.g. Istanbul)';
COMMENT ON COLUMN prisoner_exchange.agreement.mediator IS 'Mediating state or organisation, if any';
COMMENT ON COLUMN prisoner_exchange.agreement.quota IS 'Agreed number of people to return to each side; NULL for an open-ended agreement such as all-for-all';
COMMENT ON COLUMN prisoner_exchange.agreement.ratio IS 'Agreed ratio of people returned to side A and side B (1:1, or e.g. 1:3)';
COMMENT ON COLUMN prisoner_exchange.agreement.balance_rule IS 'each_phase: every phase keeps the ratio; overall: only the total must (checked through the quota); none: report only';
COMMENT ON COLUMN prisoner_exchange.agreement.source IS 'Public source of the agreement (URL or citation)';
COMMENT ON COLUMN prisoner_exchange.agreement.notes IS 'Free-text notes';

CREATE TABLE prisoner_exchange.phase (
	id bigserial PRIMARY KEY,
	agreement_id bigint NOT NULL REFERENCES prisoner_exchange.agreement (id),
	exchanged_on date NOT NULL,
	day_ordinal integer NOT NULL DEFAULT 1 CHECK (day_ordinal >= 1),
	counts prisoner_exchange.exchange_phase NOT NULL,
	place text,
	source text,
	notes text,
	CONSTRAINT phase_returns_someone CHECK (prisoner_exchange.total(counts) > 0),
	CONSTRAINT phase_order_unique UNIQUE (agreement_id, exchanged_on, day_ordinal)
);

COMMENT ON TABLE prisoner_exchange.phase IS
'One handover under an agreement: how many people each side received, when and where';
COMMENT ON COLUMN prisoner_exchange.phase.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.phase.agreement_id IS 'The agreement this handover belongs to';
COMMENT ON COLUMN prisoner_exchange.phase.exchanged_on IS 'Date of the handover; phases of an agreement are ordered by it';
COMMENT ON COLUMN prisoner_exchange.phase.day_ordinal IS 'Order among the agreement''s handovers of the same day (1, 2, ...)';
COMMENT ON COLUMN prisoner_exchange.phase.counts IS 'People returned to side A and to side B in this handover';
COMMENT ON COLUMN prisoner_exchange.phase.place IS 'Handover or transit place (e.g. the Belarus-Ukraine border)';
COMMENT ON COLUMN prisoner_exchange.phase.source IS 'Public source of the figures (URL or citation)';
COMMENT ON COLUMN prisoner_exchange.phase.notes IS 'Free-text notes';

CREATE TABLE prisoner_exchange.captive_estimate (
	id bigserial PRIMARY KEY,
	held_by text NOT NULL CHECK (held_by <> ''),
	captive_side text NOT NULL CHECK (captive_side <> ''),
	category text NOT NULL CHECK (category <> ''),
	as_of date,
	held_at_least bigint CHECK (held_at_least >= 0),
	returned bigint CHECK (returned >= 0),
	source text,
	notes text,
	CONSTRAINT captive_estimate_sides_differ CHECK (held_by <> captive_side),
	-- Those returned were held: more returned than held is a typing error
	-- that would show a negative number still held (1.3).
	CONSTRAINT captive_estimate_returned_within_held
		CHECK (returned IS NULL OR held_at_least IS NULL OR returned <= held_at_least),
	-- One undated estimate per key, like one per date (1.3).
	CONSTRAINT captive_estimate_unique
		UNIQUE NULLS NOT DISTINCT (held_by, captive_side, category, as_of)
);

COMMENT ON TABLE prisoner_exchange.captive_estimate IS
'A published estimate of how many people of one side another side holds, as of a date; unknown figures stay NULL';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.held_by IS 'The side holding the captives (e.g. Russia)';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.captive_side IS 'The side the captives belong to (e.g. Ukraine)';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.category IS 'Who is counted: military, civilian, ...';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.as_of IS 'Date the estimate refers to; NULL when the source gives none (it then counts as the oldest)';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.held_at_least IS 'Lower bound of the people held (including any since returned, when the source counts them so); NULL when not published';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.returned IS 'People of this count returned so far; NULL when not published';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.source IS 'Public source of the estimate (URL or citation)';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.notes IS 'Free-text notes';

CREATE INDEX phase_agreement_order ON prisoner_exchange.phase (agreement_id, exchanged_on, day_ordinal, id);

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.agreement', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.agreement_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.phase', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.phase_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.captive_estimate', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.captive_estimate_id_seq', '');

------------------------------------------------------------------------
-- Functions over quotas and totals, for the views and for users' own tables
------------------------------------------------------------------------

-- Not STRICT: an agreement with no phases has a NULL sum, which means
-- nothing returned yet, and a NULL quota means open-ended.
CREATE FUNCTION prisoner_exchange.remaining(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN quota OPERATOR(prisoner_exchange.-) COALESCE(returned, '0:0'::prisoner_exchange.exchange_phase);
COMMENT ON FUNCTION prisoner_exchange.remaining(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'What is left of a quota after the returned counts (NULL returned = nothing yet); NULL for an open-ended quota; an error (22003) if returned exceeds the quota';

CREATE FUNCTION prisoner_exchange.percent_complete(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN prisoner_exchange.total(quota) > 0
		THEN pg_catalog.round(100.0 * COALESCE(prisoner_exchange.total(returned), 0)
							  / prisoner_exchange.total(quota), 1)
	END;
COMMENT ON FUNCTION prisoner_exchange.percent_complete(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'People returned as a percentage of the quota, both sides together, to one decimal; NULL for an open-ended (or empty) quota';

CREATE FUNCTION prisoner_exchange.exchange_status(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
		WHEN quota IS NULL THEN 'open-ended'
		WHEN returned IS NULL OR prisoner_exchange.total(returned) = 0 THEN 'not started'
		WHEN returned OPERATOR(prisoner_exchange.=) quota THEN 'complete'
		ELSE 'in progress'
	END;
COMMENT ON FUNCTION prisoner_exchange.exchange_status(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'open-ended (no quota), not started, in progress or complete, from a quota and the counts returned so far';

CREATE FUNCTION prisoner_exchange.percent_of(part bigint, whole bigint)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN whole > 0 THEN pg_catalog.round(100.0 * part / whole, 1) END;
COMMENT ON FUNCTION prisoner_exchange.percent_of(bigint, bigint) IS
'part as a percentage of whole, to one decimal; NULL when either is unknown (NULL) or whole is 0, never a division error';

------------------------------------------------------------------------
-- The rules the database enforces on phases
------------------------------------------------------------------------
-- A phase may not take an agreement past its quota on either side and,
-- under each_phase, must keep the agreed ratio.  Concurrent writers are
-- serialized per agreement by a no-op UPDATE of the agreement row before
-- the phases are summed: a second writer waits for the first to commit,
-- and then, in READ COMMITTED, its sum sees the first one's phase; in
-- REPEATABLE READ or SERIALIZABLE it fails with a serialization error
-- instead of summing a stale snapshot, because the row it wants to update
-- has a newer version.  SELECT ... FOR UPDATE would lock without leaving a
-- new version, and so would let a REPEATABLE READ writer through.  The
-- update changes no value, so a pg_dump restore, which replays the phases
-- through this trigger, gives back the same rows.
--
-- SECURITY DEFINER so that a role allowed to record phases need not be
-- allowed to update agreements; it touches nothing but those two tables.

CREATE FUNCTION prisoner_exchange.phase_enforce_rules()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	deal record;
	locked_already boolean;
	others prisoner_exchange.exchange_phase;
	new_total prisoner_exchange.exchange_phase;
BEGIN
	-- No agreement: the NOT NULL constraint will say so, in its own words.
	IF TG_OP <> 'DELETE' AND NEW.agreement_id IS NULL THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'DELETE' THEN
		-- Removing a phase can break no rule, but a writer waiting for the
		-- room it frees must see it gone: lock like any change.
		UPDATE prisoner_exchange.agreement SET name = name WHERE id = OLD.agreement_id;
		RETURN OLD;
	END IF;

	-- A phase moved away changes the agreement it leaves, too.  Lock the
	-- two in id order, so that two opposite moves cannot deadlock.
	IF TG_OP = 'UPDATE' AND OLD.agreement_id < NEW.agreement_id THEN
		UPDATE prisoner_exchange.agreement SET name = name WHERE id = OLD.agreement_id;
	END IF;

	-- This transaction may hold the lock already, from an earlier phase of
	-- the same agreement: then another no-op version of the row would only
	-- lengthen its update chain, which every later lookup has to walk.
	SELECT a.xmin OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()::xid
	INTO locked_already
	FROM prisoner_exchange.agreement AS a WHERE a.id = NEW.agreement_id;
	IF locked_already THEN
		SELECT a.id, a.name, a.quota, a.ratio, a.balance_rule INTO deal
		FROM prisoner_exchange.agreement AS a WHERE a.id = NEW.agreement_id;
	ELSE
		UPDATE prisoner_exchange.agreement SET name = name
		WHERE id = NEW.agreement_id
		RETURNING id, name, quota, ratio, balance_rule INTO deal;
	END IF;
	IF deal.id IS NULL THEN
		RAISE EXCEPTION 'agreement % does not exist', NEW.agreement_id
			USING ERRCODE = 'foreign_key_violation',
				  TABLE = 'phase', COLUMN = 'agreement_id',
				  HINT = 'Record the agreement first, then its phases.';
	END IF;

	IF TG_OP = 'UPDATE' AND OLD.agreement_id > NEW.agreement_id THEN
		UPDATE prisoner_exchange.agreement SET name = name WHERE id = OLD.agreement_id;
	END IF;

	IF deal.balance_rule = 'each_phase'
	   AND NOT prisoner_exchange.is_balanced(NEW.counts, deal.ratio) THEN
		RAISE EXCEPTION 'phase % breaks the % ratio of agreement "%"',
			NEW.counts, deal.ratio, deal.name
			USING ERRCODE = 'check_violation',
				  TABLE = 'phase', CONSTRAINT = 'phase_keeps_ratio',
				  DETAIL = format('Under the balance rule each_phase every phase must keep %s; this one is off by %s (balance(counts, ratio)).',
								  deal.ratio, prisoner_exchange.balance(NEW.counts, deal.ratio)),
				  HINT = 'Correct the counts, or set the agreement''s balance_rule to ''overall'' or ''none'' if single phases may be unbalanced.';
	END IF;

	IF deal.quota IS NOT NULL THEN
		SELECT prisoner_exchange.sum(p.counts) INTO others
		FROM prisoner_exchange.phase AS p
		WHERE p.agreement_id = NEW.agreement_id
		  AND (TG_OP = 'INSERT' OR p.id <> OLD.id);
		new_total := COALESCE(others, '0:0') OPERATOR(prisoner_exchange.+) NEW.counts;
		IF NOT new_total OPERATOR(prisoner_exchange.<@) deal.quota THEN
			RAISE EXCEPTION 'phase % would exceed the quota % of agreement "%"',
				NEW.counts, deal.quota, deal.name
				USING ERRCODE = 'check_violation',
					  TABLE = 'phase', CONSTRAINT = 'phase_within_quota',
					  DETAIL = format('The other phases of the agreement add up to %s; with this one the total would be %s.',
									  COALESCE(others, '0:0'), new_total),
					  HINT = format('At most %s:%s can still be exchanged under this agreement.',
									GREATEST(prisoner_exchange.side_a(deal.quota) - prisoner_exchange.side_a(COALESCE(others, '0:0')), 0),
									GREATEST(prisoner_exchange.side_b(deal.quota) - prisoner_exchange.side_b(COALESCE(others, '0:0')), 0));
		END IF;
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.phase_enforce_rules() IS
'Trigger function: keeps every agreement within its quota and, under each_phase, every phase at the agreed ratio, serializing concurrent writers per agreement';

CREATE TRIGGER phase_enforce_rules
BEFORE INSERT OR UPDATE OR DELETE ON prisoner_exchange.phase
FOR EACH ROW EXECUTE FUNCTION prisoner_exchange.phase_enforce_rules();

-- Changing an agreement's quota, ratio or rule must not leave its recorded
-- phases in breach.  The row being updated is already locked by the UPDATE
-- itself, so phase writers wait for this check to commit.
CREATE FUNCTION prisoner_exchange.agreement_enforce_rules()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	returned prisoner_exchange.exchange_phase;
	unbalanced bigint;
BEGIN
	SELECT prisoner_exchange.sum(p.counts),
		   pg_catalog.count(*) FILTER (WHERE NOT prisoner_exchange.is_balanced(p.counts, NEW.ratio))
	INTO returned, unbalanced
	FROM prisoner_exchange.phase AS p
	WHERE p.agreement_id = OLD.id;

	IF NEW.quota IS NOT NULL AND returned IS NOT NULL
	   AND NOT returned OPERATOR(prisoner_exchange.<@) NEW.quota THEN
		RAISE EXCEPTION 'quota % of agreement "%" is below what its phases already returned, %',
			NEW.quota, NEW.name, returned
			USING ERRCODE = 'check_violation',
				  TABLE = 'agreement', CONSTRAINT = 'phase_within_quota',
				  HINT = 'Correct or remove phases first, or keep a quota that fits them.';
	END IF;
	IF NEW.balance_rule = 'each_phase' AND unbalanced > 0 THEN
		RAISE EXCEPTION 'agreement "%" has % phase(s) that do not keep the ratio %',
			NEW.name, unbalanced, NEW.ratio
			USING ERRCODE = 'check_violation',
				  TABLE = 'agreement', CONSTRAINT = 'phase_keeps_ratio',
				  HINT = 'Use balance_rule ''overall'' or ''none'' for this agreement, or correct those phases.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.agreement_enforce_rules() IS
'Trigger function: refuses a change of quota, ratio or balance rule that the agreement''s recorded phases would break';

CREATE TRIGGER agreement_enforce_rules
BEFORE UPDATE OF quota, ratio, balance_rule ON prisoner_exchange.agreement
FOR EACH ROW
WHEN ((OLD.quota IS NULL) <> (NEW.quota IS NULL)
	  OR OLD.quota OPERATOR(prisoner_exchange.<>) NEW.quota
	  OR OLD.ratio OPERATOR(prisoner_exchange.<>) NEW.ratio
	  OR OLD.balance_rule IS DISTINCT FROM NEW.balance_rule)
EXECUTE FUNCTION prisoner_exchange.agreement_enforce_rules();

------------------------------------------------------------------------
-- Views: totals, remaining quota and captive ratios, in plain SQL types
------------------------------------------------------------------------
-- Every column is a standard SQL type (integer, bigint, numeric, text,
-- date, boolean), so that BI tools and drivers that do not know
-- exchange_phase read counts as numbers and never list a column of an
-- unknown type.  The typed values stay in the tables (agreement.quota,
-- agreement.ratio, phase.counts), and exchange_phase(x_side_a, x_side_b)
-- rebuilds one from any pair of columns here.  None of these views shows
-- a person.

CREATE VIEW prisoner_exchange.agreement_progress AS
SELECT a.id AS agreement_id,
	   a.name AS agreement_name,
	   a.side_a,
	   a.side_b,
	   a.agreed_on,
	   a.agreed_at,
	   a.mediator,
	   a.balance_rule,
	   prisoner_exchange.side_a(a.ratio) AS ratio_side_a,
	   prisoner_exchange.side_b(a.ratio) AS ratio_side_b,
	   prisoner_exchange.side_a(a.quota) AS quota_side_a,
	   prisoner_exchange.side_b(a.quota) AS quota_side_b,
	   prisoner_exchange.total(a.quota) AS quota_total,
	   COALESCE(prisoner_exchange.side_a(t.returned), 0) AS returned_side_a,
	   COALESCE(prisoner_exchange.side_b(t.returned), 0) AS returned_side_b,
	   COALESCE(prisoner_exchange.total(t.returned), 0) AS returned_total,
	   prisoner_exchange.side_a(prisoner_exchange.remaining(a.quota, t.returned)) AS remaining_side_a,
	   prisoner_exchange.side_b(prisoner_exchange.remaining(a.quota, t.returned)) AS remaining_side_b,
	   prisoner_exchange.total(prisoner_exchange.remaining(a.quota, t.returned)) AS remaining_total,
	   prisoner_exchange.percent_complete(a.quota, t.returned) AS percent_complete,
	   t.phase_count,
	   t.first_exchanged_on,
	   t.last_exchanged_on,
	   t.unbalanced_phases,
	   prisoner_exchange.balance(COALESCE(t.returned, '0:0'), a.ratio) AS balance,
	   CASE a.balance_rule
		   WHEN 'each_phase' THEN t.unbalanced_phases = 0
		   WHEN 'overall' THEN
			   CASE WHEN prisoner_exchange.exchange_status(a.quota, t.returned) = 'complete'
				   THEN prisoner_exchange.is_balanced(t.returned, a.ratio) END
		   ELSE prisoner_exchange.is_balanced(COALESCE(t.returned, '0:0'), a.ratio)
	   END AS balance_kept,
	   prisoner_exchange.exchange_status(a.quota, t.returned) AS status
FROM prisoner_exchange.agreement AS a
CROSS JOIN LATERAL (
	SELECT prisoner_exchange.sum(p.counts) AS returned,
		   pg_catalog.count(*) AS phase_count,
		   pg_catalog.min(p.exchanged_on) AS first_exchanged_on,
		   pg_catalog.max(p.exchanged_on) AS last_exchanged_on,
		   pg_catalog.count(*) FILTER (WHERE NOT prisoner_exchange.is_balanced(p.counts, a.ratio)) AS unbalanced_phases
	FROM prisoner_exchange.phase AS p
	WHERE p.agreement_id = a.id
) AS t;

COMMENT ON VIEW prisoner_exchange.agreement_progress IS
'One row per agreement: quota, people returned and remaining on each side, percent complete, phases, balance and status';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.agreement_id IS 'agreement.id';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.agreement_name IS 'agreement.name';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.side_a IS 'The side counted first (agreement.side_a)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.side_b IS 'The other side (agreement.side_b)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.agreed_on IS 'Date the agreement was reached';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.agreed_at IS 'Where the agreement was reached';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.mediator IS 'Mediator, if any';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.balance_rule IS 'each_phase, overall or none (see agreement.balance_rule)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.ratio_side_a IS 'Agreed ratio, side A part (1 in 1:3)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.ratio_side_b IS 'Agreed ratio, side B part (3 in 1:3)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.quota_side_a IS 'People to return to side A under the quota; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.quota_side_b IS 'People to return to side B under the quota; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.quota_total IS 'Both sides of the quota together; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_side_a IS 'People returned to side A so far (0 before the first phase)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_side_b IS 'People returned to side B so far (0 before the first phase)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_total IS 'People returned to both sides so far';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.remaining_side_a IS 'Quota left for side A; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.remaining_side_b IS 'Quota left for side B; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.remaining_total IS 'Quota left for both sides together; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.percent_complete IS 'returned_total as a percentage of quota_total, one decimal; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.phase_count IS 'Number of phases recorded';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.first_exchanged_on IS 'Date of the first phase; NULL before it';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.last_exchanged_on IS 'Date of the latest phase; NULL before the first';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.unbalanced_phases IS 'Phases that do not keep the agreed ratio (always 0 under each_phase)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.balance IS 'balance(returned, ratio): 0 when the total so far keeps the ratio, positive when side A received more than its share';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.balance_kept IS 'Whether the balance rule is kept: each_phase, every phase balanced; overall, the total balanced once complete (NULL until then); none, the total so far balanced';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.status IS 'not started, in progress, complete, or open-ended (no quota)';

CREATE VIEW prisoner_exchange.phase_progress AS
SELECT r.phase_id,
	   r.agreement_id,
	   r.agreement_name,
	   r.exchanged_on,
	   r.day_ordinal,
	   r.phase_number,
	   prisoner_exchange.side_a(r.counts) AS returned_side_a,
	   prisoner_exchange.side_b(r.counts) AS returned_side_b,
	   prisoner_exchange.total(r.counts) AS returned_total,
	   prisoner_exchange.side_a(r.cumulative) AS cumulative_side_a,
	   prisoner_exchange.side_b(r.cumulative) AS cumulative_side_b,
	   prisoner_exchange.total(r.cumulative) AS cumulative_total,
	   prisoner_exchange.side_a(prisoner_exchange.remaining(r.quota, r.cumulative)) AS remaining_side_a,
	   prisoner_exchange.side_b(prisoner_exchange.remaining(r.quota, r.cumulative)) AS remaining_side_b,
	   prisoner_exchange.total(prisoner_exchange.remaining(r.quota, r.cumulative)) AS remaining_total,
	   prisoner_exchange.percent_complete(r.quota, r.cumulative) AS percent_complete,
	   prisoner_exchange.exchange_status(r.quota, r.cumulative) AS status_after,
	   prisoner_exchange.is_balanced(r.counts, r.ratio) AS keeps_ratio,
	   prisoner_exchange.balance(r.counts, r.ratio) AS balance,
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
		   prisoner_exchange.sum(p.counts) OVER in_order AS cumulative,
		   a.quota,
		   a.ratio,
		   p.place,
		   p.source
	FROM prisoner_exchange.phase AS p
	JOIN prisoner_exchange.agreement AS a ON a.id = p.agreement_id
	WINDOW in_order AS (PARTITION BY p.agreement_id
						ORDER BY p.exchanged_on, p.day_ordinal, p.id
						ROWS UNBOUNDED PRECEDING)
) AS r;

COMMENT ON VIEW prisoner_exchange.phase_progress IS
'One row per phase: its counts, the running totals after it, what remains of the quota and whether it kept the ratio';
COMMENT ON COLUMN prisoner_exchange.phase_progress.phase_id IS 'phase.id';
COMMENT ON COLUMN prisoner_exchange.phase_progress.agreement_id IS 'agreement.id';
COMMENT ON COLUMN prisoner_exchange.phase_progress.agreement_name IS 'agreement.name';
COMMENT ON COLUMN prisoner_exchange.phase_progress.exchanged_on IS 'Date of the handover';
COMMENT ON COLUMN prisoner_exchange.phase_progress.day_ordinal IS 'Order among the agreement''s handovers of that day';
COMMENT ON COLUMN prisoner_exchange.phase_progress.phase_number IS 'Position of the phase within its agreement: 1, 2, ...';
COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_side_a IS 'People returned to side A in this phase';
COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_side_b IS 'People returned to side B in this phase';
COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_total IS 'People returned to both sides in this phase';
COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_side_a IS 'People returned to side A up to and including this phase';
COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_side_b IS 'People returned to side B up to and including this phase';
COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_total IS 'People returned to both sides up to and including this phase';
COMMENT ON COLUMN prisoner_exchange.phase_progress.remaining_side_a IS 'Quota left for side A after this phase; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.phase_progress.remaining_side_b IS 'Quota left for side B after this phase; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.phase_progress.remaining_total IS 'Quota left for both sides after this phase; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.phase_progress.percent_complete IS 'cumulative_total as a percentage of the quota, one decimal; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.phase_progress.status_after IS 'The agreement''s status right after this phase: in progress or complete (open-ended without a quota)';
COMMENT ON COLUMN prisoner_exchange.phase_progress.keeps_ratio IS 'Whether this phase keeps the agreed ratio';
COMMENT ON COLUMN prisoner_exchange.phase_progress.balance IS 'balance(counts, ratio): 0 when kept, positive when side A received more than its share';
COMMENT ON COLUMN prisoner_exchange.phase_progress.place IS 'Handover or transit place';
COMMENT ON COLUMN prisoner_exchange.phase_progress.source IS 'Public source of the figures';

CREATE VIEW prisoner_exchange.captive_ratios AS
SELECT e.id AS estimate_id,
	   e.held_by,
	   e.captive_side,
	   e.category,
	   e.as_of,
	   e.held_at_least,
	   e.returned,
	   e.held_at_least - e.returned AS still_held_at_least,
	   prisoner_exchange.percent_of(e.returned, e.held_at_least) AS percent_returned,
	   e.held_at_least IS NOT NULL AS held_is_published,
	   e.source
FROM (
	SELECT DISTINCT ON (c.held_by, c.captive_side, c.category) c.*
	FROM prisoner_exchange.captive_estimate AS c
	ORDER BY c.held_by, c.captive_side, c.category, c.as_of DESC NULLS LAST, c.id DESC
) AS e;

COMMENT ON VIEW prisoner_exchange.captive_ratios IS
'The latest estimate of each (holder, captives, category): held, returned, still held and the share returned; unknown stays NULL';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.estimate_id IS 'captive_estimate.id of the latest estimate';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.held_by IS 'The side holding the captives';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.captive_side IS 'The side the captives belong to';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.category IS 'military, civilian, ...';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.as_of IS 'Date of the estimate';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.held_at_least IS 'At least this many held; NULL when not published (unknown, not zero)';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.returned IS 'Returned so far; NULL when not published';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.still_held_at_least IS 'held_at_least - returned; NULL when either is unknown';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.percent_returned IS 'returned as a percentage of held_at_least, one decimal; NULL when either is unknown';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.held_is_published IS 'false when the holder''s number was not published';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.source IS 'Public source of the estimate';

-- For each agreement and each receiving side, the share of that side's
-- known captives that the agreement covers.  The estimate used is the
-- latest one on or before the agreement's date, or failing that the first
-- one after it (the latest of all when the agreement has no date).
CREATE VIEW prisoner_exchange.agreement_coverage AS
SELECT a.id AS agreement_id,
	   a.name AS agreement_name,
	   s.receiving_side,
	   s.holding_side,
	   e.category,
	   e.as_of AS estimate_as_of,
	   e.held_at_least,
	   s.quota_for_side,
	   s.returned_for_side,
	   prisoner_exchange.percent_of(s.quota_for_side, e.held_at_least) AS quota_percent_of_held,
	   prisoner_exchange.percent_of(s.returned_for_side, e.held_at_least) AS returned_percent_of_held
FROM prisoner_exchange.agreement AS a
CROSS JOIN LATERAL (
	SELECT prisoner_exchange.sum(p.counts) AS returned
	FROM prisoner_exchange.phase AS p
	WHERE p.agreement_id = a.id
) AS t
CROSS JOIN LATERAL (
	VALUES (a.side_a, a.side_b,
			prisoner_exchange.side_a(a.quota)::bigint,
			COALESCE(prisoner_exchange.side_a(t.returned), 0)::bigint),
		   (a.side_b, a.side_a,
			prisoner_exchange.side_b(a.quota)::bigint,
			COALESCE(prisoner_exchange.side_b(t.returned), 0)::bigint)
) AS s (receiving_side, holding_side, quota_for_side, returned_for_side)
LEFT JOIN LATERAL (
	SELECT DISTINCT ON (c.category) c.category, c.as_of, c.held_at_least
	FROM prisoner_exchange.captive_estimate AS c
	WHERE c.captive_side = s.receiving_side
	  AND c.held_by = s.holding_side
	ORDER BY c.category,
			 COALESCE(c.as_of <= a.agreed_on, true) DESC,
			 CASE WHEN COALESCE(c.as_of <= a.agreed_on, true) THEN c.as_of END DESC NULLS LAST,
			 c.as_of,
			 c.id DESC
) AS e ON true;

COMMENT ON VIEW prisoner_exchange.agreement_coverage IS
'For each agreement, receiving side and captive category: the share of the captives known to be held that its quota and its returns cover';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.agreement_id IS 'agreement.id';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.agreement_name IS 'agreement.name';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.receiving_side IS 'The side whose people come home';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.holding_side IS 'The side holding them';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.category IS 'Category of the estimate (military, civilian, ...); NULL when there is no estimate';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.estimate_as_of IS 'Date of the estimate used: the latest on or before the agreement date, else the first after it';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.held_at_least IS 'At least this many held; NULL when not published (unknown, not zero)';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.quota_for_side IS 'The agreement''s quota for the receiving side; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.returned_for_side IS 'People returned to the receiving side under the agreement so far';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.quota_percent_of_held IS 'quota_for_side as a percentage of held_at_least, one decimal; NULL when either is unknown';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.returned_percent_of_held IS 'returned_for_side as a percentage of held_at_least, one decimal; NULL when either is unknown';

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

------------------------------------------------------------------------
-- People and lists
------------------------------------------------------------------------
-- The registry of one's own people, the lists of names the other side
-- sends, and their reconciliation.  These tables hold personal data:
-- nothing is granted to PUBLIC, and no aggregate view shows a name.

CREATE TABLE prisoner_exchange.person (
	id bigserial PRIMARY KEY,
	full_name text NOT NULL,
	birth_date date,
	birth_year integer,
	category text,
	service text,
	unit text,
	place text,
	status text NOT NULL DEFAULT 'held',
	returned_in_phase_id bigint REFERENCES prisoner_exchange.phase (id),
	notes text,
	CONSTRAINT person_name_has_letters CHECK (prisoner_exchange.name_has_letters(full_name)),
	CONSTRAINT person_birth_year_plausible CHECK (birth_year BETWEEN 1900 AND 2100),
	CONSTRAINT person_birth_date_matches_year
		CHECK (birth_date IS NULL OR birth_year IS NULL
			   OR pg_catalog.date_part('year', birth_date) = birth_year),
	CONSTRAINT person_category_known CHECK (category IN ('military', 'civilian')),
	CONSTRAINT person_status_known CHECK (status IN ('held', 'returned', 'died', 'missing')),
	CONSTRAINT person_returned_by_phase
		CHECK (returned_in_phase_id IS NULL OR status = 'returned')
);

COMMENT ON TABLE prisoner_exchange.person IS
'The registry: one''s own people who are or were held, with what identifies them (personal data)';
COMMENT ON COLUMN prisoner_exchange.person.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.person.full_name IS 'Full name as written in the registry, in any script and word order';
COMMENT ON COLUMN prisoner_exchange.person.birth_date IS 'Date of birth, where known';
COMMENT ON COLUMN prisoner_exchange.person.birth_year IS 'Year of birth, where only the year is known (must agree with birth_date if both are given)';
COMMENT ON COLUMN prisoner_exchange.person.category IS 'military or civilian';
COMMENT ON COLUMN prisoner_exchange.person.service IS 'Service, e.g. Armed Forces, State Border Guard Service, National Guard';
COMMENT ON COLUMN prisoner_exchange.person.unit IS 'Unit, where known';
COMMENT ON COLUMN prisoner_exchange.person.place IS 'Where captured or where serving (e.g. Mariupol, Donetsk, Kherson)';
COMMENT ON COLUMN prisoner_exchange.person.status IS 'held, returned, died or missing';
COMMENT ON COLUMN prisoner_exchange.person.returned_in_phase_id IS 'The phase that brought the person home (status returned)';
COMMENT ON COLUMN prisoner_exchange.person.notes IS 'Free-text notes';

-- fastupdate off: with GIN's pending list, names inserted since the last
-- vacuum are scanned linearly by every lookup, and reconciling a list
-- right after loading a registry of 100,000 took 1.3 s instead of 0.08 s.
-- Loading is slower instead (about 22 µs a name against 11), once.
CREATE INDEX person_name_match ON prisoner_exchange.person
	USING gin (full_name prisoner_exchange.name_match_ops) WITH (fastupdate = off);
CREATE INDEX person_returned_in_phase ON prisoner_exchange.person (returned_in_phase_id);

-- A phase cannot have brought home more people of the registry than it
-- returned.  The registry does not record which side a person belongs to,
-- so the bound is the larger of the phase's two counts (1.3).  Checked once
-- per statement, over the phases it touched.  Writers are serialized as the
-- phase rules do it, by a no-op update of each agreement concerned: a
-- second transaction linking people to the same phase waits, and then
-- counts the first one's people (READ COMMITTED) or fails with a
-- serialization error (REPEATABLE READ, SERIALIZABLE).  A lock without a
-- new row version would let a REPEATABLE READ writer count a stale snapshot.
CREATE FUNCTION prisoner_exchange.phase_people_within_counts()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	touched bigint[];
	deal bigint;
	breach record;
BEGIN
	IF TG_TABLE_NAME = 'person' THEN
		SELECT pg_catalog.array_agg(DISTINCT c.returned_in_phase_id) INTO touched
		FROM changed AS c WHERE c.returned_in_phase_id IS NOT NULL;
	ELSE
		SELECT pg_catalog.array_agg(c.id) INTO touched FROM changed AS c;
	END IF;
	IF touched IS NULL THEN
		RETURN NULL;
	END IF;
	FOR deal IN
		SELECT DISTINCT ph.agreement_id FROM prisoner_exchange.phase AS ph
		WHERE ph.id OPERATOR(pg_catalog.=) ANY (touched)
		ORDER BY ph.agreement_id
	LOOP
		-- Already locked by this transaction (by the phase rules, say):
		-- another version of the row would only lengthen its chain.
		UPDATE prisoner_exchange.agreement AS a SET name = a.name
		WHERE a.id = deal
		  AND a.xmin OPERATOR(pg_catalog.<>) pg_catalog.pg_current_xact_id()::xid;
	END LOOP;
	SELECT ph.id, ph.counts, linked.people INTO breach
	FROM prisoner_exchange.phase AS ph
	CROSS JOIN LATERAL (
		SELECT pg_catalog.count(*) AS people
		FROM prisoner_exchange.person AS p
		WHERE p.returned_in_phase_id = ph.id
	) AS linked
	WHERE ph.id OPERATOR(pg_catalog.=) ANY (touched)
	  AND linked.people > GREATEST(prisoner_exchange.side_a(ph.counts),
								   prisoner_exchange.side_b(ph.counts))
	ORDER BY ph.id
	LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'phase % returned % but % people of the registry are linked to it',
			breach.id, breach.counts, breach.people
			USING ERRCODE = 'check_violation',
				  TABLE = TG_TABLE_NAME, CONSTRAINT = 'phase_people_within_counts',
				  DETAIL = 'The people linked to a phase (person.returned_in_phase_id) can be at most the larger of its two counts.',
				  HINT = 'Link each person to the phase that brought them home, or correct the phase''s counts.';
	END IF;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.phase_people_within_counts() IS
'Trigger function: refuses a statement that leaves a phase with more registry people linked to it than the larger of its two counts';

CREATE TRIGGER person_linked_within_counts_insert
AFTER INSERT ON prisoner_exchange.person
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_people_within_counts();
CREATE TRIGGER person_linked_within_counts_update
AFTER UPDATE ON prisoner_exchange.person
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_people_within_counts();
CREATE TRIGGER phase_counts_cover_people
AFTER UPDATE ON prisoner_exchange.phase
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_people_within_counts();

CREATE TABLE prisoner_exchange.exchange_list (
	id bigserial PRIMARY KEY,
	agreement_id bigint REFERENCES prisoner_exchange.agreement (id),
	sent_by text NOT NULL CHECK (sent_by <> ''),
	received_on date,
	title text,
	source text,
	notes text
);

COMMENT ON TABLE prisoner_exchange.exchange_list IS
'A list of names sent by one side before an exchange';
COMMENT ON COLUMN prisoner_exchange.exchange_list.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.exchange_list.agreement_id IS 'The agreement the list belongs to, where known';
COMMENT ON COLUMN prisoner_exchange.exchange_list.sent_by IS 'The side that sent the list';
COMMENT ON COLUMN prisoner_exchange.exchange_list.received_on IS 'Date the list was received';
COMMENT ON COLUMN prisoner_exchange.exchange_list.title IS 'A label for the list';
COMMENT ON COLUMN prisoner_exchange.exchange_list.source IS 'Where the list came from';
COMMENT ON COLUMN prisoner_exchange.exchange_list.notes IS 'Free-text notes';

CREATE TABLE prisoner_exchange.list_entry (
	id bigserial PRIMARY KEY,
	list_id bigint NOT NULL REFERENCES prisoner_exchange.exchange_list (id) ON DELETE CASCADE,
	line_number integer NOT NULL CHECK (line_number >= 1),
	name_as_written text NOT NULL,
	birth_date date,
	birth_year integer,
	notes text,
	CONSTRAINT list_entry_line_unique UNIQUE (list_id, line_number),
	CONSTRAINT list_entry_name_has_letters CHECK (prisoner_exchange.name_has_letters(name_as_written)),
	CONSTRAINT list_entry_birth_year_plausible CHECK (birth_year BETWEEN 1900 AND 2100),
	CONSTRAINT list_entry_birth_date_matches_year
		CHECK (birth_date IS NULL OR birth_year IS NULL
			   OR pg_catalog.date_part('year', birth_date) = birth_year)
);

COMMENT ON TABLE prisoner_exchange.list_entry IS
'One line of a list, as written by the other side (personal data)';
COMMENT ON COLUMN prisoner_exchange.list_entry.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.list_entry.list_id IS 'The list';
COMMENT ON COLUMN prisoner_exchange.list_entry.line_number IS 'Line number in the list (1, 2, ...)';
COMMENT ON COLUMN prisoner_exchange.list_entry.name_as_written IS 'The name exactly as the list gives it: any script, transliteration, order, initials';
COMMENT ON COLUMN prisoner_exchange.list_entry.birth_date IS 'Date of birth, where the list gives it';
COMMENT ON COLUMN prisoner_exchange.list_entry.birth_year IS 'Year of birth, where the list gives only the year';
COMMENT ON COLUMN prisoner_exchange.list_entry.notes IS 'Free-text notes';

-- The result of the latest reconcile() of each entry.  Replaced by every
-- run; a person's decision lives apart, in list_entry_decision.
CREATE TABLE prisoner_exchange.list_entry_match (
	entry_id bigint PRIMARY KEY REFERENCES prisoner_exchange.list_entry (id) ON DELETE CASCADE,
	best_person_id bigint REFERENCES prisoner_exchange.person (id) ON DELETE SET NULL,
	best_score real,
	runner_up_person_id bigint REFERENCES prisoner_exchange.person (id) ON DELETE SET NULL,
	runner_up_score real,
	candidates integer NOT NULL,
	verdict text NOT NULL CHECK (verdict IN ('matched', 'ambiguous', 'not in registry')),
	reconciled_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

COMMENT ON TABLE prisoner_exchange.list_entry_match IS
'What the latest reconcile() found for each list entry: best candidate, runner-up and verdict';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.entry_id IS 'The list entry';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.best_person_id IS 'The best registry candidate, if any';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.best_score IS 'Its score: name similarity, adjusted by birth year where both give one';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.runner_up_person_id IS 'The second-best candidate, if any';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.runner_up_score IS 'Its score';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.candidates IS 'How many registry names matched (%~)';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.verdict IS 'matched, ambiguous (the runner-up is too close: a person must decide) or not in registry';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.reconciled_at IS 'When reconcile() computed this row';

-- Decisions taken by a person.  reconcile() never writes here, and nor
-- does anyone else directly: editors decide through confirm_entry() and
-- revise_entry(), the author and the time come from the session, and a
-- changed or removed decision is kept in list_entry_decision_history (1.3).
CREATE TABLE prisoner_exchange.list_entry_decision (
	entry_id bigint PRIMARY KEY REFERENCES prisoner_exchange.list_entry (id) ON DELETE CASCADE,
	person_id bigint REFERENCES prisoner_exchange.person (id),
	decided_by text NOT NULL DEFAULT SESSION_USER,
	decided_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	note text
);

COMMENT ON TABLE prisoner_exchange.list_entry_decision IS
'A person''s decision on a list entry: which registry person it is, or (person_id NULL) that it is not in the registry; written only by confirm_entry() and revise_entry(), never by reconcile()';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision.entry_id IS 'The list entry';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision.person_id IS 'The registry person confirmed; NULL: confirmed not in the registry';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision.decided_by IS 'Who decided: the session''s login role (session_user), set by the database';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision.decided_at IS 'When: the deciding transaction''s start, set by the database';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision.note IS 'Why, or on what evidence';

CREATE TABLE prisoner_exchange.list_entry_decision_history (
	id bigserial PRIMARY KEY,
	entry_id bigint NOT NULL,
	person_id bigint,
	decided_by text NOT NULL,
	decided_at timestamptz NOT NULL,
	note text,
	change text NOT NULL CHECK (change IN ('revised', 'removed')),
	changed_by text NOT NULL,
	changed_at timestamptz NOT NULL
);

COMMENT ON TABLE prisoner_exchange.list_entry_decision_history IS
'Every decision that was revised or removed, as it stood before, with who changed it and when; written by triggers only (1.3)';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision_history.id IS 'Order of the changes';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision_history.entry_id IS 'The list entry (kept after the entry itself is deleted)';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision_history.person_id IS 'The registry person the old decision confirmed; NULL: not in the registry';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision_history.decided_by IS 'Who took the old decision';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision_history.decided_at IS 'When the old decision was taken';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision_history.note IS 'The old decision''s note';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision_history.change IS 'revised (replaced by a new decision) or removed (its entry or list deleted)';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision_history.changed_by IS 'Who revised or removed it (session_user)';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision_history.changed_at IS 'When';

-- The author and the time come from the session, whatever the statement
-- says: nobody can date a decision back or sign it with another name.
-- A superuser's session may insert a decision as it was, so that
-- pg_restore brings the trail back unchanged; a superuser can bypass any
-- rule in any case, and the threat model says so.
CREATE FUNCTION prisoner_exchange.list_entry_decision_stamp()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP = 'UPDATE'
	   OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r
					  WHERE r.rolname = pg_catalog.session_user() AND r.rolsuper) THEN
		NEW.decided_by := pg_catalog.session_user();
		NEW.decided_at := pg_catalog.now();
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.list_entry_decision_stamp() IS
'Trigger function: sets a decision''s decided_by to the session''s login role and decided_at to the transaction''s start (a superuser''s insert, as by pg_restore, is kept as given)';

CREATE TRIGGER list_entry_decision_stamp
BEFORE INSERT OR UPDATE ON prisoner_exchange.list_entry_decision
FOR EACH ROW EXECUTE FUNCTION prisoner_exchange.list_entry_decision_stamp();

-- SECURITY DEFINER: no editor may write the history himself.
CREATE FUNCTION prisoner_exchange.list_entry_decision_keep()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	INSERT INTO prisoner_exchange.list_entry_decision_history
		(entry_id, person_id, decided_by, decided_at, note, change, changed_by, changed_at)
	VALUES (OLD.entry_id, OLD.person_id, OLD.decided_by, OLD.decided_at, OLD.note,
			CASE TG_OP WHEN 'UPDATE' THEN 'revised' ELSE 'removed' END,
			pg_catalog.session_user(), pg_catalog.now());
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.list_entry_decision_keep() IS
'Trigger function: keeps a revised or removed decision in list_entry_decision_history';

CREATE TRIGGER list_entry_decision_keep
AFTER UPDATE OR DELETE ON prisoner_exchange.list_entry_decision
FOR EACH ROW EXECUTE FUNCTION prisoner_exchange.list_entry_decision_keep();

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.person', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.person_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.exchange_list', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.exchange_list_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.list_entry', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.list_entry_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.list_entry_match', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.list_entry_decision', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.list_entry_decision_history', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.list_entry_decision_history_id_seq', '');

-- How far a candidate's birth year agrees with the entry's: the score
-- gains a little for the same year, loses a little for a year apart (a
-- slip) and a lot for more.  NULL on either side changes nothing.
CREATE FUNCTION prisoner_exchange.birth_year_adjustment(entry_year integer, person_year integer)
RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
		WHEN entry_year IS NULL OR person_year IS NULL THEN 0
		WHEN entry_year = person_year THEN 0.05
		WHEN pg_catalog.abs(entry_year - person_year) = 1 THEN -0.05
		ELSE -0.3
	END;
COMMENT ON FUNCTION prisoner_exchange.birth_year_adjustment(integer, integer) IS
'Score adjustment from birth years: +0.05 same year, -0.05 one year apart, -0.3 further apart, 0 when either is unknown';

-- reconcile(list_id): rank the registry candidates of every entry of one
-- list and record the verdicts.  Each entry costs one probe of the GIN
-- index on person.full_name (the %~ join), never a scan of the registry.
-- Not PARALLEL SAFE: it writes.  SECURITY DEFINER (1.3): it alone writes
-- list_entry_match, so that no match is recorded that it did not compute;
-- EXECUTE is for editors only.
CREATE FUNCTION prisoner_exchange.reconcile(list bigint, ambiguity_margin real DEFAULT 0.05)
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

	-- A candidate whose birth year disagrees can fall below the threshold:
	-- it is then no candidate at all.
	threshold := prisoner_exchange.name_match_threshold();

	WITH scored AS (
		SELECT e.id AS entry_id, p.id AS person_id,
			   prisoner_exchange.name_similarity(p.full_name, e.name_as_written)
			   + prisoner_exchange.birth_year_adjustment(
					 COALESCE(date_part('year', e.birth_date)::integer, e.birth_year),
					 COALESCE(date_part('year', p.birth_date)::integer, p.birth_year))
			   AS score
		FROM prisoner_exchange.list_entry AS e
		JOIN prisoner_exchange.person AS p
		  ON p.full_name OPERATOR(prisoner_exchange.%~) e.name_as_written
		WHERE e.list_id = list
	), ranked AS (
		SELECT s.entry_id, s.person_id, s.score,
			   row_number() OVER (PARTITION BY s.entry_id ORDER BY s.score DESC, s.person_id) AS rank,
			   count(*) OVER (PARTITION BY s.entry_id) AS candidates
		FROM scored AS s
		WHERE s.score >= threshold
	)
	INSERT INTO prisoner_exchange.list_entry_match
		(entry_id, best_person_id, best_score, runner_up_person_id, runner_up_score,
		 candidates, verdict)
	SELECT e.id, best.person_id, best.score, second.person_id, second.score,
		   COALESCE(best.candidates, 0),
		   CASE
			   WHEN best.person_id IS NULL THEN 'not in registry'
			   WHEN second.person_id IS NOT NULL
					AND best.score - second.score < ambiguity_margin THEN 'ambiguous'
			   ELSE 'matched'
		   END
	FROM prisoner_exchange.list_entry AS e
	LEFT JOIN ranked AS best ON best.entry_id = e.id AND best.rank = 1
	LEFT JOIN ranked AS second ON second.entry_id = e.id AND second.rank = 2
	WHERE e.list_id = list;

	RETURN QUERY
		SELECT m.verdict, pg_catalog.count(*)
		FROM prisoner_exchange.list_entry_match AS m
		JOIN prisoner_exchange.list_entry AS e ON e.id = m.entry_id
		WHERE e.list_id = list
		GROUP BY m.verdict ORDER BY m.verdict;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.reconcile(bigint, real) IS
'Ranks the registry candidates of every entry of a list (%~ through the GIN index, then name similarity adjusted by birth year) and records best, runner-up and verdict in list_entry_match; never touches list_entry_decision';

-- Decisions are written through these two functions only (1.3).
CREATE FUNCTION prisoner_exchange.confirm_entry(entry bigint, person bigint, note text DEFAULT NULL)
RETURNS prisoner_exchange.list_entry_decision
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	decision prisoner_exchange.list_entry_decision;
BEGIN
	IF EXISTS (SELECT 1 FROM prisoner_exchange.list_entry_decision AS d
			   WHERE d.entry_id = confirm_entry.entry) THEN
		RAISE EXCEPTION 'list entry % is already decided', confirm_entry.entry
			USING ERRCODE = 'unique_violation',
				  HINT = 'Change a decision with revise_entry(entry, person, note); the old one is kept in list_entry_decision_history.';
	END IF;
	INSERT INTO prisoner_exchange.list_entry_decision AS d (entry_id, person_id, note)
	VALUES (confirm_entry.entry, confirm_entry.person, confirm_entry.note)
	RETURNING d.* INTO decision;
	RETURN decision;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.confirm_entry(bigint, bigint, text) IS
'Records a person''s decision on a list entry (person NULL: not in the registry), signed with the session''s login role and time; an entry already decided is refused (23505): use revise_entry()';

CREATE FUNCTION prisoner_exchange.revise_entry(entry bigint, person bigint, note text)
RETURNS prisoner_exchange.list_entry_decision
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	decision prisoner_exchange.list_entry_decision;
BEGIN
	IF pg_catalog.btrim(COALESCE(revise_entry.note, '')) = '' THEN
		RAISE EXCEPTION 'revising the decision on list entry % needs a note', revise_entry.entry
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Say why the decision changes, e.g. revise_entry(12, 307, ''birth date checked with the family'').';
	END IF;
	UPDATE prisoner_exchange.list_entry_decision AS d
	SET person_id = revise_entry.person, note = revise_entry.note
	WHERE d.entry_id = revise_entry.entry
	RETURNING d.* INTO decision;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'list entry % has no decision to revise', revise_entry.entry
			USING ERRCODE = 'no_data_found',
				  HINT = 'Record a first decision with confirm_entry(entry, person, note).';
	END IF;
	RETURN decision;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.revise_entry(bigint, bigint, text) IS
'Replaces the decision on a list entry (person NULL: not in the registry), with a note saying why; the old decision is kept in list_entry_decision_history';

CREATE VIEW prisoner_exchange.list_reconciliation AS
SELECT e.list_id,
	   e.id AS entry_id,
	   e.line_number,
	   e.name_as_written,
	   COALESCE(pg_catalog.date_part('year', e.birth_date)::integer, e.birth_year) AS birth_year,
	   m.best_person_id,
	   best.full_name AS best_name,
	   COALESCE(pg_catalog.date_part('year', best.birth_date)::integer, best.birth_year) AS best_birth_year,
	   m.best_score,
	   m.runner_up_person_id,
	   second.full_name AS runner_up_name,
	   m.runner_up_score,
	   m.best_score - m.runner_up_score AS margin,
	   m.candidates,
	   CASE
		   WHEN d.entry_id IS NOT NULL AND d.person_id IS NULL THEN 'confirmed not in registry'
		   WHEN d.entry_id IS NOT NULL THEN 'confirmed'
		   ELSE m.verdict
	   END AS verdict,
	   m.verdict AS computed_verdict,
	   d.person_id AS confirmed_person_id,
	   d.decided_by,
	   d.decided_at,
	   m.reconciled_at
FROM prisoner_exchange.list_entry AS e
LEFT JOIN prisoner_exchange.list_entry_match AS m ON m.entry_id = e.id
LEFT JOIN prisoner_exchange.person AS best ON best.id = m.best_person_id
LEFT JOIN prisoner_exchange.person AS second ON second.id = m.runner_up_person_id
LEFT JOIN prisoner_exchange.list_entry_decision AS d ON d.entry_id = e.id;

COMMENT ON VIEW prisoner_exchange.list_reconciliation IS
'Each list entry with its best registry candidate, the runner-up, the margin and the verdict; a person''s decision overrides the computed verdict (personal data: grant with care)';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.list_id IS 'exchange_list.id';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.entry_id IS 'list_entry.id';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.line_number IS 'Line in the list';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.name_as_written IS 'The name as the list gives it';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.birth_year IS 'Birth year from the list (from the date where given)';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.best_person_id IS 'Best registry candidate (person.id)';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.best_name IS 'Its full name in the registry';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.best_birth_year IS 'Its birth year in the registry';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.best_score IS 'Its score';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.runner_up_person_id IS 'Second-best candidate (person.id)';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.runner_up_name IS 'Its full name in the registry';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.runner_up_score IS 'Its score';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.margin IS 'best_score - runner_up_score; NULL without a runner-up';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.candidates IS 'How many registry names matched';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.verdict IS 'confirmed, confirmed not in registry (a person decided), or the computed verdict: matched, ambiguous, not in registry; NULL before reconcile()';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.computed_verdict IS 'What reconcile() found, whatever a person decided';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.confirmed_person_id IS 'The person confirmed by a decision';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.decided_by IS 'Who decided';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.decided_at IS 'When';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.reconciled_at IS 'When reconcile() last ran for the entry';

-- min_group_size(): the smallest group phase_composition shows to a role
-- that is not an editor (setting prisoner_exchange.min_group_size, which
-- only a superuser can change).  Read through C so that the module, and
-- with it the setting's protection, is loaded before it is consulted.
CREATE FUNCTION prisoner_exchange.min_group_size()
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'pe_min_group_size'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.min_group_size() IS
'The smallest group phase_composition shows to readers (setting prisoner_exchange.min_group_size, default 5, superuser only)';

-- Whether the current role sees every group of phase_composition: a
-- superuser, or a member of prisoner_exchange_editor once setup_roles()
-- has made it.  Before that no role of that name exists, and nobody else
-- is an editor.
CREATE FUNCTION prisoner_exchange.sees_every_group()
RETURNS pg_catalog.bool
LANGUAGE sql STABLE PARALLEL SAFE
RETURN EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r
			   WHERE r.rolname = CURRENT_USER AND r.rolsuper)
	OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r
			   WHERE r.rolname = 'prisoner_exchange_editor'
				 AND pg_catalog.pg_has_role(r.oid, 'MEMBER'));
COMMENT ON FUNCTION prisoner_exchange.sees_every_group() IS
'True for a superuser or a member of prisoner_exchange_editor: phase_composition then shows every group, however small';

-- Who came home in each phase, in total and by service, category and
-- place, from the registry; ages at the date of the phase.  Counts only,
-- no names.  For a role that is not an editor, disclosure control (1.3):
--  * primary suppression: a group smaller than min_group_size() is hidden;
--  * complementary suppression: within each breakdown of a phase, more
--    groups are hidden, smallest first, until the hidden ones together
--    could each hold min_group_size() people or more (their total, less
--    one person for each of the others, reaches it).  The total minus the
--    shown groups then never isolates a hidden group nor bounds one below
--    min_group_size(), and one breakdown's groups are never sums of
--    another's;
--  * the youngest and oldest age are computed without the people of any
--    group smaller than min_group_size(), in any breakdown: no extreme
--    of a small group's member shows, not even in the total.
-- docs/disclosure-control.md gives the argument; sql/disclosure.sql tests it.
CREATE VIEW prisoner_exchange.phase_composition AS
WITH settings AS (
	SELECT prisoner_exchange.min_group_size() AS k,
		   prisoner_exchange.sees_every_group() AS sees_everything
), returned AS (
	SELECT ph.id AS phase_id,
		   COALESCE(p.service, 'unknown') AS service,
		   COALESCE(p.category, 'unknown') AS category,
		   COALESCE(p.place, 'unknown') AS place,
		   CASE
			   WHEN p.birth_date IS NOT NULL
				   THEN pg_catalog.date_part('year', pg_catalog.age(ph.exchanged_on, p.birth_date))::integer
			   WHEN p.birth_year IS NOT NULL
				   THEN pg_catalog.date_part('year', ph.exchanged_on)::integer - p.birth_year
		   END AS age
	FROM prisoner_exchange.phase AS ph
	JOIN prisoner_exchange.person AS p ON p.returned_in_phase_id = ph.id
), small AS (
	-- The groups smaller than k, in each breakdown: one pass.
	SELECT r.phase_id,
		   CASE WHEN GROUPING(r.service) = 0 THEN 'service'
				WHEN GROUPING(r.category) = 0 THEN 'category'
				WHEN GROUPING(r.place) = 0 THEN 'place' ELSE 'all' END AS dimension,
		   COALESCE(r.service, r.category, r.place, 'all') AS value
	FROM returned AS r
	GROUP BY GROUPING SETS ((r.phase_id), (r.phase_id, r.service),
							(r.phase_id, r.category), (r.phase_id, r.place))
	HAVING pg_catalog.count(*) < (SELECT s.k FROM settings AS s)
), flagged AS (
	-- Whether a person is in no small group: only then does their age count for readers.
	SELECT r.*,
		   NOT EXISTS (SELECT 1 FROM small AS m WHERE m.phase_id = r.phase_id AND m.dimension = 'all')
		   AND NOT EXISTS (SELECT 1 FROM small AS m WHERE m.phase_id = r.phase_id
							 AND m.dimension = 'service' AND m.value = r.service)
		   AND NOT EXISTS (SELECT 1 FROM small AS m WHERE m.phase_id = r.phase_id
							 AND m.dimension = 'category' AND m.value = r.category)
		   AND NOT EXISTS (SELECT 1 FROM small AS m WHERE m.phase_id = r.phase_id
							 AND m.dimension = 'place' AND m.value = r.place) AS in_clear
	FROM returned AS r
), cells AS (
	SELECT f.phase_id,
		   CASE WHEN GROUPING(f.service) = 0 THEN 'service'
				WHEN GROUPING(f.category) = 0 THEN 'category'
				WHEN GROUPING(f.place) = 0 THEN 'place' ELSE 'all' END AS dimension,
		   COALESCE(f.service, f.category, f.place, 'all') AS value,
		   pg_catalog.count(*) AS people,
		   pg_catalog.min(f.age) AS youngest_age,
		   pg_catalog.max(f.age) AS oldest_age,
		   pg_catalog.min(f.age) FILTER (WHERE f.in_clear) AS youngest_age_in_clear,
		   pg_catalog.max(f.age) FILTER (WHERE f.in_clear) AS oldest_age_in_clear,
		   pg_catalog.count(f.age) AS people_with_known_age
	FROM flagged AS f
	GROUP BY GROUPING SETS ((f.phase_id), (f.phase_id, f.service),
							(f.phase_id, f.category), (f.phase_id, f.place))
), judged AS (
	SELECT c.*,
		   c.people < s.k
		   OR (pg_catalog.bool_or(c.people < s.k) OVER breakdown
			   AND COALESCE(pg_catalog.sum(c.people) OVER smaller_first, 0)
				   - pg_catalog.count(*) OVER smaller_first + 1 < s.k) AS hidden
	FROM cells AS c
	CROSS JOIN settings AS s
	WINDOW breakdown AS (PARTITION BY c.phase_id, c.dimension),
		   smaller_first AS (PARTITION BY c.phase_id, c.dimension
							 ORDER BY c.people, c.value COLLATE "C"
							 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
)
SELECT j.phase_id,
	   a.name AS agreement_name,
	   ph.exchanged_on,
	   j.dimension,
	   j.value,
	   j.people,
	   CASE WHEN s.sees_everything THEN j.youngest_age ELSE j.youngest_age_in_clear END AS youngest_age,
	   CASE WHEN s.sees_everything THEN j.oldest_age ELSE j.oldest_age_in_clear END AS oldest_age,
	   j.people_with_known_age
FROM judged AS j
CROSS JOIN settings AS s
JOIN prisoner_exchange.phase AS ph ON ph.id = j.phase_id
JOIN prisoner_exchange.agreement AS a ON a.id = ph.agreement_id
WHERE s.sees_everything OR NOT j.hidden;

COMMENT ON VIEW prisoner_exchange.phase_composition IS
'For each phase, the registry''s people it brought home, in total and by service, category and place, with the youngest and oldest age; counts only, no names; for readers, small groups and the groups that would reveal them by subtraction are hidden, and no age of a small group''s member is used';

COMMENT ON COLUMN prisoner_exchange.phase_composition.phase_id IS 'phase.id';
COMMENT ON COLUMN prisoner_exchange.phase_composition.agreement_name IS 'agreement.name';
COMMENT ON COLUMN prisoner_exchange.phase_composition.exchanged_on IS 'Date of the phase';
COMMENT ON COLUMN prisoner_exchange.phase_composition.dimension IS 'all, service, category or place';
COMMENT ON COLUMN prisoner_exchange.phase_composition.value IS 'The service, category or place (unknown where the registry has none); all for the total';
COMMENT ON COLUMN prisoner_exchange.phase_composition.people IS 'People of the registry brought home by the phase';
COMMENT ON COLUMN prisoner_exchange.phase_composition.youngest_age IS 'Age of the youngest on the day of the phase (years), among those with a known birth date or year; for readers, leaving out the members of groups smaller than min_group_size()';
COMMENT ON COLUMN prisoner_exchange.phase_composition.oldest_age IS 'Age of the oldest on the day of the phase (years); for readers, leaving out the members of groups smaller than min_group_size()';
COMMENT ON COLUMN prisoner_exchange.phase_composition.people_with_known_age IS 'How many of them have a known birth date or year';

------------------------------------------------------------------------
-- Restoring in order
------------------------------------------------------------------------
-- pg_dump saves the rows of these tables, and a plain pg_restore loads
-- them in the order of their foreign keys.  A parallel pg_restore (-j)
-- does not: it starts the largest tables first, so a phase can arrive
-- before its agreement, and the rules then refuse it with a message about
-- a missing agreement.  While pg_restore loads (its application_name),
-- a row that refers to one not restored yet is refused with the way that
-- works instead (1.3).  The WHEN clause keeps this off every other insert.

CREATE FUNCTION prisoner_exchange.check_restore_order()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	missing text;
BEGIN
	IF TG_TABLE_NAME = 'phase' THEN
		IF NOT EXISTS (SELECT 1 FROM prisoner_exchange.agreement AS a WHERE a.id = NEW.agreement_id) THEN
			missing := pg_catalog.format('agreement %s', NEW.agreement_id);
		END IF;
	ELSIF TG_TABLE_NAME = 'exchange_list' THEN
		IF NEW.agreement_id IS NOT NULL
		   AND NOT EXISTS (SELECT 1 FROM prisoner_exchange.agreement AS a WHERE a.id = NEW.agreement_id) THEN
			missing := pg_catalog.format('agreement %s', NEW.agreement_id);
		END IF;
	ELSIF TG_TABLE_NAME = 'person' THEN
		IF NEW.returned_in_phase_id IS NOT NULL
		   AND NOT EXISTS (SELECT 1 FROM prisoner_exchange.phase AS p WHERE p.id = NEW.returned_in_phase_id) THEN
			missing := pg_catalog.format('phase %s', NEW.returned_in_phase_id);
		END IF;
	ELSIF TG_TABLE_NAME = 'list_entry' THEN
		IF NOT EXISTS (SELECT 1 FROM prisoner_exchange.exchange_list AS l WHERE l.id = NEW.list_id) THEN
			missing := pg_catalog.format('exchange list %s', NEW.list_id);
		END IF;
	ELSIF NOT EXISTS (SELECT 1 FROM prisoner_exchange.list_entry AS e WHERE e.id = NEW.entry_id) THEN
		-- list_entry_match and list_entry_decision: the entry first.
		missing := pg_catalog.format('list entry %s', NEW.entry_id);
	ELSIF TG_TABLE_NAME = 'list_entry_match' THEN
		IF NEW.best_person_id IS NOT NULL
		   AND NOT EXISTS (SELECT 1 FROM prisoner_exchange.person AS p WHERE p.id = NEW.best_person_id) THEN
			missing := pg_catalog.format('person %s', NEW.best_person_id);
		ELSIF NEW.runner_up_person_id IS NOT NULL
		   AND NOT EXISTS (SELECT 1 FROM prisoner_exchange.person AS p WHERE p.id = NEW.runner_up_person_id) THEN
			missing := pg_catalog.format('person %s', NEW.runner_up_person_id);
		END IF;
	ELSIF NEW.person_id IS NOT NULL
		  AND NOT EXISTS (SELECT 1 FROM prisoner_exchange.person AS p WHERE p.id = NEW.person_id) THEN
		missing := pg_catalog.format('person %s', NEW.person_id);
	END IF;
	IF missing IS NOT NULL THEN
		RAISE EXCEPTION 'pg_restore is loading a row of % before the % it refers to', TG_TABLE_NAME, missing
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'A parallel pg_restore (-j) loads the tables of prisoner_exchange in an order of its own, not in the order of their foreign keys.',
				  HINT = 'Restore with one job (pg_restore without -j), or in three steps: --section=pre-data, then --data-only --disable-triggers -j N, then --section=post-data -j N.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.check_restore_order() IS
'Trigger function, active only under pg_restore: refuses a row that refers to one not restored yet, and says how to restore instead';

DO $restore_order$
DECLARE
	loaded_after_parent text;
BEGIN
	FOREACH loaded_after_parent IN ARRAY ARRAY['phase', 'exchange_list', 'person', 'list_entry',
											   'list_entry_match', 'list_entry_decision'] LOOP
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I BEFORE INSERT ON prisoner_exchange.%I FOR EACH ROW '
			'WHEN (pg_catalog.current_setting(''application_name'') = ''pg_restore'') '
			'EXECUTE FUNCTION prisoner_exchange.check_restore_order()',
			loaded_after_parent || '_check_restore_order', loaded_after_parent);
	END LOOP;
END
$restore_order$;

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

------------------------------------------------------------------------
-- Roles
------------------------------------------------------------------------
-- Installing the extension creates no role: roles belong to the cluster,
-- outlive DROP EXTENSION, and managed services refuse to let an extension
-- script make them.  A superuser calls setup_roles() once per database
-- instead (1.3).  It makes prisoner_exchange_reader and
-- prisoner_exchange_editor, or takes over ones that exist only if they
-- are bare: a role planted with an attribute, a password, a membership, a
-- setting, members or privileges could hand what it receives to others.
-- A role setup_roles() made carries its mark (a comment), so that a second
-- database, or a second call, accepts the members and privileges the
-- first call and the administrators gave it.

CREATE FUNCTION prisoner_exchange.setup_roles()
RETURNS TABLE (role_name text, action text)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	mark constant text := 'Made by prisoner_exchange.setup_roles(); its privileges come from there.';
	wanted text;
	existing record;
	problems text[];
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r
				   WHERE r.rolname = CURRENT_USER AND r.rolsuper) THEN
		RAISE EXCEPTION 'setup_roles() must be run by a superuser, not by "%"', CURRENT_USER
			USING ERRCODE = 'insufficient_privilege',
				  HINT = 'Ask a superuser to run SELECT * FROM prisoner_exchange.setup_roles() in this database.';
	END IF;
	FOREACH wanted IN ARRAY ARRAY['prisoner_exchange_reader', 'prisoner_exchange_editor'] LOOP
		SELECT a.*, pg_catalog.shobj_description(a.oid, 'pg_authid') AS note
		INTO existing
		FROM pg_catalog.pg_authid AS a WHERE a.rolname = wanted;
		IF NOT FOUND THEN
			EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', wanted);
			EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', wanted, mark);
			role_name := wanted;
			action := 'created';
			RETURN NEXT;
			CONTINUE;
		END IF;

		-- Whatever made it: nothing that lets it, or its members, do more
		-- than read or edit this extension's data.
		problems := pg_catalog.array_remove(ARRAY[
			CASE WHEN existing.rolsuper THEN 'SUPERUSER' END,
			CASE WHEN existing.rolcreaterole THEN 'CREATEROLE' END,
			CASE WHEN existing.rolcreatedb THEN 'CREATEDB' END,
			CASE WHEN existing.rolcanlogin THEN 'LOGIN' END,
			CASE WHEN existing.rolreplication THEN 'REPLICATION' END,
			CASE WHEN existing.rolbypassrls THEN 'BYPASSRLS' END,
			CASE WHEN existing.rolpassword IS NOT NULL THEN 'a password' END,
			CASE WHEN NOT existing.rolinherit THEN 'NOINHERIT' END], NULL);
		problems := problems || ARRAY(
			SELECT 'membership in ' || pg_catalog.quote_ident(g.rolname)
			FROM pg_catalog.pg_auth_members AS am
			JOIN pg_catalog.pg_roles AS g ON g.oid = am.roleid
			WHERE am.member = existing.oid
			  AND NOT (wanted = 'prisoner_exchange_editor' AND g.rolname = 'prisoner_exchange_reader')
			ORDER BY g.rolname);
		problems := problems || ARRAY(
			SELECT 'a setting ' || pg_catalog.array_to_string(rs.setconfig, ', ')
			FROM pg_catalog.pg_db_role_setting AS rs WHERE rs.setrole = existing.oid);
		-- Members and privileges are expected of a role setup_roles() made.
		IF existing.note IS DISTINCT FROM mark THEN
			problems := problems || ARRAY(
				SELECT 'member ' || pg_catalog.quote_ident(m.rolname)
				FROM pg_catalog.pg_auth_members AS am
				JOIN pg_catalog.pg_roles AS m ON m.oid = am.member
				WHERE am.roleid = existing.oid ORDER BY m.rolname);
			IF EXISTS (SELECT 1 FROM pg_catalog.pg_shdepend AS d
					   WHERE d.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass
						 AND d.refobjid = existing.oid) THEN
				problems := problems || 'objects or privileges of its own'::text;
			END IF;
		END IF;
		IF pg_catalog.cardinality(problems) > 0 THEN
			RAISE EXCEPTION 'role "%" exists with %', wanted, pg_catalog.array_to_string(problems, ', ')
				USING ERRCODE = 'duplicate_object',
					  DETAIL = CASE WHEN existing.note IS DISTINCT FROM mark
								   THEN 'setup_roles() did not make this role, and takes over only a bare NOLOGIN role.'
								   ELSE 'setup_roles() made this role, but it has since been given more than it needs.' END,
					  HINT = pg_catalog.format('Drop or rename role %I if you did not make it for this purpose; otherwise remove what is listed, then call setup_roles() again.', wanted);
		END IF;
		IF existing.note IS DISTINCT FROM mark THEN
			EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', wanted, mark);
			action := 'taken over';
		ELSE
			action := 'checked';
		END IF;
		role_name := wanted;
		RETURN NEXT;
	END LOOP;

	-- Readers: the aggregate views, and nothing that names a person.
	GRANT SELECT ON prisoner_exchange.agreement_progress, prisoner_exchange.phase_progress,
		prisoner_exchange.captive_ratios, prisoner_exchange.agreement_coverage,
		prisoner_exchange.phase_composition, prisoner_exchange.data_dictionary
		TO prisoner_exchange_reader;

	-- Editors: everything a coordinator records, and what readers read.
	-- Match results and decisions only through the functions that write
	-- them, so that nobody forges them.
	IF NOT pg_catalog.pg_has_role('prisoner_exchange_editor', 'prisoner_exchange_reader', 'MEMBER') THEN
		GRANT prisoner_exchange_reader TO prisoner_exchange_editor;
	END IF;
	GRANT SELECT, INSERT, UPDATE, DELETE ON prisoner_exchange.agreement, prisoner_exchange.phase,
		prisoner_exchange.captive_estimate, prisoner_exchange.person, prisoner_exchange.exchange_list,
		prisoner_exchange.list_entry
		TO prisoner_exchange_editor;
	GRANT SELECT ON prisoner_exchange.list_entry_match, prisoner_exchange.list_entry_decision,
		prisoner_exchange.list_entry_decision_history, prisoner_exchange.list_reconciliation
		TO prisoner_exchange_editor;
	GRANT USAGE, SELECT ON SEQUENCE prisoner_exchange.agreement_id_seq, prisoner_exchange.phase_id_seq,
		prisoner_exchange.captive_estimate_id_seq, prisoner_exchange.person_id_seq,
		prisoner_exchange.exchange_list_id_seq, prisoner_exchange.list_entry_id_seq
		TO prisoner_exchange_editor;
	GRANT EXECUTE ON FUNCTION prisoner_exchange.reconcile(bigint, real),
		prisoner_exchange.confirm_entry(bigint, bigint, text),
		prisoner_exchange.revise_entry(bigint, bigint, text)
		TO prisoner_exchange_editor;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.setup_roles() IS
'For a superuser, once per database: makes (or checks) the NOLOGIN roles prisoner_exchange_reader and prisoner_exchange_editor and grants them their privileges; refuses an existing role of those names that has attributes, a password, memberships, settings, members or privileges it did not give';

-- Functions that write, or set up, are not for everyone.
REVOKE EXECUTE ON FUNCTION prisoner_exchange.reconcile(bigint, real) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.confirm_entry(bigint, bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.revise_entry(bigint, bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.setup_roles() FROM PUBLIC;
