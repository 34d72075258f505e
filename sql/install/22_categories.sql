-- sql/install/22_categories.sql: categories of people, a phase's breakdown by category, and terms per category

------------------------------------------------------------------------
-- Categories (1.5)
------------------------------------------------------------------------
-- Exchanges are agreed and announced by category: the military and the
-- civilians of May 2025, the seriously wounded and the under-25s of the
-- June 2025 Istanbul agreement, the civilian hostages and the female
-- soldiers of the Gaza ceasefire of January 2025, each with a ratio of its
-- own.  The categories are a controlled list, so that a breakdown, a term
-- and a captive estimate name the same group the same way.

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

-- A phase's breakdown: how many of each side's returns were of each
-- category.  The parts of one phase do not overlap, and when the counts
-- are published they add up to the phase's counts (checked at commit, so
-- that a phase and its parts can be written in either order).
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

-- Terms per category: the Gaza ceasefire of January 2025 released 30
-- prisoners for each civilian hostage and 50 for each female soldier.
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

------------------------------------------------------------------------
-- The rules on breakdowns and terms
------------------------------------------------------------------------
-- The same design as the rules on phases (20_agreements.sql): running
-- totals per agreement and category, in agreement_category_tally, checked
-- once per statement on the rows that result, under the lock of the
-- agreement's tally row, taken in agreement id order before anything
-- else.  A writer of phases and a writer of breakdowns of one agreement
-- therefore wait for each other, and the check costs the same at any
-- number of phases.

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

-- category_tally_add(agreement, category, a, b): add to the totals of one
-- agreement and category and return them.  The caller holds the
-- agreement's lock.  A missing row is rebuilt from the parts this
-- statement sees (its own included, so the delta is then counted).
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

-- A part takes its agreement from its phase, whatever was given.
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

-- A phase with a breakdown stays under its agreement: moving it would
-- move its parts' totals from one agreement's terms to another's.
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

-- The terms per category, on the parts a statement wrote: the ratio of
-- each part under each_phase, and the quota of each category.
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

-- parts_add_up(count, count_at_least, parts, parts_at_least): one side.
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

-- The parts of a phase add up to its counts, side by side, as far as is
-- known: a published sum of published parts equals the published count;
-- parts with one not published ("?") add up to no more than the count; a
-- count published only as "at least N" is no less than N.  Checked at
-- commit, once the phase and its parts are all written.
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

-- A term's quota off its ratio, refused with the quotas that fit (the
-- CHECK agreement_term_quota_keeps_ratio backs it up); then the parts
-- already recorded must fit the new terms, under the agreement's lock.
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

-- TRUNCATE of the breakdowns leaves every category with nothing.
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
