/* prisoner_exchange--1.4--1.5.sql: counts not published */

\echo Use "ALTER EXTENSION prisoner_exchange UPDATE TO '1.5'" to load this file. \quit

-- 1.5 lets a count be "?" (not published) or "N+" (published only as at
-- least N).  The stored form of every existing value is unchanged (a
-- published count is the same int32 as before; a lower bound uses the
-- negative numbers, which no 1.4 value can hold), so no row is rewritten.
-- What changes is what the functions, the rules and the views make of an
-- unknown: NULL for side_a(), total() and every verdict that depends on
-- it, the known lower bound in the new _at_least functions and columns,
-- and in the running totals the quota rule keeps.  The views keep their
-- columns and types and gain the _at_least ones at the end.

CREATE FUNCTION prisoner_exchange.is_complete(prisoner_exchange.exchange_phase)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'exchange_phase_is_complete'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION prisoner_exchange.is_complete(prisoner_exchange.exchange_phase) IS
'True when both counts were published (neither is ? nor a lower bound)';

-- The terms of an agreement are stated in full.  No 1.4 value can be
-- unpublished, so every existing row passes.
ALTER TABLE prisoner_exchange.agreement
	ADD CONSTRAINT agreement_terms_published
		CHECK (prisoner_exchange.is_complete(quota) AND prisoner_exchange.is_complete(ratio));

------------------------------------------------------------------------
-- Captive estimates say what they are
------------------------------------------------------------------------
-- Rows recorded before 1.5 were read as "at least so many held now":
-- they keep that meaning.
ALTER TABLE prisoner_exchange.captive_estimate
	ADD COLUMN bound text NOT NULL DEFAULT 'at least',
	ADD COLUMN measures text NOT NULL DEFAULT 'held now',
	ADD CONSTRAINT captive_estimate_bound_known CHECK (bound IN ('exact', 'at least', 'about', 'at most')),
	ADD CONSTRAINT captive_estimate_measures_known
		CHECK (measures IN ('held now', 'captured since the start', 'missing', 'deported children'));

COMMENT ON TYPE prisoner_exchange.exchange_phase IS
'How many people each side received in one handover, as side_a:side_b (e.g. 390:390); each count from 0 to 2147483647, ? when not published, or N+ when published only as at least N (130:?)';

COMMENT ON FUNCTION prisoner_exchange.exchange_phase_in(pg_catalog.cstring) IS
'Text input of exchange_phase: accepts 390:390, 390-for-390, 390 for 390 and 1,000-for-1,000; ? for a count not published, 130+ for at least 130';

COMMENT ON FUNCTION prisoner_exchange.exchange_phase_recv(pg_catalog.internal) IS
'Binary input of exchange_phase: two big-endian int4, side A then side B; -1 - N for at least N (-1: not published)';

COMMENT ON FUNCTION prisoner_exchange.exchange_phase_send(prisoner_exchange.exchange_phase) IS
'Binary output of exchange_phase: two big-endian int4, side A then side B; -1 - N for at least N (-1: not published)';

COMMENT ON FUNCTION prisoner_exchange.side_a(prisoner_exchange.exchange_phase) IS
'People returned to side A; NULL when not published (side_a_at_least gives what is known)';

COMMENT ON FUNCTION prisoner_exchange.side_b(prisoner_exchange.exchange_phase) IS
'People returned to side B; NULL when not published (side_b_at_least gives what is known)';

COMMENT ON FUNCTION prisoner_exchange.total(prisoner_exchange.exchange_phase) IS
'People returned to both sides together, as bigint; NULL when a count was not published (total_at_least gives what is known)';

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

COMMENT ON FUNCTION prisoner_exchange.exchange_phase_add(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Adds two phases side by side (a side with a lower bound gives a lower bound); an error (22003) if a count would exceed 2147483647';

COMMENT ON FUNCTION prisoner_exchange.exchange_phase_subtract(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'Subtracts side by side, e.g. a phase from a quota; an error (22003) if a count would go below 0, (22023) if the second has a count not published';

COMMENT ON FUNCTION prisoner_exchange.exchange_phase_contained(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'True when each side of the first is no larger than the same side of the second; NULL when a count not published leaves it open';

COMMENT ON FUNCTION prisoner_exchange.exchange_phase_contains(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'True when each side of the first is at least as large as the same side of the second; NULL when a count not published leaves it open';

COMMENT ON FUNCTION prisoner_exchange.balance(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'side_a(p)*side_b(ratio) - side_b(p)*side_a(ratio): 0 when p keeps the agreed ratio (default 1:1), positive when side A received more than its share; NULL when a count of p was not published';

COMMENT ON FUNCTION prisoner_exchange.is_balanced(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'True when p keeps the agreed ratio exactly (default 1:1; e.g. 1:3 for one hostage per three prisoners); NULL when a count of p was not published';

COMMENT ON AGGREGATE prisoner_exchange.sum(prisoner_exchange.exchange_phase) IS
'People returned to each side over all rows; a side with a count not published sums to a lower bound (680+:?); NULLs ignored, NULL over no rows, an error (22003) rather than overflow';

COMMENT ON COLUMN prisoner_exchange.phase.counts IS 'People returned to side A and to side B in this handover; ? for a count not published, N+ for one published as at least N';

COMMENT ON COLUMN prisoner_exchange.captive_estimate.held_at_least IS 'The figure published for the people held (including any since returned, when the source counts them so), a lower bound unless bound says otherwise; NULL when not published';

COMMENT ON COLUMN prisoner_exchange.captive_estimate.bound IS 'What kind of figure held_at_least is: exact, at least (the default), about, or at most ("up to 28,000")';

COMMENT ON COLUMN prisoner_exchange.captive_estimate.measures IS 'What the figure counts: held now (the default; the only kind the views use), captured since the start, missing, or deported children';

CREATE FUNCTION prisoner_exchange.remaining_count(quota_side integer, returned_at_least integer, published boolean)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN quota_side IS NOT NULL AND (published OR returned_at_least >= quota_side)
		THEN GREATEST(quota_side - returned_at_least, 0) END;

COMMENT ON FUNCTION prisoner_exchange.remaining_count(integer, integer, boolean) IS
'What one side of a quota has left after at least returned_at_least people, exact when published is true; NULL when a count not published leaves it open, or without a quota';

CREATE OR REPLACE FUNCTION prisoner_exchange.remaining(
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

CREATE OR REPLACE FUNCTION prisoner_exchange.over_quota(
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

CREATE OR REPLACE FUNCTION prisoner_exchange.percent_complete(
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

CREATE OR REPLACE FUNCTION prisoner_exchange.exchange_status(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN prisoner_exchange.progress_status(quota, COALESCE(returned, '0:0'));

COMMENT ON COLUMN prisoner_exchange.agreement_tally.returned_side_a IS 'Sum of side A over the agreement''s phases, counting a count not published as its known lower bound';

COMMENT ON COLUMN prisoner_exchange.agreement_tally.returned_side_b IS 'Sum of side B over the agreement''s phases, counting a count not published as its known lower bound';

CREATE OR REPLACE FUNCTION prisoner_exchange.tally_add(
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

CREATE OR REPLACE FUNCTION prisoner_exchange.recount_tallies()
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

CREATE OR REPLACE FUNCTION prisoner_exchange.phase_enforce_rules()
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

CREATE OR REPLACE FUNCTION prisoner_exchange.agreement_check_quota()
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

CREATE TABLE prisoner_exchange.category (
	name text PRIMARY KEY,
	description text,
	builtin boolean NOT NULL DEFAULT false,
	-- One spelling per group: trimmed, lower case, not empty.
	CONSTRAINT category_name_clean
		CHECK (name <> '' AND name = pg_catalog.btrim(name) AND name = pg_catalog.lower(name))
);

COMMENT ON TABLE prisoner_exchange.category IS
'The controlled list of categories of people exchanged (military, civilian, ...); add your own';

COMMENT ON COLUMN prisoner_exchange.category.name IS 'The category, in lower case (e.g. military, female soldier)';

COMMENT ON COLUMN prisoner_exchange.category.description IS 'Who is counted in it';

COMMENT ON COLUMN prisoner_exchange.category.builtin IS 'true for the categories the extension ships; pg_dump saves only the others';

INSERT INTO prisoner_exchange.category (name, description, builtin) VALUES
	('military', 'Service members: soldiers, officers, prisoners of war', true),
	('civilian', 'Civilians: detainees, hostages and deportees not in service', true),
	('wounded or seriously ill', 'Released on medical grounds: the severely wounded and the seriously ill', true),
	('under 25', 'Service members aged 18 to 25 (a category of the June 2025 Istanbul agreement)', true);

CREATE TABLE prisoner_exchange.phase_category (
	id bigserial PRIMARY KEY,
	phase_id bigint NOT NULL REFERENCES prisoner_exchange.phase (id) ON DELETE CASCADE,
	category text NOT NULL REFERENCES prisoner_exchange.category (name) ON UPDATE CASCADE,
	counts prisoner_exchange.exchange_phase NOT NULL,
	-- The phase's agreement, kept here by phase_category_fill() so that the
	-- rules find the agreement of a part whose phase is being deleted.
	agreement_id bigint NOT NULL,
	source text,
	notes text,
	CONSTRAINT phase_category_unique UNIQUE (phase_id, category)
);

COMMENT ON TABLE prisoner_exchange.phase_category IS
'A phase''s breakdown by category: the people of each category returned to each side; the parts of one phase do not overlap and add up to its counts';

COMMENT ON COLUMN prisoner_exchange.phase_category.id IS 'Surrogate key';

COMMENT ON COLUMN prisoner_exchange.phase_category.phase_id IS 'The phase broken down';

COMMENT ON COLUMN prisoner_exchange.phase_category.category IS 'The category (category.name)';

COMMENT ON COLUMN prisoner_exchange.phase_category.counts IS 'People of this category returned to side A and to side B in the phase; ? for a part not published';

COMMENT ON COLUMN prisoner_exchange.phase_category.agreement_id IS 'The phase''s agreement, filled in from the phase (any value given is replaced)';

COMMENT ON COLUMN prisoner_exchange.phase_category.source IS 'Public source of the breakdown (URL or citation)';

COMMENT ON COLUMN prisoner_exchange.phase_category.notes IS 'Free-text notes';

CREATE INDEX phase_category_agreement ON prisoner_exchange.phase_category (agreement_id, category);

CREATE TABLE prisoner_exchange.agreement_term (
	id bigserial PRIMARY KEY,
	agreement_id bigint NOT NULL REFERENCES prisoner_exchange.agreement (id) ON DELETE CASCADE,
	category text NOT NULL REFERENCES prisoner_exchange.category (name) ON UPDATE CASCADE,
	quota prisoner_exchange.exchange_phase,
	ratio prisoner_exchange.exchange_phase NOT NULL DEFAULT '1:1',
	balance_rule text NOT NULL DEFAULT 'each_phase',
	source text,
	notes text,
	CONSTRAINT agreement_term_unique UNIQUE (agreement_id, category),
	CONSTRAINT agreement_term_balance_rule_known CHECK (balance_rule IN ('each_phase', 'overall', 'none')),
	CONSTRAINT agreement_term_published
		CHECK (prisoner_exchange.is_complete(quota) AND prisoner_exchange.is_complete(ratio)),
	CONSTRAINT agreement_term_ratio_has_no_zero_side
		CHECK (prisoner_exchange.side_a(ratio) > 0 AND prisoner_exchange.side_b(ratio) > 0),
	CONSTRAINT agreement_term_quota_keeps_ratio
		CHECK (balance_rule = 'none' OR quota IS NULL OR prisoner_exchange.is_balanced(quota, ratio))
);

COMMENT ON TABLE prisoner_exchange.agreement_term IS
'An agreement''s terms for one category: a quota and a ratio of its own, enforced on the phases'' breakdowns';

COMMENT ON COLUMN prisoner_exchange.agreement_term.id IS 'Surrogate key';

COMMENT ON COLUMN prisoner_exchange.agreement_term.agreement_id IS 'The agreement';

COMMENT ON COLUMN prisoner_exchange.agreement_term.category IS 'The category the terms are for (category.name)';

COMMENT ON COLUMN prisoner_exchange.agreement_term.quota IS 'People of this category to return to each side; NULL when the agreement sets no number for it';

COMMENT ON COLUMN prisoner_exchange.agreement_term.ratio IS 'Ratio of this category''s returns to side A and side B (e.g. 1:30 for 30 prisoners per civilian hostage)';

COMMENT ON COLUMN prisoner_exchange.agreement_term.balance_rule IS 'each_phase: every phase''s part of this category keeps the ratio; overall or none: report only';

COMMENT ON COLUMN prisoner_exchange.agreement_term.source IS 'Public source of the terms (URL or citation)';

COMMENT ON COLUMN prisoner_exchange.agreement_term.notes IS 'Free-text notes';

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.category', 'WHERE NOT builtin');

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.phase_category', '');

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.phase_category_id_seq', '');

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.agreement_term', '');

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.agreement_term_id_seq', '');

CREATE TABLE prisoner_exchange.agreement_category_tally (
	agreement_id bigint NOT NULL,
	category text NOT NULL,
	returned_side_a bigint NOT NULL,
	returned_side_b bigint NOT NULL,
	PRIMARY KEY (agreement_id, category)
);

COMMENT ON TABLE prisoner_exchange.agreement_category_tally IS
'Running totals of each agreement''s breakdowns per category, kept by the rules (what is known: a part not published counts as its lower bound); a cache rebuilt by recount_tallies(), not a record';

COMMENT ON COLUMN prisoner_exchange.agreement_category_tally.agreement_id IS 'agreement.id';

COMMENT ON COLUMN prisoner_exchange.agreement_category_tally.category IS 'category.name';

COMMENT ON COLUMN prisoner_exchange.agreement_category_tally.returned_side_a IS 'Sum of side A over the agreement''s parts of this category';

COMMENT ON COLUMN prisoner_exchange.agreement_category_tally.returned_side_b IS 'Sum of side B over the agreement''s parts of this category';

CREATE FUNCTION prisoner_exchange.category_tally_add(
	agreement bigint, category_name text, delta_a bigint, delta_b bigint,
	OUT returned_side_a bigint, OUT returned_side_b bigint)
LANGUAGE plpgsql STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	UPDATE prisoner_exchange.agreement_category_tally AS t
	SET returned_side_a = t.returned_side_a + delta_a,
		returned_side_b = t.returned_side_b + delta_b
	WHERE t.agreement_id = agreement AND t.category = category_name
	RETURNING t.returned_side_a, t.returned_side_b INTO returned_side_a, returned_side_b;
	IF NOT FOUND THEN
		INSERT INTO prisoner_exchange.agreement_category_tally AS t
		SELECT agreement, category_name,
			   COALESCE(pg_catalog.sum(prisoner_exchange.side_a_at_least(c.counts)), 0),
			   COALESCE(pg_catalog.sum(prisoner_exchange.side_b_at_least(c.counts)), 0)
		FROM prisoner_exchange.phase_category AS c
		WHERE c.agreement_id = agreement AND c.category = category_name
		ON CONFLICT (agreement_id, category) DO UPDATE
		SET returned_side_a = t.returned_side_a + delta_a,
			returned_side_b = t.returned_side_b + delta_b
		RETURNING t.returned_side_a, t.returned_side_b INTO returned_side_a, returned_side_b;
	END IF;
END
$$;

COMMENT ON FUNCTION prisoner_exchange.category_tally_add(bigint, text, bigint, bigint) IS
'Internal to the rules: adds to an agreement''s running totals for one category (rebuilding them when missing) and returns them';

CREATE FUNCTION prisoner_exchange.phase_category_fill()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	SELECT p.agreement_id INTO NEW.agreement_id
	FROM prisoner_exchange.phase AS p WHERE p.id = NEW.phase_id;
	IF NEW.agreement_id IS NULL THEN
		RAISE EXCEPTION 'phase % does not exist', NEW.phase_id
			USING ERRCODE = 'foreign_key_violation',
				  TABLE = 'phase_category', CONSTRAINT = 'phase_category_phase_id_fkey',
				  HINT = 'Record the phase first; a breakdown names the id of a row of prisoner_exchange.phase.';
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION prisoner_exchange.phase_category_fill() IS
'Trigger function: fills a part''s agreement_id from its phase; an unknown phase is an error (23503)';

CREATE TRIGGER phase_category_fill
BEFORE INSERT OR UPDATE OF phase_id, agreement_id ON prisoner_exchange.phase_category
FOR EACH ROW EXECUTE FUNCTION prisoner_exchange.phase_category_fill();

CREATE FUNCTION prisoner_exchange.phase_breakdown_stays()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM prisoner_exchange.phase_category AS c WHERE c.phase_id = OLD.id) THEN
		RAISE EXCEPTION 'phase % has a breakdown by category and cannot move to agreement %', OLD.id, NEW.agreement_id
			USING ERRCODE = 'check_violation',
				  TABLE = 'phase', CONSTRAINT = 'phase_category_same_agreement',
				  HINT = 'Delete the phase''s rows of phase_category, move the phase, and record them again.';
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION prisoner_exchange.phase_breakdown_stays() IS
'Trigger function: refuses moving a phase that has a breakdown to another agreement (23514)';

CREATE TRIGGER phase_breakdown_stays
BEFORE UPDATE OF agreement_id ON prisoner_exchange.phase
FOR EACH ROW WHEN (OLD.agreement_id IS DISTINCT FROM NEW.agreement_id)
EXECUTE FUNCTION prisoner_exchange.phase_breakdown_stays();

CREATE FUNCTION prisoner_exchange.phase_category_enforce_rules()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	-- Per agreement and category touched, in that order: what the
	-- statement adds (new parts less old parts, by what is known of them)
	-- and how many parts it wrote.
	deals bigint[];
	categories text[];
	delta_a bigint[];
	delta_b bigint[];
	new_parts bigint[];
	deal bigint;
	locked bigint;
	totals record;
	term record;
	offender record;
	i integer;
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT pg_catalog.array_agg(d.agreement_id ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(d.category ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(d.a ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(d.b ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(d.n ORDER BY d.agreement_id, d.category)
		INTO deals, categories, delta_a, delta_b, new_parts
		FROM (SELECT c.agreement_id, c.category, pg_catalog.sum(prisoner_exchange.side_a_at_least(c.counts)) AS a,
					 pg_catalog.sum(prisoner_exchange.side_b_at_least(c.counts)) AS b, pg_catalog.count(*) AS n
			  FROM changed AS c GROUP BY 1, 2) AS d;
	ELSIF TG_OP = 'DELETE' THEN
		SELECT pg_catalog.array_agg(d.agreement_id ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(d.category ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(-d.a ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(-d.b ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(0::bigint ORDER BY d.agreement_id, d.category)
		INTO deals, categories, delta_a, delta_b, new_parts
		FROM (SELECT o.agreement_id, o.category, pg_catalog.sum(prisoner_exchange.side_a_at_least(o.counts)) AS a,
					 pg_catalog.sum(prisoner_exchange.side_b_at_least(o.counts)) AS b
			  FROM previous AS o GROUP BY 1, 2) AS d;
	ELSE
		SELECT pg_catalog.array_agg(d.agreement_id ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(d.category ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(d.a ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(d.b ORDER BY d.agreement_id, d.category),
			   pg_catalog.array_agg(d.n ORDER BY d.agreement_id, d.category)
		INTO deals, categories, delta_a, delta_b, new_parts
		FROM (SELECT r.agreement_id, r.category, pg_catalog.sum(r.a * r.sign) AS a,
					 pg_catalog.sum(r.b * r.sign) AS b, pg_catalog.count(*) FILTER (WHERE r.sign = 1) AS n
			  FROM (SELECT c.agreement_id, c.category, prisoner_exchange.side_a_at_least(c.counts)::bigint AS a,
						   prisoner_exchange.side_b_at_least(c.counts)::bigint AS b, 1 AS sign
					FROM changed AS c
					UNION ALL
					SELECT o.agreement_id, o.category, prisoner_exchange.side_a_at_least(o.counts),
						   prisoner_exchange.side_b_at_least(o.counts), -1
					FROM previous AS o) AS r
			  GROUP BY 1, 2) AS d;
	END IF;
	IF deals IS NULL THEN
		RETURN NULL;
	END IF;

	-- The agreements' locks, in id order, as every writer takes them.
	FOREACH deal IN ARRAY deals LOOP
		CONTINUE WHEN deal = locked;	-- sorted: one agreement's categories follow each other
		PERFORM prisoner_exchange.tally_add(deal, 0, 0, 0);
		locked := deal;
	END LOOP;
	FOR i IN 1 .. pg_catalog.array_length(deals, 1) LOOP
		SELECT * INTO totals
		FROM prisoner_exchange.category_tally_add(deals[i], categories[i], delta_a[i], delta_b[i]);
		CONTINUE WHEN new_parts[i] = 0 OR (delta_a[i] <= 0 AND delta_b[i] <= 0);
		SELECT t.quota, a.name INTO term
		FROM prisoner_exchange.agreement_term AS t
		JOIN prisoner_exchange.agreement AS a ON a.id = t.agreement_id
		WHERE t.agreement_id = deals[i] AND t.category = categories[i] AND t.quota IS NOT NULL;
		IF FOUND AND ((delta_a[i] > 0 AND totals.returned_side_a > prisoner_exchange.side_a(term.quota))
					  OR (delta_b[i] > 0 AND totals.returned_side_b > prisoner_exchange.side_b(term.quota))) THEN
			RAISE EXCEPTION 'the % parts of agreement "%" would add up to %:%, past its quota % for them',
				categories[i], term.name, totals.returned_side_a, totals.returned_side_b, term.quota
				USING ERRCODE = 'check_violation',
					  TABLE = 'phase_category', CONSTRAINT = 'phase_category_within_quota',
					  DETAIL = pg_catalog.format('The agreement''s terms for %s set a quota of %s; this statement adds %s:%s.',
												 categories[i], term.quota, delta_a[i], delta_b[i]),
					  HINT = pg_catalog.format('At most %s:%s of %s can still be exchanged under this agreement.',
											   GREATEST(prisoner_exchange.side_a(term.quota) - (totals.returned_side_a - delta_a[i]), 0),
											   GREATEST(prisoner_exchange.side_b(term.quota) - (totals.returned_side_b - delta_b[i]), 0),
											   categories[i]);
		END IF;
	END LOOP;
	IF TG_OP = 'DELETE' THEN
		RETURN NULL;			-- parts taken away break no term
	END IF;

	SELECT c.phase_id, c.category, c.counts, t.ratio, a.name INTO offender
	FROM changed AS c
	JOIN prisoner_exchange.agreement_term AS t ON t.agreement_id = c.agreement_id AND t.category = c.category
	JOIN prisoner_exchange.agreement AS a ON a.id = c.agreement_id
	WHERE t.balance_rule = 'each_phase' AND NOT prisoner_exchange.is_balanced(c.counts, t.ratio)
	ORDER BY c.agreement_id, c.phase_id, c.category
	LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION '% part % of phase % breaks the % ratio of agreement "%"',
			offender.category, offender.counts, offender.phase_id, offender.ratio, offender.name
			USING ERRCODE = 'check_violation',
				  TABLE = 'phase_category', CONSTRAINT = 'phase_category_keeps_ratio',
				  DETAIL = pg_catalog.format('The terms for %s set %s; this part is off by %s (balance(counts, ratio)).',
											 offender.category, offender.ratio,
											 prisoner_exchange.balance(offender.counts, offender.ratio)),
				  HINT = 'Correct the part''s counts, or set the term''s balance_rule to ''overall'' or ''none''.';
	END IF;
	RETURN NULL;
END
$$;

COMMENT ON FUNCTION prisoner_exchange.phase_category_enforce_rules() IS
'Trigger function: after each statement on phase_category, keeps each agreement''s parts within the quota of their category and, under each_phase, each part at its category''s ratio, through running totals locked per agreement in id order';

CREATE TRIGGER phase_category_enforce_rules_insert
AFTER INSERT ON prisoner_exchange.phase_category
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_category_enforce_rules();

CREATE TRIGGER phase_category_enforce_rules_update
AFTER UPDATE ON prisoner_exchange.phase_category
REFERENCING OLD TABLE AS previous NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_category_enforce_rules();

CREATE TRIGGER phase_category_enforce_rules_delete
AFTER DELETE ON prisoner_exchange.phase_category
REFERENCING OLD TABLE AS previous
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_category_enforce_rules();

CREATE FUNCTION prisoner_exchange.parts_add_up(
	count integer, count_at_least integer, parts integer, parts_at_least integer)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
		WHEN count IS NOT NULL AND parts IS NOT NULL THEN parts = count
		WHEN count IS NOT NULL THEN parts_at_least <= count
		WHEN parts IS NOT NULL THEN parts >= count_at_least
		ELSE true
	END;

COMMENT ON FUNCTION prisoner_exchange.parts_add_up(integer, integer, integer, integer) IS
'Whether one side of a breakdown adds up to the phase''s count, as far as is known: equal when both are published, within the count when a part is not, no less than a count published as at least N';

CREATE FUNCTION prisoner_exchange.phase_breakdown_adds_up()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	checked_id bigint;
	checked record;
BEGIN
	-- Separate statements: NEW of phase has no phase_id.
	IF TG_TABLE_NAME = 'phase' THEN
		checked_id := NEW.id;
	ELSIF TG_OP = 'DELETE' THEN
		checked_id := OLD.phase_id;
	ELSE
		checked_id := NEW.phase_id;
	END IF;
	SELECT p.id, p.counts, prisoner_exchange.sum(c.counts) AS parts, pg_catalog.count(c.id) AS n
	INTO checked
	FROM prisoner_exchange.phase AS p
	LEFT JOIN prisoner_exchange.phase_category AS c ON c.phase_id = p.id
	WHERE p.id = checked_id
	GROUP BY p.id;
	IF NOT FOUND OR checked.n = 0 THEN
		RETURN NULL;			-- the phase went, or has no breakdown
	END IF;
	IF prisoner_exchange.parts_add_up(prisoner_exchange.side_a(checked.counts), prisoner_exchange.side_a_at_least(checked.counts),
									  prisoner_exchange.side_a(checked.parts), prisoner_exchange.side_a_at_least(checked.parts))
	   AND prisoner_exchange.parts_add_up(prisoner_exchange.side_b(checked.counts), prisoner_exchange.side_b_at_least(checked.counts),
										  prisoner_exchange.side_b(checked.parts), prisoner_exchange.side_b_at_least(checked.parts)) THEN
		RETURN NULL;
	END IF;
	RAISE EXCEPTION 'the breakdown of phase % adds up to %, not to its counts %', checked.id, checked.parts, checked.counts
		USING ERRCODE = 'check_violation',
			  TABLE = 'phase_category', CONSTRAINT = 'phase_category_adds_up',
			  DETAIL = 'The parts of a phase do not overlap: each person is counted in one category.',
			  HINT = 'Record every category of the phase, with ? for a part not published, or correct the phase''s counts.';
END
$$;

COMMENT ON FUNCTION prisoner_exchange.phase_breakdown_adds_up() IS
'Constraint trigger function, at commit: the parts of a phase''s breakdown add up to its counts as far as is known (23514)';

CREATE CONSTRAINT TRIGGER phase_category_adds_up
AFTER INSERT OR UPDATE OR DELETE ON prisoner_exchange.phase_category
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION prisoner_exchange.phase_breakdown_adds_up();

CREATE CONSTRAINT TRIGGER phase_category_adds_up
AFTER UPDATE OF counts ON prisoner_exchange.phase
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION prisoner_exchange.phase_breakdown_adds_up();

CREATE FUNCTION prisoner_exchange.agreement_term_enforce_rules()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	totals record;
	unbalanced bigint := 0;
	deal text;
BEGIN
	SELECT a.name INTO deal FROM prisoner_exchange.agreement AS a WHERE a.id = NEW.agreement_id;
	IF NEW.quota IS NOT NULL AND NEW.balance_rule <> 'none'
	   AND prisoner_exchange.side_a(NEW.ratio) > 0 AND prisoner_exchange.side_b(NEW.ratio) > 0
	   AND prisoner_exchange.is_complete(NEW.quota)
	   AND NOT prisoner_exchange.is_balanced(NEW.quota, NEW.ratio) THEN
		RAISE EXCEPTION 'quota % for % of agreement "%" does not keep its ratio %', NEW.quota, NEW.category, deal, NEW.ratio
			USING ERRCODE = 'check_violation',
				  TABLE = 'agreement_term', CONSTRAINT = 'agreement_term_quota_keeps_ratio',
				  HINT = prisoner_exchange.quota_ratio_hint(NEW.quota, NEW.ratio);
	END IF;
	PERFORM prisoner_exchange.tally_add(NEW.agreement_id, 0, 0, 0);
	SELECT * INTO totals FROM prisoner_exchange.category_tally_add(NEW.agreement_id, NEW.category, 0, 0);
	IF NEW.quota IS NOT NULL
	   AND (totals.returned_side_a > prisoner_exchange.side_a(NEW.quota)
			OR totals.returned_side_b > prisoner_exchange.side_b(NEW.quota)) THEN
		RAISE EXCEPTION 'quota % for % of agreement "%" is below what its parts already returned, %:%',
			NEW.quota, NEW.category, deal, totals.returned_side_a, totals.returned_side_b
			USING ERRCODE = 'check_violation',
				  TABLE = 'agreement_term', CONSTRAINT = 'phase_category_within_quota',
				  HINT = 'Correct or remove parts first, or keep a quota that fits them.';
	END IF;
	IF NEW.balance_rule = 'each_phase' THEN
		SELECT pg_catalog.count(*) INTO unbalanced
		FROM prisoner_exchange.phase_category AS c
		WHERE c.agreement_id = NEW.agreement_id AND c.category = NEW.category
		  AND NOT prisoner_exchange.is_balanced(c.counts, NEW.ratio);
	END IF;
	IF unbalanced > 0 THEN
		RAISE EXCEPTION 'agreement "%" has % % part(s) that do not keep the ratio %', deal, unbalanced, NEW.category, NEW.ratio
			USING ERRCODE = 'check_violation',
				  TABLE = 'agreement_term', CONSTRAINT = 'phase_category_keeps_ratio',
				  HINT = 'Use balance_rule ''overall'' or ''none'' for this term, or correct those parts.';
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION prisoner_exchange.agreement_term_enforce_rules() IS
'Trigger function: refuses a term whose quota is off its ratio, or that the parts already recorded would break (23514)';

CREATE TRIGGER agreement_term_enforce_rules
BEFORE INSERT OR UPDATE ON prisoner_exchange.agreement_term
FOR EACH ROW EXECUTE FUNCTION prisoner_exchange.agreement_term_enforce_rules();

CREATE FUNCTION prisoner_exchange.category_tally_truncate()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	DELETE FROM prisoner_exchange.agreement_category_tally;
	RETURN NULL;
END
$$;

COMMENT ON FUNCTION prisoner_exchange.category_tally_truncate() IS
'Trigger function: TRUNCATE of phase_category empties the running totals per category';

CREATE TRIGGER phase_category_tally_truncate
AFTER TRUNCATE ON prisoner_exchange.phase_category
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.category_tally_truncate();

CREATE OR REPLACE VIEW prisoner_exchange.remains_returned AS
SELECT r.agreement_id,
	   a.name AS agreement_name,
	   r.to_side AS receiving_side,
	   r.from_side AS handing_side,
	   r.transfers,
	   r.transfers_unpublished,
	   r.bodies_published AS bodies_at_least,
	   r.transfers_unpublished = 0 AS bodies_complete,
	   r.first_transferred_on,
	   r.last_transferred_on,
	   CASE WHEN a.id IS NULL THEN NULL
			WHEN r.to_side = a.side_a THEN prisoner_exchange.side_a(alive.returned)
			WHEN r.to_side = a.side_b THEN prisoner_exchange.side_b(alive.returned)
			ELSE 0 END::bigint AS returned_alive,
	   CASE WHEN a.id IS NULL THEN NULL
			WHEN r.to_side = a.side_a THEN prisoner_exchange.side_a_at_least(alive.returned)
			WHEN r.to_side = a.side_b THEN prisoner_exchange.side_b_at_least(alive.returned)
			ELSE 0 END::bigint AS returned_alive_at_least
FROM (
	SELECT COALESCE(t.agreement_id, ph.agreement_id) AS agreement_id,
		   t.to_side, t.from_side,
		   pg_catalog.count(*) AS transfers,
		   pg_catalog.count(*) FILTER (WHERE t.bodies IS NULL) AS transfers_unpublished,
		   COALESCE(pg_catalog.sum(t.bodies), 0) AS bodies_published,
		   pg_catalog.min(t.transferred_on) AS first_transferred_on,
		   pg_catalog.max(t.transferred_on) AS last_transferred_on
	FROM prisoner_exchange.remains_transfer AS t
	LEFT JOIN prisoner_exchange.phase AS ph ON ph.id = t.phase_id
	GROUP BY 1, 2, 3
) AS r
LEFT JOIN prisoner_exchange.agreement AS a ON a.id = r.agreement_id
LEFT JOIN LATERAL (
	SELECT COALESCE(prisoner_exchange.sum(p.counts), '0:0') AS returned
	FROM prisoner_exchange.phase AS p
	WHERE p.agreement_id = a.id
) AS alive ON a.id IS NOT NULL;

COMMENT ON COLUMN prisoner_exchange.remains_returned.returned_alive IS 'People returned alive to the receiving side under the same agreement, for comparison (never including the remains); NULL under no agreement, or when a count was not published';

COMMENT ON COLUMN prisoner_exchange.remains_returned.returned_alive_at_least IS 'What is known of the people returned alive to the receiving side under the same agreement: returned_alive, or its lower bound when a count was not published';

CREATE TABLE prisoner_exchange.published_total (
	id bigserial PRIMARY KEY,
	returned_to text NOT NULL CHECK (returned_to <> ''),
	as_of date NOT NULL,
	figure bigint NOT NULL CHECK (figure >= 0),
	bound text NOT NULL DEFAULT 'exact',
	scope text NOT NULL DEFAULT 'exchanges',
	category text REFERENCES prisoner_exchange.category (name) ON UPDATE CASCADE,
	published_by text,
	source text,
	gap_reason text,
	notes text,
	CONSTRAINT published_total_bound_known CHECK (bound IN ('exact', 'at least', 'more than', 'about')),
	CONSTRAINT published_total_scope_known CHECK (scope IN ('exchanges', 'outside exchanges', 'all returned'))
);

COMMENT ON TABLE prisoner_exchange.published_total IS
'A running total as published: how many people of one side had come home by a date, with what it counts and who said it';

COMMENT ON COLUMN prisoner_exchange.published_total.id IS 'Surrogate key';

COMMENT ON COLUMN prisoner_exchange.published_total.returned_to IS 'The side whose people came home, as the agreements name it (e.g. Ukraine)';

COMMENT ON COLUMN prisoner_exchange.published_total.as_of IS 'The date the total refers to';

COMMENT ON COLUMN prisoner_exchange.published_total.figure IS 'The number published';

COMMENT ON COLUMN prisoner_exchange.published_total.bound IS 'exact, at least, more than ("more than 7,000") or about';

COMMENT ON COLUMN prisoner_exchange.published_total.scope IS 'What it counts: exchanges (people returned in exchanges), outside exchanges (released otherwise), or all returned';

COMMENT ON COLUMN prisoner_exchange.published_total.category IS 'A category the figure is limited to (military, civilian, ...); NULL for everyone';

COMMENT ON COLUMN prisoner_exchange.published_total.published_by IS 'Who published it (e.g. the Coordination Headquarters)';

COMMENT ON COLUMN prisoner_exchange.published_total.source IS 'Public source (URL or citation)';

COMMENT ON COLUMN prisoner_exchange.published_total.gap_reason IS 'Why the phases recorded fall short of (or exceed) the figure, where they do';

COMMENT ON COLUMN prisoner_exchange.published_total.notes IS 'Free-text notes';

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.published_total', '');

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.published_total_id_seq', '');

CREATE VIEW prisoner_exchange.published_total_check AS
SELECT t.id AS published_total_id,
	   t.returned_to,
	   t.as_of,
	   t.scope,
	   t.category,
	   t.bound,
	   t.figure,
	   r.record_at_least,
	   r.record_complete,
	   t.figure - r.record_at_least AS difference,
	   CASE t.bound
		   WHEN 'exact' THEN
			   CASE WHEN r.record_complete THEN r.record_at_least = t.figure
					WHEN r.record_at_least > t.figure THEN false END
		   WHEN 'at least' THEN
			   CASE WHEN r.record_at_least >= t.figure THEN true
					WHEN r.record_complete THEN false END
		   WHEN 'more than' THEN
			   CASE WHEN r.record_at_least > t.figure THEN true
					WHEN r.record_complete THEN false END
	   END AS record_agrees,
	   t.gap_reason,
	   t.published_by,
	   t.source
FROM prisoner_exchange.published_total AS t
LEFT JOIN LATERAL (
	SELECT COALESCE(pg_catalog.sum(v.known), 0)::bigint AS record_at_least,
		   COALESCE(pg_catalog.bool_and(v.published), true) AS record_complete
	FROM (
		SELECT CASE WHEN a.side_a = t.returned_to THEN prisoner_exchange.side_a_at_least(p.counts)
					ELSE prisoner_exchange.side_b_at_least(p.counts) END AS known,
			   CASE WHEN a.side_a = t.returned_to THEN prisoner_exchange.side_a(p.counts)
					ELSE prisoner_exchange.side_b(p.counts) END IS NOT NULL AS published
		FROM prisoner_exchange.phase AS p
		JOIN prisoner_exchange.agreement AS a ON a.id = p.agreement_id
		WHERE t.category IS NULL
		  AND p.exchanged_on <= t.as_of
		  AND t.returned_to IN (a.side_a, a.side_b)
		UNION ALL
		-- A phase with a breakdown and no part of the category returned
		-- none of it; one without a breakdown, an unknown number.
		SELECT COALESCE(CASE WHEN a.side_a = t.returned_to THEN prisoner_exchange.side_a_at_least(c.counts)
							 ELSE prisoner_exchange.side_b_at_least(c.counts) END, 0),
			   CASE WHEN c.id IS NOT NULL
						THEN CASE WHEN a.side_a = t.returned_to THEN prisoner_exchange.side_a(c.counts)
								  ELSE prisoner_exchange.side_b(c.counts) END IS NOT NULL
					ELSE EXISTS (SELECT 1 FROM prisoner_exchange.phase_category AS w WHERE w.phase_id = p.id)
			   END
		FROM prisoner_exchange.phase AS p
		JOIN prisoner_exchange.agreement AS a ON a.id = p.agreement_id
		LEFT JOIN prisoner_exchange.phase_category AS c ON c.phase_id = p.id AND c.category = t.category
		WHERE t.category IS NOT NULL
		  AND p.exchanged_on <= t.as_of
		  AND t.returned_to IN (a.side_a, a.side_b)
	) AS v
) AS r ON t.scope = 'exchanges';

COMMENT ON VIEW prisoner_exchange.published_total_check IS
'Each published running total beside the record''s figure of the same side, scope and category on the same date, with the difference and the stated reason for it';

COMMENT ON COLUMN prisoner_exchange.published_total_check.published_total_id IS 'published_total.id';

COMMENT ON COLUMN prisoner_exchange.published_total_check.returned_to IS 'The side whose people came home';

COMMENT ON COLUMN prisoner_exchange.published_total_check.as_of IS 'The date of the published total';

COMMENT ON COLUMN prisoner_exchange.published_total_check.scope IS 'exchanges, outside exchanges or all returned';

COMMENT ON COLUMN prisoner_exchange.published_total_check.category IS 'The category the figure is limited to; NULL for everyone';

COMMENT ON COLUMN prisoner_exchange.published_total_check.bound IS 'exact, at least, more than or about';

COMMENT ON COLUMN prisoner_exchange.published_total_check.figure IS 'The number published';

COMMENT ON COLUMN prisoner_exchange.published_total_check.record_at_least IS 'What the phases recorded up to that date show for the same side, scope and category (a lower bound unless record_complete); NULL for scopes the phases do not hold';

COMMENT ON COLUMN prisoner_exchange.published_total_check.record_complete IS 'true when every count behind record_at_least was published';

COMMENT ON COLUMN prisoner_exchange.published_total_check.difference IS 'figure - record_at_least: positive when the record falls short';

COMMENT ON COLUMN prisoner_exchange.published_total_check.record_agrees IS 'Whether the record agrees with the figure and its bound; NULL when a count not published, an about, or a scope the phases do not hold leaves it open';

COMMENT ON COLUMN prisoner_exchange.published_total_check.gap_reason IS 'The stated reason for a difference';

COMMENT ON COLUMN prisoner_exchange.published_total_check.published_by IS 'Who published the figure';

COMMENT ON COLUMN prisoner_exchange.published_total_check.source IS 'Public source of the figure';

CREATE OR REPLACE VIEW prisoner_exchange.agreement_progress AS
SELECT s.agreement_id,
	   s.agreement_name,
	   s.side_a,
	   s.side_b,
	   s.agreed_on,
	   s.agreed_at,
	   s.mediator,
	   s.balance_rule,
	   prisoner_exchange.side_a(s.ratio) AS ratio_side_a,
	   prisoner_exchange.side_b(s.ratio) AS ratio_side_b,
	   prisoner_exchange.side_a(s.quota) AS quota_side_a,
	   prisoner_exchange.side_b(s.quota) AS quota_side_b,
	   prisoner_exchange.total(s.quota) AS quota_total,
	   prisoner_exchange.side_a(s.returned) AS returned_side_a,
	   prisoner_exchange.side_b(s.returned) AS returned_side_b,
	   prisoner_exchange.total(s.returned) AS returned_total,
	   prisoner_exchange.side_a(prisoner_exchange.remaining(s.quota, s.returned)) AS remaining_side_a,
	   prisoner_exchange.side_b(prisoner_exchange.remaining(s.quota, s.returned)) AS remaining_side_b,
	   prisoner_exchange.total(prisoner_exchange.remaining(s.quota, s.returned)) AS remaining_total,
	   prisoner_exchange.percent_of(prisoner_exchange.total(s.returned), prisoner_exchange.total(s.quota)) AS percent_complete,
	   s.phase_count,
	   s.first_exchanged_on,
	   s.last_exchanged_on,
	   s.unbalanced_phases,
	   prisoner_exchange.balance(s.returned, s.ratio) AS balance,
	   CASE s.balance_rule
		   WHEN 'each_phase' THEN
			   CASE WHEN s.unbalanced_phases > 0 THEN false
					WHEN s.unpublished_phases = 0 THEN true END
		   WHEN 'overall' THEN
			   CASE WHEN s.agreement_status <> 'open' OR s.returned OPERATOR(prisoner_exchange.=) s.quota
				   THEN prisoner_exchange.balance(s.returned, s.ratio) = 0 END
		   ELSE prisoner_exchange.balance(s.returned, s.ratio) = 0
	   END AS balance_kept,
	   prisoner_exchange.progress_status(s.quota, s.returned) AS status,
	   s.agreement_status,
	   s.closed_on,
	   prisoner_exchange.side_a_at_least(s.returned) AS returned_side_a_at_least,
	   prisoner_exchange.side_b_at_least(s.returned) AS returned_side_b_at_least,
	   prisoner_exchange.total_at_least(s.returned) AS returned_total_at_least,
	   prisoner_exchange.is_complete(s.returned) AS counts_published,
	   s.unpublished_phases
FROM (
	SELECT a.id AS agreement_id,
		   a.name AS agreement_name,
		   a.side_a,
		   a.side_b,
		   a.agreed_on,
		   a.agreed_at,
		   a.mediator,
		   a.balance_rule,
		   a.ratio,
		   a.quota,
		   a.status AS agreement_status,
		   a.closed_on,
		   COALESCE(prisoner_exchange.sum(p.counts), '0:0') AS returned,
		   pg_catalog.count(p.id) AS phase_count,
		   pg_catalog.min(p.exchanged_on) AS first_exchanged_on,
		   pg_catalog.max(p.exchanged_on) AS last_exchanged_on,
		   pg_catalog.count(p.id) FILTER (WHERE NOT prisoner_exchange.is_balanced(p.counts, a.ratio)) AS unbalanced_phases,
		   pg_catalog.count(p.id) FILTER (WHERE NOT prisoner_exchange.is_complete(p.counts)) AS unpublished_phases
	FROM prisoner_exchange.agreement AS a
	LEFT JOIN prisoner_exchange.phase AS p ON p.agreement_id = a.id
	GROUP BY a.id
) AS s;

COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_side_a IS 'People returned to side A so far (0 before the first phase); NULL when a phase''s count was not published (see returned_side_a_at_least)';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_side_b IS 'People returned to side B so far (0 before the first phase); NULL when a phase''s count was not published (see returned_side_b_at_least)';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_total IS 'People returned to both sides so far; NULL when a count was not published';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.remaining_side_a IS 'Quota left for side A; NULL when open-ended, or when a count not published leaves it open';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.remaining_side_b IS 'Quota left for side B; NULL when open-ended, or when a count not published leaves it open';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.remaining_total IS 'Quota left for both sides together; NULL when open-ended or either side is open';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.percent_complete IS 'returned_total as a percentage of quota_total, one decimal; NULL when open-ended or a count was not published';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.unbalanced_phases IS 'Phases known not to keep the agreed ratio (always 0 under each_phase); a phase with a count not published is not among them';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.balance IS 'balance(returned, ratio): 0 when the total so far keeps the ratio, positive when side A received more than its share; NULL when a count was not published';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.balance_kept IS 'Whether the balance rule is kept: each_phase, every phase balanced; overall, the total balanced once complete or closed (NULL until then); none, the total so far balanced; NULL when it depends on a count not published';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.status IS 'not started, in progress, complete, open-ended (no quota), or over quota (past it on either side: only where rules were bypassed); with a count not published, judged on what is known';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_side_a_at_least IS 'What is known of the people returned to side A: returned_side_a, or its lower bound when a count was not published';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_side_b_at_least IS 'What is known of the people returned to side B: returned_side_b, or its lower bound when a count was not published';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_total_at_least IS 'What is known of the people returned to both sides: returned_total, or its lower bound';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.counts_published IS 'true when every count of every phase was published, so that the returned figures are complete; false when the _at_least columns are lower bounds';

COMMENT ON COLUMN prisoner_exchange.agreement_progress.unpublished_phases IS 'Phases with a count not published (? or at least N)';

CREATE OR REPLACE VIEW prisoner_exchange.phase_progress AS
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
	   prisoner_exchange.percent_of(prisoner_exchange.total(r.cumulative), prisoner_exchange.total(r.quota)) AS percent_complete,
	   prisoner_exchange.progress_status(r.quota, r.cumulative) AS status_after,
	   prisoner_exchange.is_balanced(r.counts, r.ratio) AS keeps_ratio,
	   prisoner_exchange.balance(r.counts, r.ratio) AS balance,
	   r.place,
	   r.source,
	   prisoner_exchange.side_a_at_least(r.counts) AS returned_side_a_at_least,
	   prisoner_exchange.side_b_at_least(r.counts) AS returned_side_b_at_least,
	   prisoner_exchange.side_a_at_least(r.cumulative) AS cumulative_side_a_at_least,
	   prisoner_exchange.side_b_at_least(r.cumulative) AS cumulative_side_b_at_least,
	   prisoner_exchange.is_complete(r.counts) AS counts_published
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

COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_side_a IS 'People returned to side A in this phase; NULL when not published';

COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_side_b IS 'People returned to side B in this phase; NULL when not published';

COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_total IS 'People returned to both sides in this phase; NULL when a count was not published';

COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_side_a IS 'People returned to side A up to and including this phase; NULL once a count not published is among them';

COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_side_b IS 'People returned to side B up to and including this phase; NULL once a count not published is among them';

COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_total IS 'People returned to both sides up to and including this phase; NULL once a count not published is among them';

COMMENT ON COLUMN prisoner_exchange.phase_progress.remaining_side_a IS 'Quota left for side A after this phase; NULL when open-ended, or when a count not published leaves it open';

COMMENT ON COLUMN prisoner_exchange.phase_progress.remaining_side_b IS 'Quota left for side B after this phase; NULL when open-ended, or when a count not published leaves it open';

COMMENT ON COLUMN prisoner_exchange.phase_progress.remaining_total IS 'Quota left for both sides after this phase; NULL when open-ended or either side is open';

COMMENT ON COLUMN prisoner_exchange.phase_progress.percent_complete IS 'cumulative_total as a percentage of the quota, one decimal; NULL when open-ended or a count was not published';

COMMENT ON COLUMN prisoner_exchange.phase_progress.status_after IS 'The agreement''s status right after this phase: in progress, complete or over quota (open-ended without a quota); judged on what is known when a count was not published';

COMMENT ON COLUMN prisoner_exchange.phase_progress.keeps_ratio IS 'Whether this phase keeps the agreed ratio; NULL when a count was not published';

COMMENT ON COLUMN prisoner_exchange.phase_progress.balance IS 'balance(counts, ratio): 0 when kept, positive when side A received more than its share; NULL when a count was not published';

COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_side_a_at_least IS 'What is known of the people returned to side A in this phase: the count, or its lower bound (0 for ?)';

COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_side_b_at_least IS 'What is known of the people returned to side B in this phase: the count, or its lower bound (0 for ?)';

COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_side_a_at_least IS 'What is known of the people returned to side A up to and including this phase';

COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_side_b_at_least IS 'What is known of the people returned to side B up to and including this phase';

COMMENT ON COLUMN prisoner_exchange.phase_progress.counts_published IS 'true when both counts of this phase were published';

CREATE OR REPLACE VIEW prisoner_exchange.captive_ratios AS
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
	   e.source,
	   e.bound AS held_bound
FROM (
	SELECT DISTINCT ON (c.held_by, c.captive_side, c.category) c.*
	FROM prisoner_exchange.captive_estimate AS c
	WHERE c.measures = 'held now'
	ORDER BY c.held_by, c.captive_side, c.category, c.as_of DESC NULLS LAST, c.id DESC
) AS e;

COMMENT ON VIEW prisoner_exchange.captive_ratios IS
'The latest estimate of the people held now of each (holder, captives, category): held, returned, still held and the share returned, with the kind of bound; unknown stays NULL';

COMMENT ON COLUMN prisoner_exchange.captive_ratios.held_bound IS 'The kind of figure held_at_least is: exact, at least, about or at most (captive_estimate.bound)';

CREATE OR REPLACE VIEW prisoner_exchange.agreement_coverage AS
SELECT a.id AS agreement_id,
	   a.name AS agreement_name,
	   s.receiving_side,
	   s.holding_side,
	   e.category,
	   e.as_of AS estimate_as_of,
	   e.held_at_least,
	   CASE s.side WHEN 'a' THEN prisoner_exchange.side_a(t.quota) ELSE prisoner_exchange.side_b(t.quota) END::bigint
		   AS quota_for_side,
	   r.returned_for_side,
	   prisoner_exchange.percent_of(
		   CASE s.side WHEN 'a' THEN prisoner_exchange.side_a(t.quota) ELSE prisoner_exchange.side_b(t.quota) END,
		   e.held_at_least) AS quota_percent_of_held,
	   prisoner_exchange.percent_of(r.returned_for_side, e.held_at_least) AS returned_percent_of_held,
	   r.returned_for_side_at_least,
	   e.bound AS estimate_bound
FROM prisoner_exchange.agreement AS a
CROSS JOIN LATERAL (
	VALUES ('a', a.side_a, a.side_b), ('b', a.side_b, a.side_a)
) AS s (side, receiving_side, holding_side)
LEFT JOIN LATERAL (
	SELECT DISTINCT ON (c.category) c.category, c.as_of, c.held_at_least, c.bound
	FROM prisoner_exchange.captive_estimate AS c
	WHERE c.captive_side = s.receiving_side
	  AND c.held_by = s.holding_side
	  AND c.measures = 'held now'
	ORDER BY c.category,
			 COALESCE(c.as_of <= a.agreed_on, true) DESC,
			 CASE WHEN COALESCE(c.as_of <= a.agreed_on, true) THEN c.as_of END DESC NULLS LAST,
			 c.as_of,
			 c.id DESC
) AS e ON true
LEFT JOIN prisoner_exchange.agreement_term AS t
	   ON t.agreement_id = a.id AND t.category = e.category
-- The people of the category returned: exact when every phase of the
-- agreement has a breakdown and its parts of this category were published.
LEFT JOIN LATERAL (
	SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM prisoner_exchange.phase AS p
								 WHERE p.agreement_id = a.id
								   AND NOT EXISTS (SELECT 1 FROM prisoner_exchange.phase_category AS w
												   WHERE w.phase_id = p.id))
				THEN CASE s.side WHEN 'a' THEN prisoner_exchange.side_a(COALESCE(prisoner_exchange.sum(b.counts), '0:0'))
								 ELSE prisoner_exchange.side_b(COALESCE(prisoner_exchange.sum(b.counts), '0:0')) END
		   END::bigint AS returned_for_side,
		   CASE s.side WHEN 'a' THEN prisoner_exchange.side_a_at_least(COALESCE(prisoner_exchange.sum(b.counts), '0:0'))
					   ELSE prisoner_exchange.side_b_at_least(COALESCE(prisoner_exchange.sum(b.counts), '0:0')) END::bigint
		   AS returned_for_side_at_least
	FROM prisoner_exchange.phase_category AS b
	WHERE b.agreement_id = a.id AND b.category = e.category
) AS r ON e.category IS NOT NULL;

COMMENT ON VIEW prisoner_exchange.agreement_coverage IS
'For each agreement, receiving side and captive category: the share of that category''s captives known to be held that its terms and its returns for that category cover, like with like';

COMMENT ON COLUMN prisoner_exchange.agreement_coverage.quota_for_side IS 'The quota the agreement''s terms set for this category and receiving side (agreement_term); NULL when it sets none for the category';

COMMENT ON COLUMN prisoner_exchange.agreement_coverage.returned_for_side IS 'People of this category returned to the receiving side so far, from the phases'' breakdowns; NULL when a phase has no breakdown or a part was not published (see returned_for_side_at_least)';

COMMENT ON COLUMN prisoner_exchange.agreement_coverage.estimate_bound IS 'The kind of figure held_at_least is: exact, at least, about or at most; only estimates of people held now are used';

COMMENT ON COLUMN prisoner_exchange.agreement_coverage.returned_for_side_at_least IS 'What is known of the people of this category returned to the receiving side: returned_for_side, or the lower bound the breakdowns give';

CREATE VIEW prisoner_exchange.category_progress AS
SELECT k.agreement_id,
	   a.name AS agreement_name,
	   k.category,
	   t.balance_rule,
	   prisoner_exchange.side_a(t.ratio) AS ratio_side_a,
	   prisoner_exchange.side_b(t.ratio) AS ratio_side_b,
	   prisoner_exchange.side_a(t.quota) AS quota_side_a,
	   prisoner_exchange.side_b(t.quota) AS quota_side_b,
	   prisoner_exchange.side_a(k.returned) AS returned_side_a,
	   prisoner_exchange.side_b(k.returned) AS returned_side_b,
	   prisoner_exchange.total(k.returned) AS returned_total,
	   prisoner_exchange.side_a(prisoner_exchange.remaining(t.quota, k.returned)) AS remaining_side_a,
	   prisoner_exchange.side_b(prisoner_exchange.remaining(t.quota, k.returned)) AS remaining_side_b,
	   prisoner_exchange.percent_of(prisoner_exchange.total(k.returned), prisoner_exchange.total(t.quota)) AS percent_complete,
	   k.phase_count,
	   k.unbalanced_parts,
	   CASE WHEN t.ratio IS NULL THEN NULL
			WHEN k.unbalanced_parts > 0 THEN false
			WHEN k.unpublished_parts = 0 THEN true
	   END AS keeps_ratio,
	   CASE WHEN t.agreement_id IS NULL THEN 'no terms'
			ELSE prisoner_exchange.progress_status(t.quota, k.returned) END AS status,
	   prisoner_exchange.side_a_at_least(k.returned) AS returned_side_a_at_least,
	   prisoner_exchange.side_b_at_least(k.returned) AS returned_side_b_at_least,
	   prisoner_exchange.is_complete(k.returned) AS counts_published
FROM (
	SELECT COALESCE(p.agreement_id, t.agreement_id) AS agreement_id,
		   COALESCE(p.category, t.category) AS category,
		   COALESCE(p.returned, '0:0') AS returned,
		   COALESCE(p.phase_count, 0) AS phase_count,
		   COALESCE(p.unbalanced_parts, 0) AS unbalanced_parts,
		   COALESCE(p.unpublished_parts, 0) AS unpublished_parts
	FROM (
		SELECT c.agreement_id, c.category,
			   prisoner_exchange.sum(c.counts) AS returned,
			   pg_catalog.count(*) AS phase_count,
			   pg_catalog.count(*) FILTER (WHERE NOT prisoner_exchange.is_balanced(c.counts, t.ratio)) AS unbalanced_parts,
			   pg_catalog.count(*) FILTER (WHERE NOT prisoner_exchange.is_complete(c.counts)) AS unpublished_parts
		FROM prisoner_exchange.phase_category AS c
		LEFT JOIN prisoner_exchange.agreement_term AS t
			   ON t.agreement_id = c.agreement_id AND t.category = c.category
		GROUP BY c.agreement_id, c.category
	) AS p
	FULL JOIN prisoner_exchange.agreement_term AS t
		   ON t.agreement_id = p.agreement_id AND t.category = p.category
) AS k
JOIN prisoner_exchange.agreement AS a ON a.id = k.agreement_id
LEFT JOIN prisoner_exchange.agreement_term AS t
	   ON t.agreement_id = k.agreement_id AND t.category = k.category;

COMMENT ON VIEW prisoner_exchange.category_progress IS
'One row per agreement and category with terms or a breakdown: the category''s quota and ratio, the people of it returned and remaining, and whether its parts kept the ratio';

COMMENT ON COLUMN prisoner_exchange.category_progress.agreement_id IS 'agreement.id';

COMMENT ON COLUMN prisoner_exchange.category_progress.agreement_name IS 'agreement.name';

COMMENT ON COLUMN prisoner_exchange.category_progress.category IS 'The category (category.name)';

COMMENT ON COLUMN prisoner_exchange.category_progress.balance_rule IS 'The term''s rule (each_phase, overall, none); NULL without terms';

COMMENT ON COLUMN prisoner_exchange.category_progress.ratio_side_a IS 'The term''s ratio, side A part; NULL without terms';

COMMENT ON COLUMN prisoner_exchange.category_progress.ratio_side_b IS 'The term''s ratio, side B part; NULL without terms';

COMMENT ON COLUMN prisoner_exchange.category_progress.quota_side_a IS 'The term''s quota for side A; NULL without one';

COMMENT ON COLUMN prisoner_exchange.category_progress.quota_side_b IS 'The term''s quota for side B; NULL without one';

COMMENT ON COLUMN prisoner_exchange.category_progress.returned_side_a IS 'People of the category returned to side A, from the breakdowns; NULL when a part was not published';

COMMENT ON COLUMN prisoner_exchange.category_progress.returned_side_b IS 'People of the category returned to side B, from the breakdowns; NULL when a part was not published';

COMMENT ON COLUMN prisoner_exchange.category_progress.returned_total IS 'Both sides together; NULL when a part was not published';

COMMENT ON COLUMN prisoner_exchange.category_progress.remaining_side_a IS 'The term''s quota left for side A; NULL without a quota, or when a part not published leaves it open';

COMMENT ON COLUMN prisoner_exchange.category_progress.remaining_side_b IS 'The term''s quota left for side B; NULL without a quota, or when a part not published leaves it open';

COMMENT ON COLUMN prisoner_exchange.category_progress.percent_complete IS 'returned_total as a percentage of the term''s quota, one decimal; NULL without a quota or when not published';

COMMENT ON COLUMN prisoner_exchange.category_progress.phase_count IS 'Phases with a part of this category';

COMMENT ON COLUMN prisoner_exchange.category_progress.unbalanced_parts IS 'Parts known not to keep the term''s ratio (always 0 under each_phase)';

COMMENT ON COLUMN prisoner_exchange.category_progress.keeps_ratio IS 'Whether every part kept the term''s ratio; NULL without terms, or when it depends on a part not published';

COMMENT ON COLUMN prisoner_exchange.category_progress.status IS 'no terms, or as agreement_progress.status for the term''s quota: open-ended, not started, in progress, complete, over quota';

COMMENT ON COLUMN prisoner_exchange.category_progress.returned_side_a_at_least IS 'What is known of the people of the category returned to side A';

COMMENT ON COLUMN prisoner_exchange.category_progress.returned_side_b_at_least IS 'What is known of the people of the category returned to side B';

COMMENT ON COLUMN prisoner_exchange.category_progress.counts_published IS 'true when every part of this category was published';

CREATE OR REPLACE FUNCTION prisoner_exchange.phase_people_within_counts()
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
	-- Only a new link can add a person to a phase, and only lowered
	-- counts can leave one with too many: an UPDATE that changes neither
	-- (notes, status) costs no count.
	IF TG_TABLE_NAME = 'person' AND TG_OP = 'INSERT' THEN
		SELECT pg_catalog.array_agg(DISTINCT c.returned_in_phase_id) INTO touched
		FROM changed AS c WHERE c.returned_in_phase_id IS NOT NULL;
	ELSIF TG_TABLE_NAME = 'person' THEN
		SELECT pg_catalog.array_agg(DISTINCT c.returned_in_phase_id) INTO touched
		FROM changed AS c
		WHERE c.returned_in_phase_id IS NOT NULL
		  AND NOT EXISTS (SELECT 1 FROM previous AS p
						  WHERE p.id = c.id AND p.returned_in_phase_id = c.returned_in_phase_id);
	ELSE
		SELECT pg_catalog.array_agg(c.id) INTO touched
		FROM changed AS c
		WHERE NOT EXISTS (SELECT 1 FROM previous AS p
						  WHERE p.id = c.id AND p.counts OPERATOR(prisoner_exchange.=) c.counts);
	END IF;
	IF touched IS NULL THEN
		RETURN NULL;
	END IF;
	FOR deal IN
		SELECT DISTINCT ph.agreement_id FROM prisoner_exchange.phase AS ph
		WHERE ph.id OPERATOR(pg_catalog.=) ANY (touched)
		ORDER BY ph.agreement_id
	LOOP
		PERFORM prisoner_exchange.tally_add(deal, 0, 0, 0);
	END LOOP;
	SELECT ph.id, ph.counts, linked.people INTO breach
	FROM prisoner_exchange.phase AS ph
	CROSS JOIN LATERAL (
		SELECT pg_catalog.count(*) AS people
		FROM prisoner_exchange.person AS p
		WHERE p.returned_in_phase_id = ph.id
	) AS linked
	WHERE ph.id OPERATOR(pg_catalog.=) ANY (touched)
	  -- A count not published could hold anyone: only published counts bound.
	  AND linked.people > GREATEST(prisoner_exchange.side_a(ph.counts),
								   prisoner_exchange.side_b(ph.counts))
	  AND prisoner_exchange.is_complete(ph.counts)
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

COMMENT ON COLUMN prisoner_exchange.change_history.relation IS 'The table changed: agreement, phase, captive_estimate, list_entry_decision, remains_transfer, phase_category, agreement_term or published_total';

CREATE OR REPLACE FUNCTION prisoner_exchange.agreement_progress_as_of(moment timestamptz)
RETURNS TABLE (agreement_id bigint, agreement_name text, quota_side_a integer, quota_side_b integer,
			   returned_side_a integer, returned_side_b integer, returned_total bigint,
			   remaining_side_a integer, remaining_side_b integer, percent_complete numeric,
			   phase_count bigint, last_exchanged_on date, status text, agreement_status text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT s.id, s.name,
		   prisoner_exchange.side_a(s.quota), prisoner_exchange.side_b(s.quota),
		   prisoner_exchange.side_a(s.returned), prisoner_exchange.side_b(s.returned),
		   prisoner_exchange.total(s.returned),
		   prisoner_exchange.side_a(prisoner_exchange.remaining(s.quota, s.returned)),
		   prisoner_exchange.side_b(prisoner_exchange.remaining(s.quota, s.returned)),
		   prisoner_exchange.percent_of(prisoner_exchange.total(s.returned), prisoner_exchange.total(s.quota)),
		   s.n, s.last_on,
		   prisoner_exchange.progress_status(s.quota, s.returned),
		   s.status
	FROM (SELECT a.id, a.name, a.quota, a.status,
				 COALESCE(prisoner_exchange.sum(p.counts), '0:0') AS returned,
				 pg_catalog.count(p.id) AS n,
				 pg_catalog.max(p.exchanged_on) AS last_on
		  FROM prisoner_exchange.agreements_as_of(moment) AS a
		  LEFT JOIN prisoner_exchange.phases_as_of(moment) AS p ON p.agreement_id = a.id
		  GROUP BY a.id, a.name, a.quota, a.status) AS s
	ORDER BY s.id;
END;

COMMENT ON FUNCTION prisoner_exchange.agreement_progress_as_of(timestamptz) IS
'agreement_progress''s figures as they stood at a past moment, from change_history: what a report said then (editors); a count not published leaves the returned figures NULL, as in agreement_progress';

CREATE OR REPLACE FUNCTION prisoner_exchange.check_restore_order()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	missing text;
BEGIN
	IF TG_TABLE_NAME IN ('phase', 'agreement_term') THEN
		IF NOT EXISTS (SELECT 1 FROM prisoner_exchange.agreement AS a WHERE a.id = NEW.agreement_id) THEN
			missing := pg_catalog.format('agreement %s', NEW.agreement_id);
		END IF;
	ELSIF TG_TABLE_NAME = 'phase_category' THEN
		IF NOT EXISTS (SELECT 1 FROM prisoner_exchange.phase AS p WHERE p.id = NEW.phase_id) THEN
			missing := pg_catalog.format('phase %s', NEW.phase_id);
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

CREATE OR REPLACE FUNCTION prisoner_exchange.setup_roles()
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
		prisoner_exchange.phase_composition, prisoner_exchange.data_dictionary,
		prisoner_exchange.remains_returned, prisoner_exchange.category_progress,
		prisoner_exchange.category, prisoner_exchange.published_total_check,
		prisoner_exchange.published_total
		TO prisoner_exchange_reader;

	-- Editors: everything a coordinator records, and what readers read.
	-- Match results and decisions only through the functions that write
	-- them, so that nobody forges them.
	IF NOT pg_catalog.pg_has_role('prisoner_exchange_editor', 'prisoner_exchange_reader', 'MEMBER') THEN
		GRANT prisoner_exchange_reader TO prisoner_exchange_editor;
	END IF;
	GRANT SELECT, INSERT, UPDATE, DELETE ON prisoner_exchange.agreement, prisoner_exchange.phase,
		prisoner_exchange.captive_estimate, prisoner_exchange.person, prisoner_exchange.exchange_list,
		prisoner_exchange.list_entry, prisoner_exchange.remains_transfer,
		prisoner_exchange.category, prisoner_exchange.phase_category, prisoner_exchange.agreement_term,
		prisoner_exchange.published_total
		TO prisoner_exchange_editor;
	GRANT SELECT ON prisoner_exchange.list_entry_match, prisoner_exchange.list_entry_decision,
		prisoner_exchange.list_entry_decision_history, prisoner_exchange.list_reconciliation,
		prisoner_exchange.change_history
		TO prisoner_exchange_editor;
	GRANT USAGE, SELECT ON SEQUENCE prisoner_exchange.agreement_id_seq, prisoner_exchange.phase_id_seq,
		prisoner_exchange.captive_estimate_id_seq, prisoner_exchange.person_id_seq,
		prisoner_exchange.exchange_list_id_seq, prisoner_exchange.list_entry_id_seq,
		prisoner_exchange.remains_transfer_id_seq, prisoner_exchange.phase_category_id_seq,
		prisoner_exchange.agreement_term_id_seq, prisoner_exchange.published_total_id_seq
		TO prisoner_exchange_editor;
	GRANT EXECUTE ON FUNCTION prisoner_exchange.reconcile(bigint, real),
		prisoner_exchange.confirm_entry(bigint, bigint, text),
		prisoner_exchange.revise_entry(bigint, bigint, text)
		TO prisoner_exchange_editor;
END
$$;

REVOKE EXECUTE ON FUNCTION prisoner_exchange.category_tally_add(bigint, text, bigint, bigint) FROM PUBLIC;


------------------------------------------------------------------------
-- The history and the restore order cover the breakdowns and the terms
------------------------------------------------------------------------

ALTER TABLE prisoner_exchange.change_history
	DROP CONSTRAINT change_history_relation_known,
	ADD CONSTRAINT change_history_relation_known
		CHECK (relation IN ('agreement', 'phase', 'captive_estimate', 'list_entry_decision', 'remains_transfer',
							'phase_category', 'agreement_term', 'published_total'));

DO $triggers$
DECLARE
	relation text;
BEGIN
	FOREACH relation IN ARRAY ARRAY['phase_category', 'agreement_term', 'published_total'] LOOP
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I AFTER INSERT ON prisoner_exchange.%I REFERENCING NEW TABLE AS changed '
			'FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.record_change(%L)',
			relation || '_history_insert', relation, 'id');
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I AFTER UPDATE ON prisoner_exchange.%I REFERENCING OLD TABLE AS previous NEW TABLE AS changed '
			'FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.record_change(%L)',
			relation || '_history_update', relation, 'id');
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I AFTER DELETE ON prisoner_exchange.%I REFERENCING OLD TABLE AS previous '
			'FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.record_change(%L)',
			relation || '_history_delete', relation, 'id');
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I AFTER TRUNCATE ON prisoner_exchange.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.record_change(%L)',
			relation || '_history_truncate', relation, 'id');
	END LOOP;
	FOREACH relation IN ARRAY ARRAY['phase_category', 'agreement_term'] LOOP
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I BEFORE INSERT ON prisoner_exchange.%I FOR EACH ROW '
			'WHEN (pg_catalog.current_setting(''application_name'') = ''pg_restore'') '
			'EXECUTE FUNCTION prisoner_exchange.check_restore_order()',
			relation || '_check_restore_order', relation);
	END LOOP;
END
$triggers$;

-- Editors record breakdowns and terms; readers read the categories and
-- the view by category.  Only where setup_roles() made the roles: a
-- database without them gets these grants when it calls setup_roles().
DO $grants$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'prisoner_exchange_reader') THEN
		GRANT SELECT ON prisoner_exchange.category_progress, prisoner_exchange.category,
			prisoner_exchange.published_total_check, prisoner_exchange.published_total
			TO prisoner_exchange_reader;
	END IF;
	IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'prisoner_exchange_editor') THEN
		GRANT SELECT, INSERT, UPDATE, DELETE ON prisoner_exchange.category, prisoner_exchange.phase_category,
			prisoner_exchange.agreement_term, prisoner_exchange.published_total
			TO prisoner_exchange_editor;
		GRANT USAGE, SELECT ON SEQUENCE prisoner_exchange.phase_category_id_seq,
			prisoner_exchange.agreement_term_id_seq, prisoner_exchange.published_total_id_seq
			TO prisoner_exchange_editor;
	END IF;
END
$grants$;
