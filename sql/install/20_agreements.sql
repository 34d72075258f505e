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
			   OR prisoner_exchange.is_balanced(quota, ratio)),
	-- The lifecycle (1.4): open until it is completed or lapses, on a date.
	status text NOT NULL DEFAULT 'open',
	closed_on date,
	phases_may_precede boolean NOT NULL DEFAULT false,
	CONSTRAINT agreement_status_known CHECK (status IN ('open', 'completed', 'lapsed')),
	CONSTRAINT agreement_closed_has_date CHECK ((status = 'open') = (closed_on IS NULL)),
	CONSTRAINT agreement_closes_after_agreed CHECK (closed_on >= agreed_on),
	-- Terms are stated in full: a quota or ratio of "?" would bind nobody (1.5).
	CONSTRAINT agreement_terms_published
		CHECK (prisoner_exchange.is_complete(quota) AND prisoner_exchange.is_complete(ratio))
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
COMMENT ON COLUMN prisoner_exchange.agreement.status IS 'open, completed (its terms carried out) or lapsed (ended without them); completed and lapsed need closed_on';
COMMENT ON COLUMN prisoner_exchange.agreement.closed_on IS 'Date the agreement was completed or lapsed; no phase may be dated after it; NULL while open';
COMMENT ON COLUMN prisoner_exchange.agreement.phases_may_precede IS 'true when phases dated before agreed_on count under it (an exchange carried out before the agreement was announced); otherwise such a phase is refused';

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
COMMENT ON COLUMN prisoner_exchange.phase.counts IS 'People returned to side A and to side B in this handover; ? for a count not published, N+ for one published as at least N';
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
		UNIQUE NULLS NOT DISTINCT (held_by, captive_side, category, as_of),
	-- What the figure is (1.5): "about 8,000", "up to 28,000" and "more
	-- than 6,000 captured since the start" are not the same kind of number,
	-- and only people held now belong in a share of those held.
	bound text NOT NULL DEFAULT 'at least',
	measures text NOT NULL DEFAULT 'held now',
	CONSTRAINT captive_estimate_bound_known CHECK (bound IN ('exact', 'at least', 'about', 'at most')),
	CONSTRAINT captive_estimate_measures_known
		CHECK (measures IN ('held now', 'captured since the start', 'missing', 'deported children'))
);

COMMENT ON TABLE prisoner_exchange.captive_estimate IS
'A published estimate of how many people of one side another side holds, as of a date; unknown figures stay NULL';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.held_by IS 'The side holding the captives (e.g. Russia)';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.captive_side IS 'The side the captives belong to (e.g. Ukraine)';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.category IS 'Who is counted: military, civilian, ...';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.as_of IS 'Date the estimate refers to; NULL when the source gives none (it then counts as the oldest)';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.held_at_least IS 'The figure published for the people held (including any since returned, when the source counts them so), a lower bound unless bound says otherwise; NULL when not published';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.returned IS 'People of this count returned so far; NULL when not published';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.source IS 'Public source of the estimate (URL or citation)';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.notes IS 'Free-text notes';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.bound IS 'What kind of figure held_at_least is: exact, at least (the default), about, or at most ("up to 28,000")';
COMMENT ON COLUMN prisoner_exchange.captive_estimate.measures IS 'What the figure counts: held now (the default; the only kind the views use), captured since the start, missing, or deported children';

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

-- remaining_count(quota_side, returned): what one side of a quota has
-- left, 0 once reached or passed; NULL for no quota (GREATEST alone would
-- turn that NULL into 0).  The views compute with it on their sums; a SQL
-- function the planner inlines.
CREATE FUNCTION prisoner_exchange.remaining_count(quota_side integer, returned integer)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN quota_side IS NOT NULL THEN GREATEST(quota_side - COALESCE(returned, 0), 0) END;
COMMENT ON FUNCTION prisoner_exchange.remaining_count(integer, integer) IS
'What one side of a quota has left after the people returned to it (NULL returned = none yet), 0 once reached or passed; NULL without a quota';

-- remaining_count(quota_side, returned_at_least, published): the same,
-- from what is known of the side's returns (1.5).  Left unknown (NULL)
-- when a count was not published, unless what is known already reaches
-- the quota: then nothing is left.
CREATE FUNCTION prisoner_exchange.remaining_count(quota_side integer, returned_at_least integer, published boolean)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN quota_side IS NOT NULL AND (published OR returned_at_least >= quota_side)
		THEN GREATEST(quota_side - returned_at_least, 0) END;
COMMENT ON FUNCTION prisoner_exchange.remaining_count(integer, integer, boolean) IS
'What one side of a quota has left after at least returned_at_least people, exact when published is true; NULL when a count not published leaves it open, or without a quota';

-- Not STRICT: an agreement with no phases has a NULL sum, which means
-- nothing returned yet, and a NULL quota means open-ended (the
-- constructor, STRICT, then gives NULL).  A side already past its quota
-- has nothing left, 0, never an error: one deal over its quota (in a
-- user's own table; the rules keep the extension's phases within theirs)
-- must not break a report over all of them.  over_quota() and
-- exchange_status() report the excess.
CREATE FUNCTION prisoner_exchange.remaining(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN quota IS NOT NULL THEN prisoner_exchange.exchange_phase_published(
	prisoner_exchange.remaining_count(prisoner_exchange.side_a(quota),
									  prisoner_exchange.side_a_at_least(COALESCE(returned, '0:0')),
									  prisoner_exchange.side_a(COALESCE(returned, '0:0')) IS NOT NULL),
	prisoner_exchange.remaining_count(prisoner_exchange.side_b(quota),
									  prisoner_exchange.side_b_at_least(COALESCE(returned, '0:0')),
									  prisoner_exchange.side_b(COALESCE(returned, '0:0')) IS NOT NULL)) END;
COMMENT ON FUNCTION prisoner_exchange.remaining(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'What is left of a quota after the returned counts (NULL returned = nothing yet), 0 for a side at or past its quota, ? for a side whose count was not published; NULL for an open-ended quota';

CREATE FUNCTION prisoner_exchange.over_quota(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN quota IS NOT NULL THEN
	pg_catalog.concat(
		GREATEST(prisoner_exchange.side_a_at_least(COALESCE(returned, '0:0')) - prisoner_exchange.side_a(quota), 0),
		CASE WHEN prisoner_exchange.side_a(COALESCE(returned, '0:0')) IS NULL THEN '+' END,
		':',
		GREATEST(prisoner_exchange.side_b_at_least(COALESCE(returned, '0:0')) - prisoner_exchange.side_b(quota), 0),
		CASE WHEN prisoner_exchange.side_b(COALESCE(returned, '0:0')) IS NULL THEN '+' END
	)::prisoner_exchange.exchange_phase END;
COMMENT ON FUNCTION prisoner_exchange.over_quota(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'How far the returned counts go past a quota on each side: 0:0 within it, N+ where a count not published is already N past it (? where it may be); NULL for an open-ended quota';

CREATE FUNCTION prisoner_exchange.percent_complete(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN prisoner_exchange.total(quota) > 0
		THEN pg_catalog.round(100.0 * prisoner_exchange.total(COALESCE(returned, '0:0'))
							  / prisoner_exchange.total(quota), 1)
	END;
COMMENT ON FUNCTION prisoner_exchange.percent_complete(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'People returned as a percentage of the quota, both sides together, to one decimal; NULL for an open-ended (or empty) quota, or when a count was not published';

-- progress_status(quota, returned_side_a, returned_side_b): the status
-- from a quota and the totals as numbers, as the views hold them (sums,
-- not exchange_phase values); a SQL function the planner inlines.
CREATE FUNCTION prisoner_exchange.progress_status(
	quota prisoner_exchange.exchange_phase,
	returned_side_a bigint,
	returned_side_b bigint)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
		WHEN quota IS NULL THEN 'open-ended'
		WHEN returned_side_a = 0 AND returned_side_b = 0 THEN 'not started'
		WHEN returned_side_a = prisoner_exchange.side_a(quota)
			 AND returned_side_b = prisoner_exchange.side_b(quota) THEN 'complete'
		WHEN returned_side_a <= prisoner_exchange.side_a(quota)
			 AND returned_side_b <= prisoner_exchange.side_b(quota) THEN 'in progress'
		ELSE 'over quota'
	END;
COMMENT ON FUNCTION prisoner_exchange.progress_status(prisoner_exchange.exchange_phase, bigint, bigint) IS
'open-ended (no quota), not started, in progress, complete, or over quota, from a quota and the totals returned to each side';

-- progress_status(quota, returned): the same from the returned counts as
-- one value (1.5), judged on what is known when a count was not
-- published: past the quota on what is known is over it, and a phase of
-- "?:?" has started the exchange.
CREATE FUNCTION prisoner_exchange.progress_status(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
		WHEN prisoner_exchange.is_complete(returned)
			THEN prisoner_exchange.progress_status(quota, prisoner_exchange.side_a(returned),
												   prisoner_exchange.side_b(returned))
		WHEN quota IS NULL THEN 'open-ended'
		WHEN prisoner_exchange.side_a_at_least(returned) <= prisoner_exchange.side_a(quota)
			 AND prisoner_exchange.side_b_at_least(returned) <= prisoner_exchange.side_b(quota)
			THEN 'in progress'
		ELSE 'over quota'
	END;
COMMENT ON FUNCTION prisoner_exchange.progress_status(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'open-ended, not started, in progress, complete or over quota, from a quota and the counts returned; with a count not published, in progress or over quota on what is known';

CREATE FUNCTION prisoner_exchange.exchange_status(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN prisoner_exchange.progress_status(quota, COALESCE(returned, '0:0'));
COMMENT ON FUNCTION prisoner_exchange.exchange_status(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'open-ended (no quota), not started, in progress, complete, or over quota (past it on either side; over_quota() gives by how much), from a quota and the counts returned so far';

CREATE FUNCTION prisoner_exchange.percent_of(part bigint, whole bigint)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN whole > 0 THEN pg_catalog.round(100.0 * part / whole, 1) END;
COMMENT ON FUNCTION prisoner_exchange.percent_of(bigint, bigint) IS
'part as a percentage of whole, to one decimal; NULL when either is unknown (NULL) or whole is 0, never a division error';

------------------------------------------------------------------------
-- The rules the database enforces on phases
------------------------------------------------------------------------
-- A statement may not take an agreement past its quota on either side and,
-- under each_phase, every phase it writes must keep the agreed ratio.
--
-- A count not published (1.5) counts against the quota as what is known
-- of it, its lower bound ("?" as 0, "130+" as 130): the rules refuse what
-- the published figures already show to be over the quota, and cannot
-- refuse what only the unpublished ones might hold.  A phase with a count
-- not published has no ratio verdict (is_balanced() is NULL), so each_phase
-- does not refuse it; agreement_progress.balance_kept is then NULL.
--
-- The check is O(1) per statement and agreement, whatever the number of
-- phases already recorded: agreement_tally keeps each agreement's running
-- totals, in bigint, so that no total near the int4 ceiling can overflow
-- into a 22003 where a 23514 is due.  The tally's row is also the lock
-- that serializes the writers of one agreement: every statement that
-- changes what an agreement returned updates that row first, so a second
-- writer waits for the first to commit and then, in READ COMMITTED, adds
-- to the first one's totals; in REPEATABLE READ or SERIALIZABLE it fails
-- with a serialization error instead of adding to a stale snapshot.
--
-- The rules run AFTER each statement, on its transition tables, so that
-- they judge the rows that result: INSERT ... ON CONFLICT DO NOTHING of a
-- phase already there adds nothing, ON CONFLICT DO UPDATE counts the
-- updated row once, and a multi-row statement that lowers one phase and
-- raises another is judged on its outcome.  A statement that touches
-- several agreements locks their tallies in id order, so two such
-- statements cannot deadlock.
--
-- The tally is a cache, not a record: pg_dump leaves it out; a restore
-- fills it as it loads the agreements and then their phases, and a row
-- found missing (after a restore with the triggers disabled) is rebuilt
-- from the phases by the first statement that needs it.  Loading phases
-- with the triggers disabled into agreements that have a tally bypasses
-- it: recount_tallies() rebuilds it.
--
-- SECURITY DEFINER so that a role allowed to record phases need not be
-- allowed to write the tally; they touch nothing else.

CREATE TABLE prisoner_exchange.agreement_tally (
	-- No foreign key: TRUNCATE agreement must not need to name this table.
	-- A phase's agreement cannot go while it has phases, so a deleted
	-- agreement leaves at most a row of zeros.
	agreement_id bigint PRIMARY KEY,
	returned_side_a bigint NOT NULL,
	returned_side_b bigint NOT NULL,
	phase_count bigint NOT NULL
);
COMMENT ON TABLE prisoner_exchange.agreement_tally IS
'Running totals of each agreement''s phases, kept by the rules so that their check costs the same at any number of phases; a cache rebuilt from the phases when missing (recount_tallies()), not a record';
COMMENT ON COLUMN prisoner_exchange.agreement_tally.agreement_id IS 'agreement.id';
COMMENT ON COLUMN prisoner_exchange.agreement_tally.returned_side_a IS 'Sum of side A over the agreement''s phases, counting a count not published as its known lower bound';
COMMENT ON COLUMN prisoner_exchange.agreement_tally.returned_side_b IS 'Sum of side B over the agreement''s phases, counting a count not published as its known lower bound';
COMMENT ON COLUMN prisoner_exchange.agreement_tally.phase_count IS 'Number of the agreement''s phases';

-- tally_add(agreement, a, b, phases): add to an agreement's tally and
-- return it, locked.  The rules that only need the lock (breakdowns,
-- terms, the registry's links) call it with zero deltas: an UPDATE, not a
-- SELECT ... FOR UPDATE, because the new version of the row it writes is
-- what makes a concurrent REPEATABLE READ or SERIALIZABLE writer fail with
-- a serialization error instead of judging a stale snapshot (the
-- isolation spec person_link fails with FOR UPDATE).  Where the row is missing (a restore that loaded the
-- agreements with the triggers disabled) it is rebuilt from the phases
-- this statement sees, which include its own: the delta is then already
-- counted, unless another transaction made the row meanwhile.
CREATE FUNCTION prisoner_exchange.tally_add(
	agreement bigint, delta_a bigint, delta_b bigint, delta_phases bigint,
	OUT returned_side_a bigint, OUT returned_side_b bigint, OUT phase_count bigint)
LANGUAGE plpgsql STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	UPDATE prisoner_exchange.agreement_tally AS t
	SET returned_side_a = t.returned_side_a + delta_a,
		returned_side_b = t.returned_side_b + delta_b,
		phase_count = t.phase_count + delta_phases
	WHERE t.agreement_id = agreement
	RETURNING t.returned_side_a, t.returned_side_b, t.phase_count
	INTO returned_side_a, returned_side_b, phase_count;
	IF NOT FOUND THEN
		INSERT INTO prisoner_exchange.agreement_tally AS t
		SELECT agreement,
			   COALESCE(pg_catalog.sum(prisoner_exchange.side_a_at_least(p.counts)), 0),
			   COALESCE(pg_catalog.sum(prisoner_exchange.side_b_at_least(p.counts)), 0),
			   pg_catalog.count(*)
		FROM prisoner_exchange.phase AS p
		WHERE p.agreement_id = agreement
		ON CONFLICT (agreement_id) DO UPDATE
		SET returned_side_a = t.returned_side_a + delta_a,
			returned_side_b = t.returned_side_b + delta_b,
			phase_count = t.phase_count + delta_phases
		RETURNING t.returned_side_a, t.returned_side_b, t.phase_count
		INTO returned_side_a, returned_side_b, phase_count;
	END IF;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.tally_add(bigint, bigint, bigint, bigint) IS
'Internal to the rules: adds to an agreement''s running totals (rebuilding them from its phases when missing) and returns them, holding the lock that serializes the agreement''s writers';


CREATE FUNCTION prisoner_exchange.recount_tallies()
RETURNS bigint
LANGUAGE plpgsql STRICT
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	recounted bigint;
BEGIN
	-- The same lock as the writers', in the same order.
	PERFORM 1 FROM prisoner_exchange.agreement_tally AS t ORDER BY t.agreement_id FOR UPDATE;
	DELETE FROM prisoner_exchange.agreement_tally;
	INSERT INTO prisoner_exchange.agreement_tally
	SELECT a.id,
		   COALESCE(pg_catalog.sum(prisoner_exchange.side_a_at_least(p.counts)), 0),
		   COALESCE(pg_catalog.sum(prisoner_exchange.side_b_at_least(p.counts)), 0),
		   pg_catalog.count(p.id)
	FROM prisoner_exchange.agreement AS a
	LEFT JOIN prisoner_exchange.phase AS p ON p.agreement_id = a.id
	GROUP BY a.id;
	GET DIAGNOSTICS recounted = ROW_COUNT;
	-- The totals per category (1.5), under the same locks.
	DELETE FROM prisoner_exchange.agreement_category_tally;
	INSERT INTO prisoner_exchange.agreement_category_tally
	SELECT c.agreement_id, c.category,
		   pg_catalog.sum(prisoner_exchange.side_a_at_least(c.counts)),
		   pg_catalog.sum(prisoner_exchange.side_b_at_least(c.counts))
	FROM prisoner_exchange.phase_category AS c
	GROUP BY c.agreement_id, c.category;
	RETURN recounted;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.recount_tallies() IS
'Rebuilds the running totals the rules keep (agreement_tally, agreement_category_tally) from the phases and their breakdowns, after they were loaded with the triggers disabled; returns the number of agreements counted';

CREATE FUNCTION prisoner_exchange.phase_enforce_rules()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	-- Per agreement touched, in id order: what the statement adds (new
	-- rows less old rows), and the new rows alone, which the message names.
	ids bigint[];
	delta_a bigint[];
	delta_b bigint[];
	delta_phases bigint[];
	new_a bigint[];
	new_b bigint[];
	new_rows bigint[];
	new_counts text[];
	total_a bigint[] := '{}';
	total_b bigint[] := '{}';
	tally record;
	deal record;
	offender record;
	others_a bigint;
	others_b bigint;
	i integer;
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT pg_catalog.array_agg(d.id ORDER BY d.id), pg_catalog.array_agg(d.a ORDER BY d.id),
			   pg_catalog.array_agg(d.b ORDER BY d.id), pg_catalog.array_agg(d.n ORDER BY d.id),
			   pg_catalog.array_agg(d.one ORDER BY d.id)
		INTO ids, delta_a, delta_b, delta_phases, new_counts
		FROM (SELECT c.agreement_id AS id, pg_catalog.sum(prisoner_exchange.side_a_at_least(c.counts)) AS a,
					 pg_catalog.sum(prisoner_exchange.side_b_at_least(c.counts)) AS b, pg_catalog.count(*) AS n,
					 pg_catalog.min(c.counts::text) AS one
			  FROM changed AS c GROUP BY c.agreement_id) AS d;
		-- Inserted rows are all new: what they add is what they are.
		new_a := delta_a;
		new_b := delta_b;
		new_rows := delta_phases;
	ELSIF TG_OP = 'DELETE' THEN
		SELECT pg_catalog.array_agg(d.id ORDER BY d.id), pg_catalog.array_agg(-d.a ORDER BY d.id),
			   pg_catalog.array_agg(-d.b ORDER BY d.id), pg_catalog.array_agg(-d.n ORDER BY d.id)
		INTO ids, delta_a, delta_b, delta_phases
		FROM (SELECT o.agreement_id AS id, pg_catalog.sum(prisoner_exchange.side_a_at_least(o.counts)) AS a,
					 pg_catalog.sum(prisoner_exchange.side_b_at_least(o.counts)) AS b, pg_catalog.count(*) AS n
			  FROM previous AS o GROUP BY o.agreement_id) AS d;
	ELSE
		SELECT pg_catalog.array_agg(d.id ORDER BY d.id), pg_catalog.array_agg(d.a ORDER BY d.id),
			   pg_catalog.array_agg(d.b ORDER BY d.id), pg_catalog.array_agg(d.n ORDER BY d.id),
			   pg_catalog.array_agg(d.na ORDER BY d.id), pg_catalog.array_agg(d.nb ORDER BY d.id),
			   pg_catalog.array_agg(d.nn ORDER BY d.id), pg_catalog.array_agg(d.one ORDER BY d.id)
		INTO ids, delta_a, delta_b, delta_phases, new_a, new_b, new_rows, new_counts
		FROM (SELECT r.id, pg_catalog.sum(r.a * r.sign) AS a, pg_catalog.sum(r.b * r.sign) AS b,
					 pg_catalog.sum(r.sign) AS n,
					 COALESCE(pg_catalog.sum(r.a) FILTER (WHERE r.sign = 1), 0) AS na,
					 COALESCE(pg_catalog.sum(r.b) FILTER (WHERE r.sign = 1), 0) AS nb,
					 pg_catalog.count(*) FILTER (WHERE r.sign = 1) AS nn,
					 pg_catalog.min(r.counts) AS one
			  FROM (SELECT c.agreement_id AS id, prisoner_exchange.side_a_at_least(c.counts)::bigint AS a,
						   prisoner_exchange.side_b_at_least(c.counts)::bigint AS b, 1 AS sign, c.counts::text AS counts
					FROM changed AS c
					UNION ALL
					SELECT o.agreement_id, prisoner_exchange.side_a_at_least(o.counts), prisoner_exchange.side_b_at_least(o.counts),
						   -1, NULL
					FROM previous AS o) AS r
			  GROUP BY r.id) AS d;
	END IF;
	IF ids IS NULL THEN
		RETURN NULL;			-- no row written: ON CONFLICT DO NOTHING, say
	END IF;

	-- Lock every agreement touched, in id order, before reading its terms:
	-- a change of quota or ratio holds the same lock.
	-- The update is tally_add()'s, written out here: a function call per
	-- agreement would cost more than the update itself.
	FOR i IN 1 .. pg_catalog.array_length(ids, 1) LOOP
		UPDATE prisoner_exchange.agreement_tally AS t
		SET returned_side_a = t.returned_side_a + delta_a[i],
			returned_side_b = t.returned_side_b + delta_b[i],
			phase_count = t.phase_count + delta_phases[i]
		WHERE t.agreement_id = ids[i]
		RETURNING t.returned_side_a, t.returned_side_b INTO tally;
		IF NOT FOUND THEN
			SELECT * INTO tally FROM prisoner_exchange.tally_add(ids[i], delta_a[i], delta_b[i], delta_phases[i]);
		END IF;
		total_a := total_a || tally.returned_side_a;
		total_b := total_b || tally.returned_side_b;
	END LOOP;
	IF TG_OP = 'DELETE' THEN
		RETURN NULL;			-- rows taken away break no rule
	END IF;

	-- Each row on its own: the ratio under each_phase, and the dates.
	SELECT c.counts, c.exchanged_on, a.name, a.ratio, a.agreed_on, a.closed_on, a.status,
		   a.balance_rule = 'each_phase' AND NOT prisoner_exchange.is_balanced(c.counts, a.ratio) AS off_ratio
	INTO offender
	FROM changed AS c
	JOIN prisoner_exchange.agreement AS a ON a.id = c.agreement_id
	WHERE (a.balance_rule = 'each_phase' AND NOT prisoner_exchange.is_balanced(c.counts, a.ratio))
	   OR (c.exchanged_on < a.agreed_on AND NOT a.phases_may_precede)
	   OR c.exchanged_on > a.closed_on
	ORDER BY c.agreement_id, c.exchanged_on
	LIMIT 1;
	IF FOUND AND offender.off_ratio THEN
		RAISE EXCEPTION 'phase % breaks the % ratio of agreement "%"',
			offender.counts, offender.ratio, offender.name
			USING ERRCODE = 'check_violation',
				  TABLE = 'phase', CONSTRAINT = 'phase_keeps_ratio',
				  DETAIL = format('Under the balance rule each_phase every phase must keep %s; this one is off by %s (balance(counts, ratio)).',
								  offender.ratio, prisoner_exchange.balance(offender.counts, offender.ratio)),
				  HINT = 'Correct the counts, or set the agreement''s balance_rule to ''overall'' or ''none'' if single phases may be unbalanced.';
	ELSIF FOUND AND offender.exchanged_on < offender.agreed_on THEN
		RAISE EXCEPTION 'phase % of % is dated before agreement "%" was reached, on %',
			offender.counts, offender.exchanged_on, offender.name, offender.agreed_on
			USING ERRCODE = 'check_violation',
				  TABLE = 'phase', CONSTRAINT = 'phase_within_agreement_dates',
				  HINT = 'Correct the date, or set the agreement''s phases_may_precede to true if exchanges carried out before it count under it.';
	ELSIF FOUND THEN
		RAISE EXCEPTION 'phase % of % is dated after agreement "%" was closed (%), on %',
			offender.counts, offender.exchanged_on, offender.name, offender.status, offender.closed_on
			USING ERRCODE = 'check_violation',
				  TABLE = 'phase', CONSTRAINT = 'phase_within_agreement_dates',
				  HINT = 'Correct the date, or record the phase under the agreement it belongs to; a closing date set too early is corrected with UPDATE agreement SET closed_on = ...';
	END IF;

	FOR i IN 1 .. pg_catalog.array_length(ids, 1) LOOP
		CONTINUE WHEN new_rows[i] = 0
			OR (delta_a[i] <= 0 AND delta_b[i] <= 0);	-- nothing added
		SELECT a.name, a.quota, prisoner_exchange.side_a(a.quota)::bigint AS quota_a,
			   prisoner_exchange.side_b(a.quota)::bigint AS quota_b
		INTO deal
		FROM prisoner_exchange.agreement AS a WHERE a.id = ids[i];
		IF deal.quota IS NOT NULL
		   AND ((delta_a[i] > 0 AND total_a[i] > deal.quota_a)
				OR (delta_b[i] > 0 AND total_b[i] > deal.quota_b)) THEN
			others_a := total_a[i] - new_a[i];
			others_b := total_b[i] - new_b[i];
			RAISE EXCEPTION '% would exceed the quota % of agreement "%"',
				CASE WHEN new_rows[i] = 1 THEN 'phase ' || new_counts[i]
					 ELSE format('%s phases adding %s:%s', new_rows[i], new_a[i], new_b[i]) END,
				deal.quota, deal.name
				USING ERRCODE = 'check_violation',
					  TABLE = 'phase', CONSTRAINT = 'phase_within_quota',
					  DETAIL = format('The other phases of the agreement add up to %s:%s; with %s the total would be %s:%s.',
									  others_a, others_b,
									  CASE WHEN new_rows[i] = 1 THEN 'this one' ELSE 'these' END,
									  total_a[i], total_b[i]),
					  HINT = format('At most %s:%s can still be exchanged under this agreement.',
									GREATEST(deal.quota_a - others_a, 0), GREATEST(deal.quota_b - others_b, 0));
		END IF;
		-- A side's total is an integer everywhere it is read (the views,
		-- exchange_phase): past 2^31 - 1 it is a typing error, not a count.
		IF total_a[i] > 2147483647 OR total_b[i] > 2147483647 THEN
			RAISE EXCEPTION 'the phases of agreement "%" would add up to %:%, past the 2147483647 a side can count',
				deal.name, total_a[i], total_b[i]
				USING ERRCODE = 'check_violation',
					  TABLE = 'phase', CONSTRAINT = 'agreement_total_in_range',
					  HINT = 'Check the counts: each side''s total over an agreement must stay below 2147483648.';
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.phase_enforce_rules() IS
'Trigger function: after each statement on phase, keeps every agreement within its quota and, under each_phase, every phase at the agreed ratio, through running totals locked per agreement in id order';

CREATE TRIGGER phase_enforce_rules_insert
AFTER INSERT ON prisoner_exchange.phase
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_enforce_rules();
CREATE TRIGGER phase_enforce_rules_update
AFTER UPDATE ON prisoner_exchange.phase
REFERENCING OLD TABLE AS previous NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_enforce_rules();
CREATE TRIGGER phase_enforce_rules_delete
AFTER DELETE ON prisoner_exchange.phase
REFERENCING OLD TABLE AS previous
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_enforce_rules();

-- Every agreement has a tally from the start, of zeros, so that the rules
-- never have to rebuild one in the course of ordinary work, and loses it
-- with the agreement.  TRUNCATE fires none of the triggers above: of
-- phase, it leaves every agreement with no phase; of agreement, with none.
CREATE FUNCTION prisoner_exchange.tally_follow()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP = 'TRUNCATE' AND TG_TABLE_NAME = 'phase' THEN
		UPDATE prisoner_exchange.agreement_tally AS t
		SET returned_side_a = 0, returned_side_b = 0, phase_count = 0
		WHERE t.phase_count <> 0 OR t.returned_side_a <> 0 OR t.returned_side_b <> 0;
	ELSIF TG_OP = 'TRUNCATE' THEN
		DELETE FROM prisoner_exchange.agreement_tally;
	ELSIF TG_OP = 'INSERT' THEN
		INSERT INTO prisoner_exchange.agreement_tally AS t
		SELECT c.id, 0, 0, 0 FROM changed AS c
		ON CONFLICT (agreement_id) DO NOTHING;
	ELSE
		DELETE FROM prisoner_exchange.agreement_tally AS t
		WHERE t.agreement_id IN (SELECT p.id FROM previous AS p);
	END IF;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.tally_follow() IS
'Trigger function: a new agreement gets running totals of zero, a deleted one loses them; TRUNCATE of phase sets them all back to zero, of agreement removes them';

CREATE TRIGGER agreement_tally_insert
AFTER INSERT ON prisoner_exchange.agreement
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.tally_follow();
CREATE TRIGGER agreement_tally_delete
AFTER DELETE ON prisoner_exchange.agreement
REFERENCING OLD TABLE AS previous
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.tally_follow();
CREATE TRIGGER agreement_tally_truncate
AFTER TRUNCATE ON prisoner_exchange.agreement
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.tally_follow();
CREATE TRIGGER phase_tally_truncate
AFTER TRUNCATE ON prisoner_exchange.phase
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.tally_follow();

-- quota_ratio_hint(quota, ratio): what to write instead of a quota off its
-- ratio, for the hints of the agreement's and the terms' checks: the ratio
-- in lowest terms and its nearest multiple not above the quota's side A.
CREATE FUNCTION prisoner_exchange.quota_ratio_hint(
	quota prisoner_exchange.exchange_phase,
	ratio prisoner_exchange.exchange_phase)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT pg_catalog.format('At %s a quota is a multiple of %s:%s, e.g. %s:%s; or set balance_rule to ''none''.',
								 ratio, r.step_a, r.step_b,
								 GREATEST(prisoner_exchange.side_a(quota) / r.step_a, 1) * r.step_a,
								 GREATEST(prisoner_exchange.side_a(quota) / r.step_a, 1) * r.step_b)
		FROM (SELECT prisoner_exchange.side_a(ratio)::bigint
					 / pg_catalog.gcd(prisoner_exchange.side_a(ratio), prisoner_exchange.side_b(ratio)) AS step_a,
					 prisoner_exchange.side_b(ratio)::bigint
					 / pg_catalog.gcd(prisoner_exchange.side_a(ratio), prisoner_exchange.side_b(ratio)) AS step_b) AS r);
COMMENT ON FUNCTION prisoner_exchange.quota_ratio_hint(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'The hint for a quota off its ratio: the ratio in lowest terms and the nearest quota that keeps it (ratio sides must be 1 or more)';

-- An agreement's own values: a quota off its ratio is refused here, before
-- the CHECK constraint that backs this up, so that the error can say which
-- quotas would fit.
CREATE FUNCTION prisoner_exchange.agreement_check_quota()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NEW.quota IS NOT NULL AND NEW.ratio IS NOT NULL AND NEW.balance_rule <> 'none'
	   AND prisoner_exchange.side_a(NEW.ratio) > 0 AND prisoner_exchange.side_b(NEW.ratio) > 0
	   AND NOT prisoner_exchange.is_balanced(NEW.quota, NEW.ratio) THEN
		RAISE EXCEPTION 'quota % of agreement "%" does not keep its ratio %', NEW.quota, NEW.name, NEW.ratio
			USING ERRCODE = 'check_violation',
				  TABLE = 'agreement', CONSTRAINT = 'agreement_quota_keeps_ratio',
				  DETAIL = 'A quota that breaks the agreement''s ratio could never be completed in balance.',
				  HINT = prisoner_exchange.quota_ratio_hint(NEW.quota, NEW.ratio);
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.agreement_check_quota() IS
'Trigger function: refuses a quota off the agreement''s ratio with a hint of the quotas that fit (the CHECK agreement_quota_keeps_ratio backs it up)';

-- Named to fire after agreement_enforce_rules (triggers fire in name
-- order): what the recorded phases say comes first.
CREATE TRIGGER agreement_quota_keeps_ratio
BEFORE INSERT OR UPDATE OF quota, ratio, balance_rule ON prisoner_exchange.agreement
FOR EACH ROW EXECUTE FUNCTION prisoner_exchange.agreement_check_quota();

-- Changing an agreement's quota, ratio or rule must not leave its recorded
-- phases in breach.  The tally's lock makes phase writers wait for this
-- check to commit, and this check wait for them.
CREATE FUNCTION prisoner_exchange.agreement_enforce_rules()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	tally record;
	unbalanced bigint := 0;
	outside bigint;
BEGIN
	SELECT * INTO tally FROM prisoner_exchange.tally_add(OLD.id, 0, 0, 0);
	IF NEW.quota IS NOT NULL
	   AND (tally.returned_side_a > prisoner_exchange.side_a(NEW.quota)
			OR tally.returned_side_b > prisoner_exchange.side_b(NEW.quota)) THEN
		RAISE EXCEPTION 'quota % of agreement "%" is below what its phases already returned, %:%',
			NEW.quota, NEW.name, tally.returned_side_a, tally.returned_side_b
			USING ERRCODE = 'check_violation',
				  TABLE = 'agreement', CONSTRAINT = 'phase_within_quota',
				  HINT = 'Correct or remove phases first, or keep a quota that fits them.';
	END IF;
	IF NEW.balance_rule = 'each_phase' THEN
		SELECT pg_catalog.count(*) INTO unbalanced
		FROM prisoner_exchange.phase AS p
		WHERE p.agreement_id = OLD.id
		  AND NOT prisoner_exchange.is_balanced(p.counts, NEW.ratio);
	END IF;
	IF unbalanced > 0 THEN
		RAISE EXCEPTION 'agreement "%" has % phase(s) that do not keep the ratio %',
			NEW.name, unbalanced, NEW.ratio
			USING ERRCODE = 'check_violation',
				  TABLE = 'agreement', CONSTRAINT = 'phase_keeps_ratio',
				  HINT = 'Use balance_rule ''overall'' or ''none'' for this agreement, or correct those phases.';
	END IF;
	SELECT pg_catalog.count(*) INTO outside
	FROM prisoner_exchange.phase AS p
	WHERE p.agreement_id = OLD.id
	  AND ((p.exchanged_on < NEW.agreed_on AND NOT NEW.phases_may_precede)
		   OR p.exchanged_on > NEW.closed_on);
	IF outside > 0 THEN
		RAISE EXCEPTION 'agreement "%" has % phase(s) dated outside % to %',
			NEW.name, outside, COALESCE(NEW.agreed_on::text, 'its start'), COALESCE(NEW.closed_on::text, 'now')
			USING ERRCODE = 'check_violation',
				  TABLE = 'agreement', CONSTRAINT = 'phase_within_agreement_dates',
				  HINT = 'Keep the dates around the agreement''s phases, set phases_may_precede for phases before it, or correct those phases.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.agreement_enforce_rules() IS
'Trigger function: refuses a change of quota, ratio, balance rule or dates that the agreement''s recorded phases would break';

CREATE TRIGGER agreement_enforce_rules
BEFORE UPDATE OF quota, ratio, balance_rule, agreed_on, closed_on, phases_may_precede
ON prisoner_exchange.agreement
FOR EACH ROW
WHEN ((OLD.quota IS NULL) <> (NEW.quota IS NULL)
	  OR OLD.quota OPERATOR(prisoner_exchange.<>) NEW.quota
	  OR OLD.ratio OPERATOR(prisoner_exchange.<>) NEW.ratio
	  OR OLD.balance_rule IS DISTINCT FROM NEW.balance_rule
	  OR OLD.agreed_on IS DISTINCT FROM NEW.agreed_on
	  OR OLD.closed_on IS DISTINCT FROM NEW.closed_on
	  OR OLD.phases_may_precede IS DISTINCT FROM NEW.phases_may_precede)
EXECUTE FUNCTION prisoner_exchange.agreement_enforce_rules();

------------------------------------------------------------------------
-- Recording a phase by the agreement's name
------------------------------------------------------------------------
-- INSERT ... SELECT id FROM agreement WHERE name = '...' records nothing,
-- silently, when the name is mistyped; this says so.  Without a
-- day_ordinal the phase takes the next one of its day.

CREATE FUNCTION prisoner_exchange.record_phase(
	agreement_name text,
	exchanged_on date,
	counts prisoner_exchange.exchange_phase,
	day_ordinal integer DEFAULT NULL,
	place text DEFAULT NULL,
	source text DEFAULT NULL,
	notes text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	deal_id bigint;
	near text;
	ordinal integer := day_ordinal;
	phase_id bigint;
BEGIN
	IF agreement_name IS NULL OR exchanged_on IS NULL OR counts IS NULL THEN
		RAISE EXCEPTION 'record_phase() needs an agreement name, a date and the counts'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'For example: SELECT prisoner_exchange.record_phase(''Istanbul 1,000-for-1,000 (May 2025)'', ''2025-05-23'', ''390:390'').';
	END IF;
	SELECT a.id INTO deal_id FROM prisoner_exchange.agreement AS a WHERE a.name = agreement_name;
	IF deal_id IS NULL THEN
		-- The names that differ only in case or spacing, as candidates.
		SELECT pg_catalog.string_agg(pg_catalog.quote_literal(a.name), ', ' ORDER BY a.name) INTO near
		FROM prisoner_exchange.agreement AS a
		WHERE pg_catalog.lower(pg_catalog.regexp_replace(a.name, '\s+', '', 'g'))
			  = pg_catalog.lower(pg_catalog.regexp_replace(agreement_name, '\s+', '', 'g'));
		RAISE EXCEPTION 'agreement "%" does not exist', agreement_name
			USING ERRCODE = 'foreign_key_violation',
				  HINT = CASE WHEN near IS NOT NULL THEN 'Did you mean ' || near || '?'
							  ELSE 'SELECT name FROM prisoner_exchange.agreement lists the agreements; record the agreement first.' END;
	END IF;
	IF ordinal IS NULL THEN
		SELECT COALESCE(pg_catalog.max(p.day_ordinal), 0) + 1 INTO ordinal
		FROM prisoner_exchange.phase AS p
		WHERE p.agreement_id = deal_id AND p.exchanged_on = record_phase.exchanged_on;
	END IF;
	BEGIN
		INSERT INTO prisoner_exchange.phase AS p (agreement_id, exchanged_on, day_ordinal, counts, place, source, notes)
		VALUES (deal_id, record_phase.exchanged_on, ordinal, record_phase.counts,
				record_phase.place, record_phase.source, record_phase.notes)
		RETURNING p.id INTO phase_id;
	EXCEPTION WHEN unique_violation THEN
		RAISE EXCEPTION 'agreement "%" already has phase % on %', agreement_name, ordinal, exchanged_on
			USING ERRCODE = 'unique_violation',
				  TABLE = 'phase', CONSTRAINT = 'phase_order_unique',
				  HINT = 'A second handover on the same day takes the next day_ordinal (2, 3, ...); leave day_ordinal out and record_phase() picks it.';
	END;
	RETURN phase_id;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.record_phase(text, date, prisoner_exchange.exchange_phase, integer, text, text, text) IS
'Records a phase of the agreement of that name and returns its id; an unknown name is an error (23503), and without day_ordinal the phase takes the next one of its day';
