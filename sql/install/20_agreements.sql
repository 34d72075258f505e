-- sql/install/20_agreements.sql: agreements, phases and captive estimates, and the rules on phases

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
