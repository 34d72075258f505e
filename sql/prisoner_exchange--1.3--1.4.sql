/* prisoner_exchange--1.3--1.4.sql: the rules at the edges */

\echo Use "ALTER EXTENSION prisoner_exchange UPDATE TO '1.4'" to load this file. \quit

-- 1.4 checks the quota and balance rules once per statement, after it, on
-- running totals kept per agreement (agreement_tally), instead of once per
-- row, before it, by summing every phase of the agreement.  The row
-- trigger goes; the statement triggers, the totals and the functions they
-- use come; the views are rewritten in place (same columns, same types).
-- Every row is kept: nothing here writes to a table of the users' but the
-- new one, filled from their phases at the end.

DROP TRIGGER phase_enforce_rules ON prisoner_exchange.phase;

------------------------------------------------------------------------
-- The agreement's lifecycle: status, closing date, phases before it
------------------------------------------------------------------------

ALTER TABLE prisoner_exchange.agreement
	ADD COLUMN status text NOT NULL DEFAULT 'open',
	ADD COLUMN closed_on date,
	ADD COLUMN phases_may_precede boolean NOT NULL DEFAULT false,
	ADD CONSTRAINT agreement_status_known CHECK (status IN ('open', 'completed', 'lapsed')),
	ADD CONSTRAINT agreement_closed_has_date CHECK ((status = 'open') = (closed_on IS NULL)),
	ADD CONSTRAINT agreement_closes_after_agreed CHECK (closed_on >= agreed_on);
COMMENT ON COLUMN prisoner_exchange.agreement.status IS 'open, completed (its terms carried out) or lapsed (ended without them); completed and lapsed need closed_on';
COMMENT ON COLUMN prisoner_exchange.agreement.closed_on IS 'Date the agreement was completed or lapsed; no phase may be dated after it; NULL while open';
COMMENT ON COLUMN prisoner_exchange.agreement.phases_may_precede IS 'true when phases dated before agreed_on count under it (an exchange carried out before the agreement was announced); otherwise such a phase is refused';
-- Phases recorded before this release may be dated before their
-- agreement: they are kept, and the agreement says they count.
UPDATE prisoner_exchange.agreement AS a SET phases_may_precede = true
WHERE EXISTS (SELECT 1 FROM prisoner_exchange.phase AS p
			  WHERE p.agreement_id = a.id AND p.exchanged_on < a.agreed_on);

------------------------------------------------------------------------
-- Quota functions: past the quota, reported, never an error
------------------------------------------------------------------------

-- remaining_count(quota_side, returned): what one side of a quota has
-- left, 0 once reached or passed; NULL for no quota (GREATEST alone would
-- turn that NULL into 0).  The views compute with it on their sums; a SQL
-- function the planner inlines.
CREATE OR REPLACE FUNCTION prisoner_exchange.remaining_count(quota_side integer, returned integer)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN quota_side IS NOT NULL THEN GREATEST(quota_side - COALESCE(returned, 0), 0) END;
COMMENT ON FUNCTION prisoner_exchange.remaining_count(integer, integer) IS
'What one side of a quota has left after the people returned to it (NULL returned = none yet), 0 once reached or passed; NULL without a quota';

-- Not STRICT: an agreement with no phases has a NULL sum, which means
-- nothing returned yet, and a NULL quota means open-ended (the
-- constructor, STRICT, then gives NULL).  A side already past its quota
-- has nothing left, 0, never an error: one deal over its quota (in a
-- user's own table; the rules keep the extension's phases within theirs)
-- must not break a report over all of them.  over_quota() and
-- exchange_status() report the excess.
CREATE OR REPLACE FUNCTION prisoner_exchange.remaining(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN prisoner_exchange.exchange_phase(
	prisoner_exchange.remaining_count(prisoner_exchange.side_a(quota), prisoner_exchange.side_a(returned)),
	prisoner_exchange.remaining_count(prisoner_exchange.side_b(quota), prisoner_exchange.side_b(returned)));
COMMENT ON FUNCTION prisoner_exchange.remaining(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'What is left of a quota after the returned counts (NULL returned = nothing yet), 0 for a side at or past its quota; NULL for an open-ended quota';

CREATE OR REPLACE FUNCTION prisoner_exchange.over_quota(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN quota IS NOT NULL THEN prisoner_exchange.exchange_phase(
	GREATEST(COALESCE(prisoner_exchange.side_a(returned), 0) - prisoner_exchange.side_a(quota), 0),
	GREATEST(COALESCE(prisoner_exchange.side_b(returned), 0) - prisoner_exchange.side_b(quota), 0)) END;
COMMENT ON FUNCTION prisoner_exchange.over_quota(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'How far the returned counts go past a quota on each side: 0:0 within it; NULL for an open-ended quota';

-- progress_status(quota, returned_side_a, returned_side_b): the status
-- from a quota and the totals as numbers, as the views hold them (sums,
-- not exchange_phase values); a SQL function the planner inlines.
CREATE OR REPLACE FUNCTION prisoner_exchange.progress_status(
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

CREATE OR REPLACE FUNCTION prisoner_exchange.exchange_status(
	quota prisoner_exchange.exchange_phase,
	returned prisoner_exchange.exchange_phase)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN prisoner_exchange.progress_status(quota,
										 COALESCE(prisoner_exchange.side_a(returned), 0),
										 COALESCE(prisoner_exchange.side_b(returned), 0));
COMMENT ON FUNCTION prisoner_exchange.exchange_status(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase) IS
'open-ended (no quota), not started, in progress, complete, or over quota (past it on either side; over_quota() gives by how much), from a quota and the counts returned so far';

------------------------------------------------------------------------
-- The rules the database enforces on phases
------------------------------------------------------------------------
-- A statement may not take an agreement past its quota on either side and,
-- under each_phase, every phase it writes must keep the agreed ratio.
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
COMMENT ON COLUMN prisoner_exchange.agreement_tally.returned_side_a IS 'Sum of side A over the agreement''s phases';
COMMENT ON COLUMN prisoner_exchange.agreement_tally.returned_side_b IS 'Sum of side B over the agreement''s phases';
COMMENT ON COLUMN prisoner_exchange.agreement_tally.phase_count IS 'Number of the agreement''s phases';

-- tally_add(agreement, a, b, phases): add to an agreement's tally and
-- return it, locked.  Where the row is missing (a restore that loaded the
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
			   COALESCE(pg_catalog.sum(prisoner_exchange.side_a(p.counts)), 0),
			   COALESCE(pg_catalog.sum(prisoner_exchange.side_b(p.counts)), 0),
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
		   COALESCE(pg_catalog.sum(prisoner_exchange.side_a(p.counts)), 0),
		   COALESCE(pg_catalog.sum(prisoner_exchange.side_b(p.counts)), 0),
		   pg_catalog.count(p.id)
	FROM prisoner_exchange.agreement AS a
	LEFT JOIN prisoner_exchange.phase AS p ON p.agreement_id = a.id
	GROUP BY a.id;
	GET DIAGNOSTICS recounted = ROW_COUNT;
	RETURN recounted;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.recount_tallies() IS
'Rebuilds the running totals the rules keep (agreement_tally) from the phases, after phases were loaded with the triggers disabled; returns the number of agreements counted';

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
		FROM (SELECT c.agreement_id AS id, pg_catalog.sum(prisoner_exchange.side_a(c.counts)) AS a,
					 pg_catalog.sum(prisoner_exchange.side_b(c.counts)) AS b, pg_catalog.count(*) AS n,
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
		FROM (SELECT o.agreement_id AS id, pg_catalog.sum(prisoner_exchange.side_a(o.counts)) AS a,
					 pg_catalog.sum(prisoner_exchange.side_b(o.counts)) AS b, pg_catalog.count(*) AS n
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
			  FROM (SELECT c.agreement_id AS id, prisoner_exchange.side_a(c.counts)::bigint AS a,
						   prisoner_exchange.side_b(c.counts)::bigint AS b, 1 AS sign, c.counts::text AS counts
					FROM changed AS c
					UNION ALL
					SELECT o.agreement_id, prisoner_exchange.side_a(o.counts), prisoner_exchange.side_b(o.counts),
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

-- An agreement's own values: a quota off its ratio is refused here, before
-- the CHECK constraint that backs this up, so that the error can say which
-- quotas would fit.
CREATE FUNCTION prisoner_exchange.agreement_check_quota()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	common bigint;
	step_a bigint;
	step_b bigint;
	steps bigint;
BEGIN
	IF NEW.quota IS NOT NULL AND NEW.ratio IS NOT NULL AND NEW.balance_rule <> 'none'
	   AND prisoner_exchange.side_a(NEW.ratio) > 0 AND prisoner_exchange.side_b(NEW.ratio) > 0
	   AND NOT prisoner_exchange.is_balanced(NEW.quota, NEW.ratio) THEN
		-- The ratio in lowest terms, and the nearest multiple of it not
		-- above the quota's side A.
		common := pg_catalog.gcd(prisoner_exchange.side_a(NEW.ratio), prisoner_exchange.side_b(NEW.ratio));
		step_a := prisoner_exchange.side_a(NEW.ratio) / common;
		step_b := prisoner_exchange.side_b(NEW.ratio) / common;
		steps := GREATEST(prisoner_exchange.side_a(NEW.quota) / step_a, 1);
		RAISE EXCEPTION 'quota % of agreement "%" does not keep its ratio %', NEW.quota, NEW.name, NEW.ratio
			USING ERRCODE = 'check_violation',
				  TABLE = 'agreement', CONSTRAINT = 'agreement_quota_keeps_ratio',
				  DETAIL = 'A quota that breaks the agreement''s ratio could never be completed in balance.',
				  HINT = format('At %s a quota is a multiple of %s:%s, e.g. %s:%s; or set balance_rule to ''none''.',
								NEW.ratio, step_a, step_b, steps * step_a, steps * step_b);
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
CREATE OR REPLACE FUNCTION prisoner_exchange.agreement_enforce_rules()
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

DROP TRIGGER agreement_enforce_rules ON prisoner_exchange.agreement;
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

------------------------------------------------------------------------
-- Linking people to phases: the same lock as the rules, the tally's row
------------------------------------------------------------------------

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

------------------------------------------------------------------------
-- The views: one join and GROUP BY each, same columns, same types
------------------------------------------------------------------------

-- Each view joins and groups in one pass, as a hand-written GROUP BY
-- would, and a filter on agreement_id reaches the phases' index.  A side's
-- total fits an integer: the rules refuse a phase that would take it past
-- 2,147,483,647 (agreement_total_in_range), and the sums over both sides
-- are bigint.
CREATE OR REPLACE VIEW prisoner_exchange.agreement_progress AS
SELECT t.agreement_id,
	   t.agreement_name,
	   t.side_a,
	   t.side_b,
	   t.agreed_on,
	   t.agreed_at,
	   t.mediator,
	   t.balance_rule,
	   prisoner_exchange.side_a(t.ratio) AS ratio_side_a,
	   prisoner_exchange.side_b(t.ratio) AS ratio_side_b,
	   prisoner_exchange.side_a(t.quota) AS quota_side_a,
	   prisoner_exchange.side_b(t.quota) AS quota_side_b,
	   prisoner_exchange.total(t.quota) AS quota_total,
	   t.returned_side_a,
	   t.returned_side_b,
	   t.returned_side_a::bigint + t.returned_side_b AS returned_total,
	   prisoner_exchange.remaining_count(prisoner_exchange.side_a(t.quota), t.returned_side_a) AS remaining_side_a,
	   prisoner_exchange.remaining_count(prisoner_exchange.side_b(t.quota), t.returned_side_b) AS remaining_side_b,
	   prisoner_exchange.remaining_count(prisoner_exchange.side_a(t.quota), t.returned_side_a)::bigint
	   + prisoner_exchange.remaining_count(prisoner_exchange.side_b(t.quota), t.returned_side_b) AS remaining_total,
	   prisoner_exchange.percent_of(t.returned_side_a::bigint + t.returned_side_b, prisoner_exchange.total(t.quota)) AS percent_complete,
	   t.phase_count,
	   t.first_exchanged_on,
	   t.last_exchanged_on,
	   t.unbalanced_phases,
	   t.balance,
	   CASE t.balance_rule
		   WHEN 'each_phase' THEN t.unbalanced_phases = 0
		   WHEN 'overall' THEN
			   CASE WHEN t.agreement_status <> 'open'
						 OR (t.returned_side_a = prisoner_exchange.side_a(t.quota)
							 AND t.returned_side_b = prisoner_exchange.side_b(t.quota))
				   THEN t.balance = 0 END
		   ELSE t.balance = 0
	   END AS balance_kept,
	   prisoner_exchange.progress_status(t.quota, t.returned_side_a, t.returned_side_b) AS status,
	   t.agreement_status,
	   t.closed_on
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
		   COALESCE(pg_catalog.sum(prisoner_exchange.side_a(p.counts)), 0)::integer AS returned_side_a,
		   COALESCE(pg_catalog.sum(prisoner_exchange.side_b(p.counts)), 0)::integer AS returned_side_b,
		   pg_catalog.count(p.id) AS phase_count,
		   pg_catalog.min(p.exchanged_on) AS first_exchanged_on,
		   pg_catalog.max(p.exchanged_on) AS last_exchanged_on,
		   pg_catalog.count(p.id) FILTER (WHERE NOT prisoner_exchange.is_balanced(p.counts, a.ratio)) AS unbalanced_phases
	FROM prisoner_exchange.agreement AS a
	LEFT JOIN prisoner_exchange.phase AS p ON p.agreement_id = a.id
	GROUP BY a.id
) AS s
-- balance(returned, ratio), on the bigint totals.
CROSS JOIN LATERAL (
	SELECT s.*,
		   s.returned_side_a::bigint * prisoner_exchange.side_b(s.ratio)
		   - s.returned_side_b::bigint * prisoner_exchange.side_a(s.ratio) AS balance
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
COMMENT ON COLUMN prisoner_exchange.agreement_progress.balance_kept IS 'Whether the balance rule is kept: each_phase, every phase balanced; overall, the total balanced once complete or closed (NULL until then); none, the total so far balanced';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.status IS 'not started, in progress, complete, open-ended (no quota), or over quota (past it on either side: only where rules were bypassed)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.agreement_status IS 'The agreement''s lifecycle: open, completed or lapsed (agreement.status)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.closed_on IS 'Date the agreement was completed or lapsed; NULL while open';

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
	   r.cumulative_side_a,
	   r.cumulative_side_b,
	   r.cumulative_side_a::bigint + r.cumulative_side_b AS cumulative_total,
	   prisoner_exchange.remaining_count(prisoner_exchange.side_a(r.quota), r.cumulative_side_a) AS remaining_side_a,
	   prisoner_exchange.remaining_count(prisoner_exchange.side_b(r.quota), r.cumulative_side_b) AS remaining_side_b,
	   prisoner_exchange.remaining_count(prisoner_exchange.side_a(r.quota), r.cumulative_side_a)::bigint
	   + prisoner_exchange.remaining_count(prisoner_exchange.side_b(r.quota), r.cumulative_side_b) AS remaining_total,
	   prisoner_exchange.percent_of(r.cumulative_side_a::bigint + r.cumulative_side_b, prisoner_exchange.total(r.quota)) AS percent_complete,
	   prisoner_exchange.progress_status(r.quota, r.cumulative_side_a, r.cumulative_side_b) AS status_after,
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
		   (pg_catalog.sum(prisoner_exchange.side_a(p.counts)) OVER in_order)::integer AS cumulative_side_a,
		   (pg_catalog.sum(prisoner_exchange.side_b(p.counts)) OVER in_order)::integer AS cumulative_side_b,
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
COMMENT ON COLUMN prisoner_exchange.phase_progress.status_after IS 'The agreement''s status right after this phase: in progress, complete or over quota (open-ended without a quota)';
COMMENT ON COLUMN prisoner_exchange.phase_progress.keeps_ratio IS 'Whether this phase keeps the agreed ratio';
COMMENT ON COLUMN prisoner_exchange.phase_progress.balance IS 'balance(counts, ratio): 0 when kept, positive when side A received more than its share';
COMMENT ON COLUMN prisoner_exchange.phase_progress.place IS 'Handover or transit place';
COMMENT ON COLUMN prisoner_exchange.phase_progress.source IS 'Public source of the figures';

-- For each agreement and each receiving side, the share of that side's
-- known captives that the agreement covers.  The estimate used is the
-- latest one on or before the agreement's date, or failing that the first
-- one after it (the latest of all when the agreement has no date).
CREATE OR REPLACE VIEW prisoner_exchange.agreement_coverage AS
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
FROM (
	SELECT a.id, a.name, a.side_a, a.side_b, a.agreed_on, a.quota,
		   COALESCE(pg_catalog.sum(prisoner_exchange.side_a(p.counts)), 0) AS returned_side_a,
		   COALESCE(pg_catalog.sum(prisoner_exchange.side_b(p.counts)), 0) AS returned_side_b
	FROM prisoner_exchange.agreement AS a
	LEFT JOIN prisoner_exchange.phase AS p ON p.agreement_id = a.id
	GROUP BY a.id
) AS a
CROSS JOIN LATERAL (
	VALUES (a.side_a, a.side_b, prisoner_exchange.side_a(a.quota)::bigint, a.returned_side_a),
		   (a.side_b, a.side_a, prisoner_exchange.side_b(a.quota)::bigint, a.returned_side_b)
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
-- Remains (1.4)
------------------------------------------------------------------------
-- Sides hand over the bodies of the dead as well as living people: in
-- June 2025, 6,057 bodies to Ukraine and 78 to Russia.  They belong in
-- the same record, and must never be counted as people returned alive:
-- they have a table of their own, outside phase and its rules, and a view
-- that reports them beside the living.  A transfer is attached to a phase,
-- or to an agreement, or to neither (a repatriation under no agreement).
-- A number not published stays NULL: unknown, not zero.

CREATE TABLE prisoner_exchange.remains_transfer (
	id bigserial PRIMARY KEY,
	agreement_id bigint REFERENCES prisoner_exchange.agreement (id),
	phase_id bigint REFERENCES prisoner_exchange.phase (id),
	transferred_on date NOT NULL,
	to_side text NOT NULL CHECK (to_side <> ''),
	from_side text NOT NULL CHECK (from_side <> ''),
	bodies integer CHECK (bodies >= 0),
	place text,
	source text,
	notes text,
	CONSTRAINT remains_transfer_sides_differ CHECK (to_side <> from_side),
	CONSTRAINT remains_transfer_one_parent CHECK (pg_catalog.num_nonnulls(agreement_id, phase_id) <= 1)
);

COMMENT ON TABLE prisoner_exchange.remains_transfer IS
'A handover of the remains of the dead from one side to the other, under a phase, an agreement or neither; never counted as people returned alive';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.agreement_id IS 'The agreement it was carried out under, when it is not attached to a phase; NULL with phase_id NULL: under no agreement';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.phase_id IS 'The phase it was part of, if any (the agreement is then the phase''s)';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.transferred_on IS 'Date of the handover';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.to_side IS 'The side that received the remains (e.g. Ukraine)';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.from_side IS 'The side that handed them over';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.bodies IS 'Number of bodies handed over; NULL when not published (unknown, not zero)';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.place IS 'Handover place';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.source IS 'Public source of the figure (URL or citation)';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.notes IS 'Free-text notes';

CREATE INDEX remains_transfer_agreement ON prisoner_exchange.remains_transfer (agreement_id);
CREATE INDEX remains_transfer_phase ON prisoner_exchange.remains_transfer (phase_id);

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.remains_transfer', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.remains_transfer_id_seq', '');

-- Per agreement (NULL: under none) and receiving side: the remains handed
-- over, the published numbers summed into a lower bound, the handovers
-- whose number was not published counted apart, and, beside them, the
-- people returned alive to that side under the same agreement.
CREATE VIEW prisoner_exchange.remains_returned AS
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
	   CASE WHEN r.agreement_id IS NOT NULL THEN
		   COALESCE((SELECT pg_catalog.sum(CASE WHEN r.to_side = a.side_a
												THEN prisoner_exchange.side_a(p.counts)
												ELSE prisoner_exchange.side_b(p.counts) END)
					 FROM prisoner_exchange.phase AS p
					 WHERE p.agreement_id = r.agreement_id
					   AND r.to_side IN (a.side_a, a.side_b)), 0)
	   END AS returned_alive
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
LEFT JOIN prisoner_exchange.agreement AS a ON a.id = r.agreement_id;

COMMENT ON VIEW prisoner_exchange.remains_returned IS
'Remains of the dead handed over, per agreement (NULL: under none) and receiving side, beside the people returned alive; never added into them';
COMMENT ON COLUMN prisoner_exchange.remains_returned.agreement_id IS 'agreement.id; NULL for handovers under no agreement';
COMMENT ON COLUMN prisoner_exchange.remains_returned.agreement_name IS 'agreement.name; NULL under no agreement';
COMMENT ON COLUMN prisoner_exchange.remains_returned.receiving_side IS 'The side that received the remains';
COMMENT ON COLUMN prisoner_exchange.remains_returned.handing_side IS 'The side that handed them over';
COMMENT ON COLUMN prisoner_exchange.remains_returned.transfers IS 'Handovers recorded';
COMMENT ON COLUMN prisoner_exchange.remains_returned.transfers_unpublished IS 'Handovers whose number of bodies was not published';
COMMENT ON COLUMN prisoner_exchange.remains_returned.bodies_at_least IS 'Sum of the published numbers: the whole number when bodies_complete, a lower bound otherwise';
COMMENT ON COLUMN prisoner_exchange.remains_returned.bodies_complete IS 'true when every handover''s number was published, so bodies_at_least is the number';
COMMENT ON COLUMN prisoner_exchange.remains_returned.first_transferred_on IS 'Date of the first handover';
COMMENT ON COLUMN prisoner_exchange.remains_returned.last_transferred_on IS 'Date of the latest handover';
COMMENT ON COLUMN prisoner_exchange.remains_returned.returned_alive IS 'People returned alive to the receiving side under the same agreement, for comparison (never including the remains); NULL under no agreement';

------------------------------------------------------------------------
-- The history of changes (1.4)
------------------------------------------------------------------------
-- Governments and the press quote these figures: who changed what, and
-- when, must be answerable.  Every INSERT, UPDATE, DELETE and TRUNCATE of
-- agreement, phase, captive_estimate, list_entry_decision and
-- remains_transfer leaves rows
-- here, with the old and the new values, the session's login role and the
-- time.  One INSERT ... SELECT per statement, from its transition tables,
-- so that a bulk load costs one pass, not a trigger call per row.
--
-- Append-only: the extension grants no one UPDATE, DELETE or TRUNCATE on
-- it, and a trigger refuses them even to its owner.  Only a superuser who
-- disables that trigger could rewrite it; PostgreSQL cannot stop that.
-- A superuser's session with row_security off (a restore) writes no
-- history: the restore brings back the dumped one.

CREATE TABLE prisoner_exchange.change_history (
	id bigserial PRIMARY KEY,
	changed_at timestamptz NOT NULL DEFAULT pg_catalog.statement_timestamp(),
	changed_by text NOT NULL DEFAULT SESSION_USER,
	transaction_id xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
	relation text NOT NULL,
	row_id bigint,
	operation text NOT NULL,
	old_row jsonb,
	new_row jsonb,
	CONSTRAINT change_history_relation_known
		CHECK (relation IN ('agreement', 'phase', 'captive_estimate', 'list_entry_decision', 'remains_transfer')),
	CONSTRAINT change_history_operation_known
		CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'))
);

COMMENT ON TABLE prisoner_exchange.change_history IS
'Every change to agreement, phase, captive_estimate, list_entry_decision and remains_transfer: the old and new row, who and when; append-only, readable by editors';
COMMENT ON COLUMN prisoner_exchange.change_history.id IS 'Order of the changes';
COMMENT ON COLUMN prisoner_exchange.change_history.changed_at IS 'When the statement that made the change started';
COMMENT ON COLUMN prisoner_exchange.change_history.changed_by IS 'The session''s login role (session_user), set by the database';
COMMENT ON COLUMN prisoner_exchange.change_history.transaction_id IS 'The transaction that made the change: changes made together share it';
COMMENT ON COLUMN prisoner_exchange.change_history.relation IS 'The table changed: agreement, phase, captive_estimate, list_entry_decision or remains_transfer';
COMMENT ON COLUMN prisoner_exchange.change_history.row_id IS 'The key of the row changed (id; entry_id for list_entry_decision); NULL for TRUNCATE';
COMMENT ON COLUMN prisoner_exchange.change_history.operation IS 'INSERT, UPDATE, DELETE or TRUNCATE';
COMMENT ON COLUMN prisoner_exchange.change_history.old_row IS 'The row before the change, as JSON; NULL for INSERT';
COMMENT ON COLUMN prisoner_exchange.change_history.new_row IS 'The row after the change, as JSON; NULL for DELETE';

CREATE INDEX change_history_row ON prisoner_exchange.change_history (relation, row_id, id);

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.change_history', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.change_history_id_seq', '');

-- The trigger's argument names the table's key column.  An UPDATE pairs
-- each old row with the new one of the same key; one that changes nothing
-- leaves nothing.  Each row is turned into JSON once: OFFSET 0 keeps the
-- planner from copying to_jsonb() into every place that reads it.
CREATE FUNCTION prisoner_exchange.record_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	key text := TG_ARGV[0];
BEGIN
	-- A restore brings the dumped history back with the rows: logging its
	-- inserts as well would double the history and collide with the
	-- restored ids.  pg_dump's scripts and pg_restore turn row_security
	-- off; as only a superuser may restore the extension's tables with
	-- their triggers (and could disable the triggers anyway), such a
	-- session is taken for a restore.
	IF pg_catalog.current_setting('row_security') = 'off'
	   AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname = SESSION_USER AND r.rolsuper) THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		INSERT INTO prisoner_exchange.change_history (relation, row_id, operation, new_row)
		SELECT TG_TABLE_NAME, (n.r ->> key)::bigint, 'INSERT', n.r
		FROM (SELECT pg_catalog.to_jsonb(c) AS r FROM changed AS c OFFSET 0) AS n;
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO prisoner_exchange.change_history (relation, row_id, operation, old_row)
		SELECT TG_TABLE_NAME, (o.r ->> key)::bigint, 'DELETE', o.r
		FROM (SELECT pg_catalog.to_jsonb(p) AS r FROM previous AS p OFFSET 0) AS o;
	ELSIF TG_OP = 'UPDATE' THEN
		INSERT INTO prisoner_exchange.change_history (relation, row_id, operation, old_row, new_row)
		SELECT TG_TABLE_NAME, (COALESCE(n.r, o.r) ->> key)::bigint, 'UPDATE', o.r, n.r
		FROM (SELECT pg_catalog.to_jsonb(p) AS r FROM previous AS p OFFSET 0) AS o
		FULL JOIN (SELECT pg_catalog.to_jsonb(c) AS r FROM changed AS c OFFSET 0) AS n
		  ON n.r ->> key = o.r ->> key
		WHERE o.r IS DISTINCT FROM n.r;
	ELSE
		INSERT INTO prisoner_exchange.change_history (relation, operation)
		VALUES (TG_TABLE_NAME, 'TRUNCATE');
	END IF;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.record_change() IS
'Trigger function: records the rows a statement inserted, updated or deleted (or a TRUNCATE) in change_history';

-- Three triggers a table: a trigger with transition tables has one event.
DO $triggers$
DECLARE
	target record;
BEGIN
	FOR target IN
		SELECT * FROM (VALUES ('agreement', 'id'), ('phase', 'id'), ('captive_estimate', 'id'),
							  ('list_entry_decision', 'entry_id'), ('remains_transfer', 'id')) AS t (relation, key)
	LOOP
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I AFTER INSERT ON prisoner_exchange.%I REFERENCING NEW TABLE AS changed '
			'FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.record_change(%L)',
			target.relation || '_history_insert', target.relation, target.key);
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I AFTER UPDATE ON prisoner_exchange.%I REFERENCING OLD TABLE AS previous NEW TABLE AS changed '
			'FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.record_change(%L)',
			target.relation || '_history_update', target.relation, target.key);
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I AFTER DELETE ON prisoner_exchange.%I REFERENCING OLD TABLE AS previous '
			'FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.record_change(%L)',
			target.relation || '_history_delete', target.relation, target.key);
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I AFTER TRUNCATE ON prisoner_exchange.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.record_change(%L)',
			target.relation || '_history_truncate', target.relation, target.key);
	END LOOP;
END
$triggers$;

CREATE FUNCTION prisoner_exchange.change_history_is_append_only()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RAISE EXCEPTION 'change_history keeps every change: its rows cannot be updated, deleted or truncated'
		USING ERRCODE = 'insufficient_privilege',
			  HINT = 'Correct the record itself (agreement, phase, ...): the correction is added to the history.';
END
$$;
COMMENT ON FUNCTION prisoner_exchange.change_history_is_append_only() IS
'Trigger function: refuses any UPDATE, DELETE or TRUNCATE of change_history, whoever asks';

CREATE TRIGGER change_history_is_append_only
BEFORE UPDATE OR DELETE OR TRUNCATE ON prisoner_exchange.change_history
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.change_history_is_append_only();

------------------------------------------------------------------------
-- The record as it stood at a past moment
------------------------------------------------------------------------
-- Each row is the new value of its last change up to that moment, unless
-- that change deleted it or a later TRUNCATE emptied its table.  The
-- history begins when the extension was installed, or updated to 1.4 (the
-- update records the rows it found then).

-- history_as_of(relation, moment): the rows of one table at a moment, as
-- JSON; the typed functions below turn them back into rows.
CREATE FUNCTION prisoner_exchange.history_as_of(relation text, moment timestamptz)
RETURNS SETOF jsonb
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT h.new_row
	FROM (SELECT DISTINCT ON (c.row_id) c.id, c.operation, c.new_row
		  FROM prisoner_exchange.change_history AS c
		  WHERE c.relation = history_as_of.relation AND c.row_id IS NOT NULL AND c.changed_at <= moment
		  ORDER BY c.row_id, c.id DESC) AS h
	WHERE h.operation <> 'DELETE'
	  AND h.id > COALESCE((SELECT pg_catalog.max(t.id) FROM prisoner_exchange.change_history AS t
						   WHERE t.relation = history_as_of.relation AND t.operation = 'TRUNCATE'
							 AND t.changed_at <= moment), 0);
END;
COMMENT ON FUNCTION prisoner_exchange.history_as_of(text, timestamptz) IS
'The rows of one table (agreement, phase, captive_estimate, list_entry_decision, remains_transfer) as they stood at a past moment, as JSON, rebuilt from change_history (editors)';

CREATE FUNCTION prisoner_exchange.agreements_as_of(moment timestamptz)
RETURNS SETOF prisoner_exchange.agreement
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT (pg_catalog.jsonb_populate_record(NULL::prisoner_exchange.agreement, r)).*
	FROM prisoner_exchange.history_as_of('agreement', moment) AS r;
END;
COMMENT ON FUNCTION prisoner_exchange.agreements_as_of(timestamptz) IS
'The agreements as they stood at a past moment, rebuilt from change_history (editors)';

CREATE FUNCTION prisoner_exchange.phases_as_of(moment timestamptz)
RETURNS SETOF prisoner_exchange.phase
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT (pg_catalog.jsonb_populate_record(NULL::prisoner_exchange.phase, r)).*
	FROM prisoner_exchange.history_as_of('phase', moment) AS r;
END;
COMMENT ON FUNCTION prisoner_exchange.phases_as_of(timestamptz) IS
'The phases as they stood at a past moment, rebuilt from change_history (editors)';

-- agreement_progress's figures at a past moment: what a report said then.
CREATE FUNCTION prisoner_exchange.agreement_progress_as_of(moment timestamptz)
RETURNS TABLE (agreement_id bigint, agreement_name text, quota_side_a integer, quota_side_b integer,
			   returned_side_a integer, returned_side_b integer, returned_total bigint,
			   remaining_side_a integer, remaining_side_b integer, percent_complete numeric,
			   phase_count bigint, last_exchanged_on date, status text, agreement_status text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT s.id, s.name,
		   prisoner_exchange.side_a(s.quota), prisoner_exchange.side_b(s.quota),
		   s.a, s.b, s.a::bigint + s.b,
		   prisoner_exchange.remaining_count(prisoner_exchange.side_a(s.quota), s.a),
		   prisoner_exchange.remaining_count(prisoner_exchange.side_b(s.quota), s.b),
		   prisoner_exchange.percent_of(s.a::bigint + s.b, prisoner_exchange.total(s.quota)),
		   s.n, s.last_on,
		   prisoner_exchange.progress_status(s.quota, s.a, s.b),
		   s.status
	FROM (SELECT a.id, a.name, a.quota, a.status,
				 COALESCE(pg_catalog.sum(prisoner_exchange.side_a(p.counts)), 0)::integer AS a,
				 COALESCE(pg_catalog.sum(prisoner_exchange.side_b(p.counts)), 0)::integer AS b,
				 pg_catalog.count(p.id) AS n,
				 pg_catalog.max(p.exchanged_on) AS last_on
		  FROM prisoner_exchange.agreements_as_of(moment) AS a
		  LEFT JOIN prisoner_exchange.phases_as_of(moment) AS p ON p.agreement_id = a.id
		  GROUP BY a.id, a.name, a.quota, a.status) AS s
	ORDER BY s.id;
END;
COMMENT ON FUNCTION prisoner_exchange.agreement_progress_as_of(timestamptz) IS
'agreement_progress''s figures as they stood at a past moment, from change_history: what a report said then (editors)';

-- The history begins now: the rows found at the update, as inserted.
INSERT INTO prisoner_exchange.change_history (relation, row_id, operation, new_row)
SELECT 'agreement', a.id, 'INSERT', pg_catalog.to_jsonb(a) FROM prisoner_exchange.agreement AS a ORDER BY a.id;
INSERT INTO prisoner_exchange.change_history (relation, row_id, operation, new_row)
SELECT 'phase', p.id, 'INSERT', pg_catalog.to_jsonb(p) FROM prisoner_exchange.phase AS p ORDER BY p.id;
INSERT INTO prisoner_exchange.change_history (relation, row_id, operation, new_row)
SELECT 'captive_estimate', e.id, 'INSERT', pg_catalog.to_jsonb(e) FROM prisoner_exchange.captive_estimate AS e ORDER BY e.id;
INSERT INTO prisoner_exchange.change_history (relation, row_id, operation, new_row)
SELECT 'list_entry_decision', d.entry_id, 'INSERT', pg_catalog.to_jsonb(d)
FROM prisoner_exchange.list_entry_decision AS d ORDER BY d.entry_id;

------------------------------------------------------------------------
-- Privileges and the totals of the phases already recorded
------------------------------------------------------------------------

-- The rules' running totals: written by the rules alone, rebuilt by the owner.
REVOKE EXECUTE ON FUNCTION prisoner_exchange.tally_add(bigint, bigint, bigint, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.recount_tallies() FROM PUBLIC;

-- setup_roles() grants the history to editors too.
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
		prisoner_exchange.remains_returned
		TO prisoner_exchange_reader;

	-- Editors: everything a coordinator records, and what readers read.
	-- Match results and decisions only through the functions that write
	-- them, so that nobody forges them.
	IF NOT pg_catalog.pg_has_role('prisoner_exchange_editor', 'prisoner_exchange_reader', 'MEMBER') THEN
		GRANT prisoner_exchange_reader TO prisoner_exchange_editor;
	END IF;
	GRANT SELECT, INSERT, UPDATE, DELETE ON prisoner_exchange.agreement, prisoner_exchange.phase,
		prisoner_exchange.captive_estimate, prisoner_exchange.person, prisoner_exchange.exchange_list,
		prisoner_exchange.list_entry, prisoner_exchange.remains_transfer
		TO prisoner_exchange_editor;
	GRANT SELECT ON prisoner_exchange.list_entry_match, prisoner_exchange.list_entry_decision,
		prisoner_exchange.list_entry_decision_history, prisoner_exchange.list_reconciliation,
		prisoner_exchange.change_history
		TO prisoner_exchange_editor;
	GRANT USAGE, SELECT ON SEQUENCE prisoner_exchange.agreement_id_seq, prisoner_exchange.phase_id_seq,
		prisoner_exchange.captive_estimate_id_seq, prisoner_exchange.person_id_seq,
		prisoner_exchange.exchange_list_id_seq, prisoner_exchange.list_entry_id_seq,
		prisoner_exchange.remains_transfer_id_seq
		TO prisoner_exchange_editor;
	GRANT EXECUTE ON FUNCTION prisoner_exchange.reconcile(bigint, real),
		prisoner_exchange.confirm_entry(bigint, bigint, text),
		prisoner_exchange.revise_entry(bigint, bigint, text)
		TO prisoner_exchange_editor;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.setup_roles() IS
'For a superuser, once per database: makes (or checks) the NOLOGIN roles prisoner_exchange_reader and prisoner_exchange_editor and grants them their privileges; refuses an existing role of those names that has attributes, a password, memberships, settings, members or privileges it did not give';

-- Editors read the history and record remains, readers read the remains'
-- view, where setup_roles() made them.
DO $grants$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r
			   WHERE r.rolname = 'prisoner_exchange_editor'
				 AND pg_catalog.shobj_description(r.oid, 'pg_authid')
					 = 'Made by prisoner_exchange.setup_roles(); its privileges come from there.') THEN
		GRANT SELECT ON prisoner_exchange.change_history TO prisoner_exchange_editor;
		GRANT SELECT, INSERT, UPDATE, DELETE ON prisoner_exchange.remains_transfer TO prisoner_exchange_editor;
		GRANT USAGE, SELECT ON SEQUENCE prisoner_exchange.remains_transfer_id_seq TO prisoner_exchange_editor;
	END IF;
	IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r
			   WHERE r.rolname = 'prisoner_exchange_reader'
				 AND pg_catalog.shobj_description(r.oid, 'pg_authid')
					 = 'Made by prisoner_exchange.setup_roles(); its privileges come from there.') THEN
		GRANT SELECT ON prisoner_exchange.remains_returned TO prisoner_exchange_reader;
	END IF;
END
$grants$;

SELECT prisoner_exchange.recount_tallies();
