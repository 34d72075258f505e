/* prisoner_exchange.sql: the newest release, installed as prisoner_exchange--$(EXTVERSION).sql */

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
	FUNCTION 2 @extschema@.exchange_phase_sortsupport(pg_catalog.internal),
	-- Equal values are equal bit for bit: btree may deduplicate (1.1).
	FUNCTION 4 pg_catalog.btequalimage(pg_catalog.oid);
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

------------------------------------------------------------------------
-- Agreements, phases and captive estimates
------------------------------------------------------------------------
-- The users' own records.  Every table is registered with
-- pg_extension_config_dump, so pg_dump saves its rows (and its sequence)
-- although the table itself belongs to the extension.  Nothing is granted
-- to PUBLIC: these rows are the state of a negotiation.

CREATE TABLE @extschema@.agreement (
	id bigserial PRIMARY KEY,
	name text NOT NULL UNIQUE CHECK (name <> ''),
	side_a text NOT NULL CHECK (side_a <> ''),
	side_b text NOT NULL CHECK (side_b <> ''),
	agreed_on date,
	agreed_at text,
	mediator text,
	quota @extschema@.exchange_phase,
	ratio @extschema@.exchange_phase NOT NULL DEFAULT '1:1',
	balance_rule text NOT NULL DEFAULT 'each_phase',
	source text,
	notes text,
	CONSTRAINT agreement_sides_differ CHECK (side_a <> side_b),
	CONSTRAINT agreement_balance_rule_known
		CHECK (balance_rule IN ('each_phase', 'overall', 'none')),
	CONSTRAINT agreement_ratio_has_no_zero_side
		CHECK (@extschema@.side_a(ratio) > 0 AND @extschema@.side_b(ratio) > 0),
	-- A quota that breaks its own ratio could never be completed in balance.
	CONSTRAINT agreement_quota_keeps_ratio
		CHECK (balance_rule = 'none' OR quota IS NULL
			   OR @extschema@.is_balanced(quota, ratio))
);

COMMENT ON TABLE @extschema@.agreement IS
'An agreed prisoner exchange between two sides: its quota, its ratio and the rule by which its phases must keep that ratio';
COMMENT ON COLUMN @extschema@.agreement.id IS 'Surrogate key';
COMMENT ON COLUMN @extschema@.agreement.name IS 'Unique name of the agreement, e.g. ''Istanbul 1,000-for-1,000 (May 2025)''';
COMMENT ON COLUMN @extschema@.agreement.side_a IS 'The side whose returns are counted first in every exchange_phase (e.g. Ukraine)';
COMMENT ON COLUMN @extschema@.agreement.side_b IS 'The other side (e.g. Russia)';
COMMENT ON COLUMN @extschema@.agreement.agreed_on IS 'Date the agreement was reached';
COMMENT ON COLUMN @extschema@.agreement.agreed_at IS 'Where the agreement was reached (e.g. Istanbul)';
COMMENT ON COLUMN @extschema@.agreement.mediator IS 'Mediating state or organisation, if any';
COMMENT ON COLUMN @extschema@.agreement.quota IS 'Agreed number of people to return to each side; NULL for an open-ended agreement such as all-for-all';
COMMENT ON COLUMN @extschema@.agreement.ratio IS 'Agreed ratio of people returned to side A and side B (1:1, or e.g. 1:3)';
COMMENT ON COLUMN @extschema@.agreement.balance_rule IS 'each_phase: every phase keeps the ratio; overall: only the total must (checked through the quota); none: report only';
COMMENT ON COLUMN @extschema@.agreement.source IS 'Public source of the agreement (URL or citation)';
COMMENT ON COLUMN @extschema@.agreement.notes IS 'Free-text notes';

CREATE TABLE @extschema@.phase (
	id bigserial PRIMARY KEY,
	agreement_id bigint NOT NULL REFERENCES @extschema@.agreement (id),
	exchanged_on date NOT NULL,
	day_ordinal integer NOT NULL DEFAULT 1 CHECK (day_ordinal >= 1),
	counts @extschema@.exchange_phase NOT NULL,
	place text,
	source text,
	notes text,
	CONSTRAINT phase_returns_someone CHECK (@extschema@.total(counts) > 0),
	CONSTRAINT phase_order_unique UNIQUE (agreement_id, exchanged_on, day_ordinal)
);

COMMENT ON TABLE @extschema@.phase IS
'One handover under an agreement: how many people each side received, when and where';
COMMENT ON COLUMN @extschema@.phase.id IS 'Surrogate key';
COMMENT ON COLUMN @extschema@.phase.agreement_id IS 'The agreement this handover belongs to';
COMMENT ON COLUMN @extschema@.phase.exchanged_on IS 'Date of the handover; phases of an agreement are ordered by it';
COMMENT ON COLUMN @extschema@.phase.day_ordinal IS 'Order among the agreement''s handovers of the same day (1, 2, ...)';
COMMENT ON COLUMN @extschema@.phase.counts IS 'People returned to side A and to side B in this handover';
COMMENT ON COLUMN @extschema@.phase.place IS 'Handover or transit place (e.g. the Belarus-Ukraine border)';
COMMENT ON COLUMN @extschema@.phase.source IS 'Public source of the figures (URL or citation)';
COMMENT ON COLUMN @extschema@.phase.notes IS 'Free-text notes';

CREATE TABLE @extschema@.captive_estimate (
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
	CONSTRAINT captive_estimate_unique UNIQUE (held_by, captive_side, category, as_of)
);

COMMENT ON TABLE @extschema@.captive_estimate IS
'A published estimate of how many people of one side another side holds, as of a date; unknown figures stay NULL';
COMMENT ON COLUMN @extschema@.captive_estimate.id IS 'Surrogate key';
COMMENT ON COLUMN @extschema@.captive_estimate.held_by IS 'The side holding the captives (e.g. Russia)';
COMMENT ON COLUMN @extschema@.captive_estimate.captive_side IS 'The side the captives belong to (e.g. Ukraine)';
COMMENT ON COLUMN @extschema@.captive_estimate.category IS 'Who is counted: military, civilian, ...';
COMMENT ON COLUMN @extschema@.captive_estimate.as_of IS 'Date the estimate refers to; NULL when the source gives none (it then counts as the oldest)';
COMMENT ON COLUMN @extschema@.captive_estimate.held_at_least IS 'Lower bound of the people held (including any since returned, when the source counts them so); NULL when not published';
COMMENT ON COLUMN @extschema@.captive_estimate.returned IS 'People of this count returned so far; NULL when not published';
COMMENT ON COLUMN @extschema@.captive_estimate.source IS 'Public source of the estimate (URL or citation)';
COMMENT ON COLUMN @extschema@.captive_estimate.notes IS 'Free-text notes';

CREATE INDEX phase_agreement_order ON @extschema@.phase (agreement_id, exchanged_on, day_ordinal, id);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.agreement', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.agreement_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phase', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phase_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.captive_estimate', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.captive_estimate_id_seq', '');

------------------------------------------------------------------------
-- Functions over quotas and totals, for the views and for users' own tables
------------------------------------------------------------------------

-- Not STRICT: an agreement with no phases has a NULL sum, which means
-- nothing returned yet, and a NULL quota means open-ended.
CREATE FUNCTION @extschema@.remaining(
	quota @extschema@.exchange_phase,
	returned @extschema@.exchange_phase)
RETURNS @extschema@.exchange_phase
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN quota OPERATOR(@extschema@.-) COALESCE(returned, '0:0'::@extschema@.exchange_phase);
COMMENT ON FUNCTION @extschema@.remaining(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'What is left of a quota after the returned counts (NULL returned = nothing yet); NULL for an open-ended quota; an error (22003) if returned exceeds the quota';

CREATE FUNCTION @extschema@.percent_complete(
	quota @extschema@.exchange_phase,
	returned @extschema@.exchange_phase)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN @extschema@.total(quota) > 0
		THEN pg_catalog.round(100.0 * COALESCE(@extschema@.total(returned), 0)
							  / @extschema@.total(quota), 1)
	END;
COMMENT ON FUNCTION @extschema@.percent_complete(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'People returned as a percentage of the quota, both sides together, to one decimal; NULL for an open-ended (or empty) quota';

CREATE FUNCTION @extschema@.exchange_status(
	quota @extschema@.exchange_phase,
	returned @extschema@.exchange_phase)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
		WHEN quota IS NULL THEN 'open-ended'
		WHEN returned IS NULL OR @extschema@.total(returned) = 0 THEN 'not started'
		WHEN returned OPERATOR(@extschema@.=) quota THEN 'complete'
		ELSE 'in progress'
	END;
COMMENT ON FUNCTION @extschema@.exchange_status(@extschema@.exchange_phase, @extschema@.exchange_phase) IS
'open-ended (no quota), not started, in progress or complete, from a quota and the counts returned so far';

CREATE FUNCTION @extschema@.percent_of(part bigint, whole bigint)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN whole > 0 THEN pg_catalog.round(100.0 * part / whole, 1) END;
COMMENT ON FUNCTION @extschema@.percent_of(bigint, bigint) IS
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

CREATE FUNCTION @extschema@.phase_enforce_rules()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	deal record;
	locked_already boolean;
	others @extschema@.exchange_phase;
	new_total @extschema@.exchange_phase;
BEGIN
	-- No agreement: the NOT NULL constraint will say so, in its own words.
	IF TG_OP <> 'DELETE' AND NEW.agreement_id IS NULL THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'DELETE' THEN
		-- Removing a phase can break no rule, but a writer waiting for the
		-- room it frees must see it gone: lock like any change.
		UPDATE @extschema@.agreement SET name = name WHERE id = OLD.agreement_id;
		RETURN OLD;
	END IF;

	-- A phase moved away changes the agreement it leaves, too.  Lock the
	-- two in id order, so that two opposite moves cannot deadlock.
	IF TG_OP = 'UPDATE' AND OLD.agreement_id < NEW.agreement_id THEN
		UPDATE @extschema@.agreement SET name = name WHERE id = OLD.agreement_id;
	END IF;

	-- This transaction may hold the lock already, from an earlier phase of
	-- the same agreement: then another no-op version of the row would only
	-- lengthen its update chain, which every later lookup has to walk.
	SELECT a.xmin OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()::xid
	INTO locked_already
	FROM @extschema@.agreement AS a WHERE a.id = NEW.agreement_id;
	IF locked_already THEN
		SELECT a.id, a.name, a.quota, a.ratio, a.balance_rule INTO deal
		FROM @extschema@.agreement AS a WHERE a.id = NEW.agreement_id;
	ELSE
		UPDATE @extschema@.agreement SET name = name
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
		UPDATE @extschema@.agreement SET name = name WHERE id = OLD.agreement_id;
	END IF;

	IF deal.balance_rule = 'each_phase'
	   AND NOT @extschema@.is_balanced(NEW.counts, deal.ratio) THEN
		RAISE EXCEPTION 'phase % breaks the % ratio of agreement "%"',
			NEW.counts, deal.ratio, deal.name
			USING ERRCODE = 'check_violation',
				  TABLE = 'phase', CONSTRAINT = 'phase_keeps_ratio',
				  DETAIL = format('Under the balance rule each_phase every phase must keep %s; this one is off by %s (balance(counts, ratio)).',
								  deal.ratio, @extschema@.balance(NEW.counts, deal.ratio)),
				  HINT = 'Correct the counts, or set the agreement''s balance_rule to ''overall'' or ''none'' if single phases may be unbalanced.';
	END IF;

	IF deal.quota IS NOT NULL THEN
		SELECT @extschema@.sum(p.counts) INTO others
		FROM @extschema@.phase AS p
		WHERE p.agreement_id = NEW.agreement_id
		  AND (TG_OP = 'INSERT' OR p.id <> OLD.id);
		new_total := COALESCE(others, '0:0') OPERATOR(@extschema@.+) NEW.counts;
		IF NOT new_total OPERATOR(@extschema@.<@) deal.quota THEN
			RAISE EXCEPTION 'phase % would exceed the quota % of agreement "%"',
				NEW.counts, deal.quota, deal.name
				USING ERRCODE = 'check_violation',
					  TABLE = 'phase', CONSTRAINT = 'phase_within_quota',
					  DETAIL = format('The other phases of the agreement add up to %s; with this one the total would be %s.',
									  COALESCE(others, '0:0'), new_total),
					  HINT = format('At most %s:%s can still be exchanged under this agreement.',
									GREATEST(@extschema@.side_a(deal.quota) - @extschema@.side_a(COALESCE(others, '0:0')), 0),
									GREATEST(@extschema@.side_b(deal.quota) - @extschema@.side_b(COALESCE(others, '0:0')), 0));
		END IF;
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.phase_enforce_rules() IS
'Trigger function: keeps every agreement within its quota and, under each_phase, every phase at the agreed ratio, serializing concurrent writers per agreement';

CREATE TRIGGER phase_enforce_rules
BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.phase
FOR EACH ROW EXECUTE FUNCTION @extschema@.phase_enforce_rules();

-- Changing an agreement's quota, ratio or rule must not leave its recorded
-- phases in breach.  The row being updated is already locked by the UPDATE
-- itself, so phase writers wait for this check to commit.
CREATE FUNCTION @extschema@.agreement_enforce_rules()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	returned @extschema@.exchange_phase;
	unbalanced bigint;
BEGIN
	SELECT @extschema@.sum(p.counts),
		   pg_catalog.count(*) FILTER (WHERE NOT @extschema@.is_balanced(p.counts, NEW.ratio))
	INTO returned, unbalanced
	FROM @extschema@.phase AS p
	WHERE p.agreement_id = OLD.id;

	IF NEW.quota IS NOT NULL AND returned IS NOT NULL
	   AND NOT returned OPERATOR(@extschema@.<@) NEW.quota THEN
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
COMMENT ON FUNCTION @extschema@.agreement_enforce_rules() IS
'Trigger function: refuses a change of quota, ratio or balance rule that the agreement''s recorded phases would break';

CREATE TRIGGER agreement_enforce_rules
BEFORE UPDATE OF quota, ratio, balance_rule ON @extschema@.agreement
FOR EACH ROW
WHEN (OLD.quota IS DISTINCT FROM NEW.quota
	  OR OLD.ratio IS DISTINCT FROM NEW.ratio
	  OR OLD.balance_rule IS DISTINCT FROM NEW.balance_rule)
EXECUTE FUNCTION @extschema@.agreement_enforce_rules();

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

CREATE VIEW @extschema@.captive_ratios AS
SELECT e.id AS estimate_id,
	   e.held_by,
	   e.captive_side,
	   e.category,
	   e.as_of,
	   e.held_at_least,
	   e.returned,
	   e.held_at_least - e.returned AS still_held_at_least,
	   @extschema@.percent_of(e.returned, e.held_at_least) AS percent_returned,
	   e.held_at_least IS NOT NULL AS held_is_published,
	   e.source
FROM (
	SELECT DISTINCT ON (c.held_by, c.captive_side, c.category) c.*
	FROM @extschema@.captive_estimate AS c
	ORDER BY c.held_by, c.captive_side, c.category, c.as_of DESC NULLS LAST, c.id DESC
) AS e;

COMMENT ON VIEW @extschema@.captive_ratios IS
'The latest estimate of each (holder, captives, category): held, returned, still held and the share returned; unknown stays NULL';
COMMENT ON COLUMN @extschema@.captive_ratios.estimate_id IS 'captive_estimate.id of the latest estimate';
COMMENT ON COLUMN @extschema@.captive_ratios.held_by IS 'The side holding the captives';
COMMENT ON COLUMN @extschema@.captive_ratios.captive_side IS 'The side the captives belong to';
COMMENT ON COLUMN @extschema@.captive_ratios.category IS 'military, civilian, ...';
COMMENT ON COLUMN @extschema@.captive_ratios.as_of IS 'Date of the estimate';
COMMENT ON COLUMN @extschema@.captive_ratios.held_at_least IS 'At least this many held; NULL when not published (unknown, not zero)';
COMMENT ON COLUMN @extschema@.captive_ratios.returned IS 'Returned so far; NULL when not published';
COMMENT ON COLUMN @extschema@.captive_ratios.still_held_at_least IS 'held_at_least - returned; NULL when either is unknown';
COMMENT ON COLUMN @extschema@.captive_ratios.percent_returned IS 'returned as a percentage of held_at_least, one decimal; NULL when either is unknown';
COMMENT ON COLUMN @extschema@.captive_ratios.held_is_published IS 'false when the holder''s number was not published';
COMMENT ON COLUMN @extschema@.captive_ratios.source IS 'Public source of the estimate';

-- For each agreement and each receiving side, the share of that side's
-- known captives that the agreement covers.  The estimate used is the
-- latest one on or before the agreement's date, or failing that the first
-- one after it (the latest of all when the agreement has no date).
CREATE VIEW @extschema@.agreement_coverage AS
SELECT a.id AS agreement_id,
	   a.name AS agreement_name,
	   s.receiving_side,
	   s.holding_side,
	   e.category,
	   e.as_of AS estimate_as_of,
	   e.held_at_least,
	   s.quota_for_side,
	   s.returned_for_side,
	   @extschema@.percent_of(s.quota_for_side, e.held_at_least) AS quota_percent_of_held,
	   @extschema@.percent_of(s.returned_for_side, e.held_at_least) AS returned_percent_of_held
FROM @extschema@.agreement AS a
CROSS JOIN LATERAL (
	SELECT @extschema@.sum(p.counts) AS returned
	FROM @extschema@.phase AS p
	WHERE p.agreement_id = a.id
) AS t
CROSS JOIN LATERAL (
	VALUES (a.side_a, a.side_b,
			@extschema@.side_a(a.quota)::bigint,
			COALESCE(@extschema@.side_a(t.returned), 0)::bigint),
		   (a.side_b, a.side_a,
			@extschema@.side_b(a.quota)::bigint,
			COALESCE(@extschema@.side_b(t.returned), 0)::bigint)
) AS s (receiving_side, holding_side, quota_for_side, returned_for_side)
LEFT JOIN LATERAL (
	SELECT DISTINCT ON (c.category) c.category, c.as_of, c.held_at_least
	FROM @extschema@.captive_estimate AS c
	WHERE c.captive_side = s.receiving_side
	  AND c.held_by = s.holding_side
	ORDER BY c.category,
			 COALESCE(c.as_of <= a.agreed_on, true) DESC,
			 CASE WHEN COALESCE(c.as_of <= a.agreed_on, true) THEN c.as_of END DESC NULLS LAST,
			 c.as_of,
			 c.id DESC
) AS e ON true;

COMMENT ON VIEW @extschema@.agreement_coverage IS
'For each agreement, receiving side and captive category: the share of the captives known to be held that its quota and its returns cover';
COMMENT ON COLUMN @extschema@.agreement_coverage.agreement_id IS 'agreement.id';
COMMENT ON COLUMN @extschema@.agreement_coverage.agreement_name IS 'agreement.name';
COMMENT ON COLUMN @extschema@.agreement_coverage.receiving_side IS 'The side whose people come home';
COMMENT ON COLUMN @extschema@.agreement_coverage.holding_side IS 'The side holding them';
COMMENT ON COLUMN @extschema@.agreement_coverage.category IS 'Category of the estimate (military, civilian, ...); NULL when there is no estimate';
COMMENT ON COLUMN @extschema@.agreement_coverage.estimate_as_of IS 'Date of the estimate used: the latest on or before the agreement date, else the first after it';
COMMENT ON COLUMN @extschema@.agreement_coverage.held_at_least IS 'At least this many held; NULL when not published (unknown, not zero)';
COMMENT ON COLUMN @extschema@.agreement_coverage.quota_for_side IS 'The agreement''s quota for the receiving side; NULL when open-ended';
COMMENT ON COLUMN @extschema@.agreement_coverage.returned_for_side IS 'People returned to the receiving side under the agreement so far';
COMMENT ON COLUMN @extschema@.agreement_coverage.quota_percent_of_held IS 'quota_for_side as a percentage of held_at_least, one decimal; NULL when either is unknown';
COMMENT ON COLUMN @extschema@.agreement_coverage.returned_percent_of_held IS 'returned_for_side as a percentage of held_at_least, one decimal; NULL when either is unknown';

------------------------------------------------------------------------
-- Names: ICU-based keys and similarity across scripts and spellings
------------------------------------------------------------------------
-- IMMUTABLE so that they can serve generated columns and indexes: their
-- results depend only on the argument and on the ICU the module runs with
-- (icu_version()); after an ICU upgrade, REINDEX what is built on them.

CREATE FUNCTION @extschema@.name_key(name pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'pe_name_key'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_key(pg_catalog.text) IS
'Phonetic matching key of a name: the same for its Cyrillic, Ukrainian, Russian and Latin spellings (Олександр, Александр, Oleksandr, Alexander), word order ignored';

CREATE FUNCTION @extschema@.name_similarity(a pg_catalog.text, b pg_catalog.text)
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'pe_name_similarity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_similarity(pg_catalog.text, pg_catalog.text) IS
'How alike two names are, from 0 to 1: their words paired in any order, compared on their phonetic codes, initials matching the words they begin';

-- STABLE: the threshold is a setting.
CREATE FUNCTION @extschema@.name_match(stored pg_catalog.text, lookup pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'pe_name_match'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_match(pg_catalog.text, pg_catalog.text) IS
'Probably the same name: the names share a blocking key and name_similarity reaches prisoner_exchange.name_match_threshold (default 0.8)';

CREATE OPERATOR @extschema@.%~ (
	LEFTARG = pg_catalog.text,
	RIGHTARG = pg_catalog.text,
	FUNCTION = @extschema@.name_match,
	RESTRICT = pg_catalog.contsel,
	JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR @extschema@.%~ (pg_catalog.text, pg_catalog.text) IS
'stored %~ lookup: probably the same name (see name_match); served by a GIN index with name_match_ops on the stored names';

CREATE FUNCTION @extschema@.name_index_keys(name pg_catalog.text)
RETURNS pg_catalog.int4[]
AS 'MODULE_PATHNAME', 'pe_name_index_keys'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_index_keys(pg_catalog.text) IS
'The blocking keys a name_match_ops index stores for a name (hashes of pairs of words, and of words with the initials of the others)';

CREATE FUNCTION @extschema@.name_gin_extract_value(pg_catalog.text, pg_catalog.internal, pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'pe_name_gin_extract_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_gin_extract_value(pg_catalog.text, pg_catalog.internal, pg_catalog.internal) IS
'GIN support of name_match_ops: the keys of a stored name';

CREATE FUNCTION @extschema@.name_gin_extract_query(pg_catalog.text, pg_catalog.internal, pg_catalog.int2, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'pe_name_gin_extract_query'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_gin_extract_query(pg_catalog.text, pg_catalog.internal, pg_catalog.int2, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) IS
'GIN support of name_match_ops: the keys a name is looked up by';

CREATE FUNCTION @extschema@.name_gin_consistent(pg_catalog.internal, pg_catalog.int2, pg_catalog.text, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'pe_name_gin_consistent'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_gin_consistent(pg_catalog.internal, pg_catalog.int2, pg_catalog.text, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) IS
'GIN support of name_match_ops: a shared key makes a candidate, rechecked by %~';

CREATE OPERATOR CLASS @extschema@.name_match_ops
FOR TYPE pg_catalog.text USING gin AS
	OPERATOR 1 @extschema@.%~ (pg_catalog.text, pg_catalog.text),
	FUNCTION 1 pg_catalog.btint4cmp(pg_catalog.int4, pg_catalog.int4),
	FUNCTION 2 @extschema@.name_gin_extract_value(pg_catalog.text, pg_catalog.internal, pg_catalog.internal),
	FUNCTION 3 @extschema@.name_gin_extract_query(pg_catalog.text, pg_catalog.internal, pg_catalog.int2, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal),
	FUNCTION 4 @extschema@.name_gin_consistent(pg_catalog.internal, pg_catalog.int2, pg_catalog.text, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal),
	STORAGE pg_catalog.int4;
COMMENT ON OPERATOR CLASS @extschema@.name_match_ops USING gin IS
'GIN index of names for the %~ operator: CREATE INDEX ... USING gin (full_name prisoner_exchange.name_match_ops)';

CREATE FUNCTION @extschema@.transliterate(input pg_catalog.text, transform pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'pe_transliterate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.transliterate(pg_catalog.text, pg_catalog.text) IS
'Applies an ICU transform, e.g. transliterate(name, ''Ukrainian-Latin/BGN''); each transliterator is opened once per backend and kept; a bad ID is an error 22023';

------------------------------------------------------------------------
-- People and lists
------------------------------------------------------------------------
-- The registry of one's own people, the lists of names the other side
-- sends, and their reconciliation.  These tables hold personal data:
-- nothing is granted to PUBLIC, and no aggregate view shows a name.

CREATE TABLE @extschema@.person (
	id bigserial PRIMARY KEY,
	full_name text NOT NULL,
	birth_date date,
	birth_year integer,
	category text,
	service text,
	unit text,
	place text,
	status text NOT NULL DEFAULT 'held',
	returned_in_phase_id bigint REFERENCES @extschema@.phase (id),
	notes text,
	CONSTRAINT person_name_has_letters CHECK (full_name ~ '[[:alpha:]]'),
	CONSTRAINT person_birth_year_plausible CHECK (birth_year BETWEEN 1900 AND 2100),
	CONSTRAINT person_birth_date_matches_year
		CHECK (birth_date IS NULL OR birth_year IS NULL
			   OR pg_catalog.date_part('year', birth_date) = birth_year),
	CONSTRAINT person_category_known CHECK (category IN ('military', 'civilian')),
	CONSTRAINT person_status_known CHECK (status IN ('held', 'returned', 'died', 'missing')),
	CONSTRAINT person_returned_by_phase
		CHECK (returned_in_phase_id IS NULL OR status = 'returned')
);

COMMENT ON TABLE @extschema@.person IS
'The registry: one''s own people who are or were held, with what identifies them (personal data)';
COMMENT ON COLUMN @extschema@.person.id IS 'Surrogate key';
COMMENT ON COLUMN @extschema@.person.full_name IS 'Full name as written in the registry, in any script and word order';
COMMENT ON COLUMN @extschema@.person.birth_date IS 'Date of birth, where known';
COMMENT ON COLUMN @extschema@.person.birth_year IS 'Year of birth, where only the year is known (must agree with birth_date if both are given)';
COMMENT ON COLUMN @extschema@.person.category IS 'military or civilian';
COMMENT ON COLUMN @extschema@.person.service IS 'Service, e.g. Armed Forces, State Border Guard Service, National Guard';
COMMENT ON COLUMN @extschema@.person.unit IS 'Unit, where known';
COMMENT ON COLUMN @extschema@.person.place IS 'Where captured or where serving (e.g. Mariupol, Donetsk, Kherson)';
COMMENT ON COLUMN @extschema@.person.status IS 'held, returned, died or missing';
COMMENT ON COLUMN @extschema@.person.returned_in_phase_id IS 'The phase that brought the person home (status returned)';
COMMENT ON COLUMN @extschema@.person.notes IS 'Free-text notes';

-- fastupdate off: with GIN's pending list, names inserted since the last
-- vacuum are scanned linearly by every lookup, and reconciling a list
-- right after loading a registry of 100,000 took 1.3 s instead of 0.08 s.
-- Loading is slower instead (about 22 µs a name against 11), once.
CREATE INDEX person_name_match ON @extschema@.person
	USING gin (full_name @extschema@.name_match_ops) WITH (fastupdate = off);
CREATE INDEX person_returned_in_phase ON @extschema@.person (returned_in_phase_id);

CREATE TABLE @extschema@.exchange_list (
	id bigserial PRIMARY KEY,
	agreement_id bigint REFERENCES @extschema@.agreement (id),
	sent_by text NOT NULL CHECK (sent_by <> ''),
	received_on date,
	title text,
	source text,
	notes text
);

COMMENT ON TABLE @extschema@.exchange_list IS
'A list of names sent by one side before an exchange';
COMMENT ON COLUMN @extschema@.exchange_list.id IS 'Surrogate key';
COMMENT ON COLUMN @extschema@.exchange_list.agreement_id IS 'The agreement the list belongs to, where known';
COMMENT ON COLUMN @extschema@.exchange_list.sent_by IS 'The side that sent the list';
COMMENT ON COLUMN @extschema@.exchange_list.received_on IS 'Date the list was received';
COMMENT ON COLUMN @extschema@.exchange_list.title IS 'A label for the list';
COMMENT ON COLUMN @extschema@.exchange_list.source IS 'Where the list came from';
COMMENT ON COLUMN @extschema@.exchange_list.notes IS 'Free-text notes';

CREATE TABLE @extschema@.list_entry (
	id bigserial PRIMARY KEY,
	list_id bigint NOT NULL REFERENCES @extschema@.exchange_list (id) ON DELETE CASCADE,
	line_number integer NOT NULL CHECK (line_number >= 1),
	name_as_written text NOT NULL,
	birth_date date,
	birth_year integer,
	notes text,
	CONSTRAINT list_entry_line_unique UNIQUE (list_id, line_number),
	CONSTRAINT list_entry_name_has_letters CHECK (name_as_written ~ '[[:alpha:]]'),
	CONSTRAINT list_entry_birth_year_plausible CHECK (birth_year BETWEEN 1900 AND 2100),
	CONSTRAINT list_entry_birth_date_matches_year
		CHECK (birth_date IS NULL OR birth_year IS NULL
			   OR pg_catalog.date_part('year', birth_date) = birth_year)
);

COMMENT ON TABLE @extschema@.list_entry IS
'One line of a list, as written by the other side (personal data)';
COMMENT ON COLUMN @extschema@.list_entry.id IS 'Surrogate key';
COMMENT ON COLUMN @extschema@.list_entry.list_id IS 'The list';
COMMENT ON COLUMN @extschema@.list_entry.line_number IS 'Line number in the list (1, 2, ...)';
COMMENT ON COLUMN @extschema@.list_entry.name_as_written IS 'The name exactly as the list gives it: any script, transliteration, order, initials';
COMMENT ON COLUMN @extschema@.list_entry.birth_date IS 'Date of birth, where the list gives it';
COMMENT ON COLUMN @extschema@.list_entry.birth_year IS 'Year of birth, where the list gives only the year';
COMMENT ON COLUMN @extschema@.list_entry.notes IS 'Free-text notes';

-- The result of the latest reconcile() of each entry.  Replaced by every
-- run; a person's decision lives apart, in list_entry_decision.
CREATE TABLE @extschema@.list_entry_match (
	entry_id bigint PRIMARY KEY REFERENCES @extschema@.list_entry (id) ON DELETE CASCADE,
	best_person_id bigint REFERENCES @extschema@.person (id) ON DELETE SET NULL,
	best_score real,
	runner_up_person_id bigint REFERENCES @extschema@.person (id) ON DELETE SET NULL,
	runner_up_score real,
	candidates integer NOT NULL,
	verdict text NOT NULL CHECK (verdict IN ('matched', 'ambiguous', 'not in registry')),
	reconciled_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

COMMENT ON TABLE @extschema@.list_entry_match IS
'What the latest reconcile() found for each list entry: best candidate, runner-up and verdict';
COMMENT ON COLUMN @extschema@.list_entry_match.entry_id IS 'The list entry';
COMMENT ON COLUMN @extschema@.list_entry_match.best_person_id IS 'The best registry candidate, if any';
COMMENT ON COLUMN @extschema@.list_entry_match.best_score IS 'Its score: name similarity, adjusted by birth year where both give one';
COMMENT ON COLUMN @extschema@.list_entry_match.runner_up_person_id IS 'The second-best candidate, if any';
COMMENT ON COLUMN @extschema@.list_entry_match.runner_up_score IS 'Its score';
COMMENT ON COLUMN @extschema@.list_entry_match.candidates IS 'How many registry names matched (%~)';
COMMENT ON COLUMN @extschema@.list_entry_match.verdict IS 'matched, ambiguous (the runner-up is too close: a person must decide) or not in registry';
COMMENT ON COLUMN @extschema@.list_entry_match.reconciled_at IS 'When reconcile() computed this row';

-- Decisions taken by a person.  reconcile() never writes here.
CREATE TABLE @extschema@.list_entry_decision (
	entry_id bigint PRIMARY KEY REFERENCES @extschema@.list_entry (id) ON DELETE CASCADE,
	person_id bigint REFERENCES @extschema@.person (id),
	decided_by text NOT NULL DEFAULT CURRENT_USER,
	decided_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	note text
);

COMMENT ON TABLE @extschema@.list_entry_decision IS
'A person''s decision on a list entry: which registry person it is, or (person_id NULL) that it is not in the registry; never overwritten by reconcile()';
COMMENT ON COLUMN @extschema@.list_entry_decision.entry_id IS 'The list entry';
COMMENT ON COLUMN @extschema@.list_entry_decision.person_id IS 'The registry person confirmed; NULL: confirmed not in the registry';
COMMENT ON COLUMN @extschema@.list_entry_decision.decided_by IS 'Who decided (database role)';
COMMENT ON COLUMN @extschema@.list_entry_decision.decided_at IS 'When';
COMMENT ON COLUMN @extschema@.list_entry_decision.note IS 'Why, or on what evidence';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.person', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.person_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.exchange_list', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.exchange_list_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_entry', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_entry_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_entry_match', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_entry_decision', '');

-- How far a candidate's birth year agrees with the entry's: the score
-- gains a little for the same year, loses a little for a year apart (a
-- slip) and a lot for more.  NULL on either side changes nothing.
CREATE FUNCTION @extschema@.birth_year_adjustment(entry_year integer, person_year integer)
RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
		WHEN entry_year IS NULL OR person_year IS NULL THEN 0
		WHEN entry_year = person_year THEN 0.05
		WHEN pg_catalog.abs(entry_year - person_year) = 1 THEN -0.05
		ELSE -0.3
	END;
COMMENT ON FUNCTION @extschema@.birth_year_adjustment(integer, integer) IS
'Score adjustment from birth years: +0.05 same year, -0.05 one year apart, -0.3 further apart, 0 when either is unknown';

-- reconcile(list_id): rank the registry candidates of every entry of one
-- list and record the verdicts.  Each entry costs one probe of the GIN
-- index on person.full_name (the %~ join), never a scan of the registry.
-- Not PARALLEL SAFE: it writes.
CREATE FUNCTION @extschema@.reconcile(list bigint, ambiguity_margin real DEFAULT 0.05)
RETURNS TABLE (verdict text, entries bigint)
LANGUAGE plpgsql
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
	IF NOT EXISTS (SELECT 1 FROM @extschema@.exchange_list WHERE id = list) THEN
		RAISE EXCEPTION 'exchange list % does not exist', list
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Pass the id of a row of prisoner_exchange.exchange_list.';
	END IF;
	IF ambiguity_margin IS NULL OR ambiguity_margin < 0 OR ambiguity_margin > 1 THEN
		RAISE EXCEPTION 'ambiguity margin % is out of range', ambiguity_margin
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Give a score difference between 0 and 1, such as 0.05.';
	END IF;

	DELETE FROM @extschema@.list_entry_match AS m
	USING @extschema@.list_entry AS e
	WHERE m.entry_id = e.id AND e.list_id = list;

	-- A candidate whose birth year disagrees can fall below the threshold:
	-- it is then no candidate at all.
	threshold := COALESCE(current_setting('prisoner_exchange.name_match_threshold', true), '0.8')::real;

	WITH scored AS (
		SELECT e.id AS entry_id, p.id AS person_id,
			   @extschema@.name_similarity(p.full_name, e.name_as_written)
			   + @extschema@.birth_year_adjustment(
					 COALESCE(date_part('year', e.birth_date)::integer, e.birth_year),
					 COALESCE(date_part('year', p.birth_date)::integer, p.birth_year))
			   AS score
		FROM @extschema@.list_entry AS e
		JOIN @extschema@.person AS p
		  ON p.full_name OPERATOR(@extschema@.%~) e.name_as_written
		WHERE e.list_id = list
	), ranked AS (
		SELECT s.entry_id, s.person_id, s.score,
			   row_number() OVER (PARTITION BY s.entry_id ORDER BY s.score DESC, s.person_id) AS rank,
			   count(*) OVER (PARTITION BY s.entry_id) AS candidates
		FROM scored AS s
		WHERE s.score >= threshold
	)
	INSERT INTO @extschema@.list_entry_match
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
	FROM @extschema@.list_entry AS e
	LEFT JOIN ranked AS best ON best.entry_id = e.id AND best.rank = 1
	LEFT JOIN ranked AS second ON second.entry_id = e.id AND second.rank = 2
	WHERE e.list_id = list;

	RETURN QUERY
		SELECT m.verdict, pg_catalog.count(*)
		FROM @extschema@.list_entry_match AS m
		JOIN @extschema@.list_entry AS e ON e.id = m.entry_id
		WHERE e.list_id = list
		GROUP BY m.verdict ORDER BY m.verdict;
END
$$;
COMMENT ON FUNCTION @extschema@.reconcile(bigint, real) IS
'Ranks the registry candidates of every entry of a list (%~ through the GIN index, then name similarity adjusted by birth year) and records best, runner-up and verdict in list_entry_match; never touches list_entry_decision';

CREATE FUNCTION @extschema@.confirm_entry(entry bigint, person bigint, note text DEFAULT NULL)
RETURNS @extschema@.list_entry_decision
LANGUAGE sql
BEGIN ATOMIC
	INSERT INTO @extschema@.list_entry_decision (entry_id, person_id, note)
	VALUES (entry, person, note)
	RETURNING *;
END;
COMMENT ON FUNCTION @extschema@.confirm_entry(bigint, bigint, text) IS
'Records a person''s decision on a list entry (person NULL: not in the registry); an entry already decided is refused (23505): change a decision by updating list_entry_decision';

CREATE VIEW @extschema@.list_reconciliation AS
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
FROM @extschema@.list_entry AS e
LEFT JOIN @extschema@.list_entry_match AS m ON m.entry_id = e.id
LEFT JOIN @extschema@.person AS best ON best.id = m.best_person_id
LEFT JOIN @extschema@.person AS second ON second.id = m.runner_up_person_id
LEFT JOIN @extschema@.list_entry_decision AS d ON d.entry_id = e.id;

COMMENT ON VIEW @extschema@.list_reconciliation IS
'Each list entry with its best registry candidate, the runner-up, the margin and the verdict; a person''s decision overrides the computed verdict (personal data: grant with care)';
COMMENT ON COLUMN @extschema@.list_reconciliation.list_id IS 'exchange_list.id';
COMMENT ON COLUMN @extschema@.list_reconciliation.entry_id IS 'list_entry.id';
COMMENT ON COLUMN @extschema@.list_reconciliation.line_number IS 'Line in the list';
COMMENT ON COLUMN @extschema@.list_reconciliation.name_as_written IS 'The name as the list gives it';
COMMENT ON COLUMN @extschema@.list_reconciliation.birth_year IS 'Birth year from the list (from the date where given)';
COMMENT ON COLUMN @extschema@.list_reconciliation.best_person_id IS 'Best registry candidate (person.id)';
COMMENT ON COLUMN @extschema@.list_reconciliation.best_name IS 'Its full name in the registry';
COMMENT ON COLUMN @extschema@.list_reconciliation.best_birth_year IS 'Its birth year in the registry';
COMMENT ON COLUMN @extschema@.list_reconciliation.best_score IS 'Its score';
COMMENT ON COLUMN @extschema@.list_reconciliation.runner_up_person_id IS 'Second-best candidate (person.id)';
COMMENT ON COLUMN @extschema@.list_reconciliation.runner_up_name IS 'Its full name in the registry';
COMMENT ON COLUMN @extschema@.list_reconciliation.runner_up_score IS 'Its score';
COMMENT ON COLUMN @extschema@.list_reconciliation.margin IS 'best_score - runner_up_score; NULL without a runner-up';
COMMENT ON COLUMN @extschema@.list_reconciliation.candidates IS 'How many registry names matched';
COMMENT ON COLUMN @extschema@.list_reconciliation.verdict IS 'confirmed, confirmed not in registry (a person decided), or the computed verdict: matched, ambiguous, not in registry; NULL before reconcile()';
COMMENT ON COLUMN @extschema@.list_reconciliation.computed_verdict IS 'What reconcile() found, whatever a person decided';
COMMENT ON COLUMN @extschema@.list_reconciliation.confirmed_person_id IS 'The person confirmed by a decision';
COMMENT ON COLUMN @extschema@.list_reconciliation.decided_by IS 'Who decided';
COMMENT ON COLUMN @extschema@.list_reconciliation.decided_at IS 'When';
COMMENT ON COLUMN @extschema@.list_reconciliation.reconciled_at IS 'When reconcile() last ran for the entry';

-- Who came home in each phase, by service, category and place, from the
-- registry; ages at the date of the phase.  Counts only, no names, and no
-- group smaller than min_group_size() for a role that is not an editor.
-- min_group_size(): the smallest group phase_composition shows to a role
-- that is not an editor (setting prisoner_exchange.min_group_size, which
-- only a superuser can change).  Read through C so that the module, and
-- with it the setting's protection, is loaded before it is consulted.
CREATE FUNCTION @extschema@.min_group_size()
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'pe_min_group_size'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.min_group_size() IS
'The smallest group phase_composition shows to readers (setting prisoner_exchange.min_group_size, default 5, superuser only)';

-- The roles.  They belong to the cluster, not to the extension, so they
-- outlive DROP EXTENSION.  A role of that name that already exists and can
-- log in is refused: it could have been planted to receive the grants.
DO $roles$
DECLARE
	role_name text;
BEGIN
	FOREACH role_name IN ARRAY ARRAY['prisoner_exchange_reader', 'prisoner_exchange_editor'] LOOP
		IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name AND rolcanlogin) THEN
			RAISE EXCEPTION 'role "%" exists and can log in', role_name
				USING ERRCODE = 'duplicate_object',
					  HINT = 'The extension grants this role its privileges; rename or drop the existing role, or make it NOLOGIN, then install again.';
		END IF;
		IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
			EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', role_name);
		END IF;
	END LOOP;
END
$roles$;

CREATE VIEW @extschema@.phase_composition AS
SELECT ph.id AS phase_id,
	   a.name AS agreement_name,
	   ph.exchanged_on,
	   CASE
		   WHEN GROUPING(p.service) = 0 THEN 'service'
		   WHEN GROUPING(p.category) = 0 THEN 'category'
		   WHEN GROUPING(p.place) = 0 THEN 'place'
		   ELSE 'all'
	   END AS dimension,
	   COALESCE(CASE
					WHEN GROUPING(p.service) = 0 THEN p.service
					WHEN GROUPING(p.category) = 0 THEN p.category
					WHEN GROUPING(p.place) = 0 THEN p.place
					ELSE 'all'
				END, 'unknown') AS value,
	   pg_catalog.count(*) AS people,
	   pg_catalog.min(ages.age) AS youngest_age,
	   pg_catalog.max(ages.age) AS oldest_age,
	   pg_catalog.count(ages.age) AS people_with_known_age
FROM @extschema@.phase AS ph
JOIN @extschema@.agreement AS a ON a.id = ph.agreement_id
JOIN @extschema@.person AS p ON p.returned_in_phase_id = ph.id
CROSS JOIN LATERAL (
	SELECT CASE
			   WHEN p.birth_date IS NOT NULL
				   THEN pg_catalog.date_part('year', pg_catalog.age(ph.exchanged_on, p.birth_date))::integer
			   WHEN p.birth_year IS NOT NULL
				   THEN pg_catalog.date_part('year', ph.exchanged_on)::integer - p.birth_year
		   END AS age
) AS ages
GROUP BY GROUPING SETS ((ph.id, a.name, ph.exchanged_on),
						(ph.id, a.name, ph.exchanged_on, p.service),
						(ph.id, a.name, ph.exchanged_on, p.category),
						(ph.id, a.name, ph.exchanged_on, p.place))
HAVING pg_catalog.count(*) >= @extschema@.min_group_size()
	OR pg_catalog.pg_has_role('prisoner_exchange_editor', 'MEMBER');

COMMENT ON VIEW @extschema@.phase_composition IS
'For each phase, the registry''s people it brought home, in total and by service, category and place, with the youngest and oldest age; counts only, no names; groups smaller than min_group_size() are shown to editors only';

COMMENT ON COLUMN @extschema@.phase_composition.phase_id IS 'phase.id';
COMMENT ON COLUMN @extschema@.phase_composition.agreement_name IS 'agreement.name';
COMMENT ON COLUMN @extschema@.phase_composition.exchanged_on IS 'Date of the phase';
COMMENT ON COLUMN @extschema@.phase_composition.dimension IS 'all, service, category or place';
COMMENT ON COLUMN @extschema@.phase_composition.value IS 'The service, category or place (unknown where the registry has none); all for the total';
COMMENT ON COLUMN @extschema@.phase_composition.people IS 'People of the registry brought home by the phase';
COMMENT ON COLUMN @extschema@.phase_composition.youngest_age IS 'Age of the youngest on the day of the phase (years), among those with a known birth date or year';
COMMENT ON COLUMN @extschema@.phase_composition.oldest_age IS 'Age of the oldest on the day of the phase (years)';
COMMENT ON COLUMN @extschema@.phase_composition.people_with_known_age IS 'How many of them have a known birth date or year';

------------------------------------------------------------------------
-- The data dictionary, for tools that cannot read comments
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

------------------------------------------------------------------------
-- Roles
------------------------------------------------------------------------

-- Readers: the aggregate views, and nothing that names a person.
GRANT SELECT ON @extschema@.agreement_progress, @extschema@.phase_progress,
	@extschema@.captive_ratios, @extschema@.agreement_coverage, @extschema@.phase_composition,
	@extschema@.data_dictionary
	TO prisoner_exchange_reader;

-- Editors: everything a coordinator records, and what readers read.
GRANT prisoner_exchange_reader TO prisoner_exchange_editor;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.agreement, @extschema@.phase,
	@extschema@.captive_estimate, @extschema@.person, @extschema@.exchange_list,
	@extschema@.list_entry, @extschema@.list_entry_match, @extschema@.list_entry_decision
	TO prisoner_exchange_editor;
GRANT USAGE, SELECT ON SEQUENCE @extschema@.agreement_id_seq, @extschema@.phase_id_seq,
	@extschema@.captive_estimate_id_seq, @extschema@.person_id_seq,
	@extschema@.exchange_list_id_seq, @extschema@.list_entry_id_seq
	TO prisoner_exchange_editor;
GRANT SELECT ON @extschema@.list_reconciliation TO prisoner_exchange_editor;

-- Writing functions are for editors, not for everyone.
REVOKE EXECUTE ON FUNCTION @extschema@.reconcile(bigint, real) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.confirm_entry(bigint, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.reconcile(bigint, real) TO prisoner_exchange_editor;
GRANT EXECUTE ON FUNCTION @extschema@.confirm_entry(bigint, bigint, text) TO prisoner_exchange_editor;
