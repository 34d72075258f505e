/* prisoner_exchange--1.0--1.1.sql: roles, and small groups hidden from readers */

\echo Use "ALTER EXTENSION prisoner_exchange UPDATE TO '1.1'" to load this file. \quit
------------------------------------------------------------------------
-- Release 1.1: roles, and small groups hidden from readers
------------------------------------------------------------------------

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

CREATE OR REPLACE VIEW @extschema@.phase_composition AS
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

-- Readers: the aggregate views, and nothing that names a person.
GRANT SELECT ON @extschema@.agreement_progress, @extschema@.phase_progress,
	@extschema@.captive_ratios, @extschema@.agreement_coverage, @extschema@.phase_composition
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

-- A phase without an agreement is refused by the NOT NULL constraint, in
-- its words, instead of "agreement <NULL> does not exist".
CREATE OR REPLACE FUNCTION @extschema@.phase_enforce_rules()
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

-- reconcile(NULL) says what is missing.
CREATE OR REPLACE FUNCTION @extschema@.reconcile(list bigint, ambiguity_margin real DEFAULT 0.05)
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

-- Equal exchange_phase values are equal bit for bit, so btree indexes may
-- store duplicates once (deduplication).  Indexes built under 1.0 get it
-- when they are rebuilt: REINDEX them.
ALTER OPERATOR FAMILY @extschema@.exchange_phase_ops USING btree
	ADD FUNCTION 4 (@extschema@.exchange_phase, @extschema@.exchange_phase) pg_catalog.btequalimage(pg_catalog.oid);
