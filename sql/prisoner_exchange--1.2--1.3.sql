/* prisoner_exchange--1.2--1.3.sql: security release */

\echo Use "ALTER EXTENSION prisoner_exchange UPDATE TO '1.3'" to load this file. \quit

------------------------------------------------------------------------
-- The schema becomes the extension's own
------------------------------------------------------------------------
-- Up to 1.2 the schema prisoner_exchange was made (or found) by CREATE
-- EXTENSION and was not a member of the extension: a role that made it
-- first owned it, could rename it, and could put look-alikes where the
-- SECURITY DEFINER triggers look.  1.3 installs make the schema in their
-- script and record the extension in pg_catalog.  This update brings an
-- existing database to the same state: it refuses a schema holding
-- anything the extension did not make, takes the schema over for the
-- extension's owner, resets its privileges, and makes it a member.

DO $schema$
DECLARE
	extension_schema text;
	strangers text;
BEGIN
	SELECT n.nspname INTO extension_schema
	FROM pg_catalog.pg_extension AS x
	JOIN pg_catalog.pg_namespace AS n ON n.oid = x.extnamespace
	WHERE x.extname = 'prisoner_exchange';
	IF extension_schema IS DISTINCT FROM 'prisoner_exchange' THEN
		RAISE EXCEPTION 'the extension''s schema is "%", not "prisoner_exchange"', extension_schema
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'Someone renamed the schema of the extension; a schema now named prisoner_exchange, if any, is not the extension''s.',
				  HINT = 'Find out who renamed it and why; then rename it back (ALTER SCHEMA ... RENAME TO prisoner_exchange) and update again.';
	END IF;

	-- Functions, operators, types and relations in the schema that are
	-- not the extension's (indexes and the types of its own tables are).
	SELECT pg_catalog.string_agg(o.what, ', ' ORDER BY o.what) INTO strangers
	FROM (
		SELECT pg_catalog.pg_describe_object(c.classid, c.objid, 0) AS what
		FROM (
			SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass AS classid, p.oid AS objid
			FROM pg_catalog.pg_proc AS p WHERE p.pronamespace = 'prisoner_exchange'::pg_catalog.regnamespace
			UNION ALL
			SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid
			FROM pg_catalog.pg_operator AS o WHERE o.oprnamespace = 'prisoner_exchange'::pg_catalog.regnamespace
			UNION ALL
			SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid
			FROM pg_catalog.pg_type AS t
			WHERE t.typnamespace = 'prisoner_exchange'::pg_catalog.regnamespace
			  AND t.typrelid = 0 AND t.typelem = 0
			UNION ALL
			SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, r.oid
			FROM pg_catalog.pg_class AS r
			WHERE r.relnamespace = 'prisoner_exchange'::pg_catalog.regnamespace
			  AND r.relkind IN ('r', 'p', 'v', 'm', 'f')
		) AS c
		WHERE NOT EXISTS (
			SELECT 1 FROM pg_catalog.pg_depend AS d
			WHERE d.classid = c.classid AND d.objid = c.objid AND d.deptype = 'e'
			  AND d.refobjid = (SELECT x.oid FROM pg_catalog.pg_extension AS x
								WHERE x.extname = 'prisoner_exchange'))
	) AS o;
	IF strangers IS NOT NULL THEN
		RAISE EXCEPTION 'schema prisoner_exchange holds objects that are not the extension''s: %', strangers
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'From 1.3 the schema belongs to the extension alone; an object someone else put there could have been planted for its SECURITY DEFINER functions to call.',
				  HINT = 'Move your own objects to another schema (ALTER ... SET SCHEMA public), drop any you do not know, then update again.';
	END IF;
END
$schema$;

-- The catalog as a 1.3 install leaves it: the extension recorded in
-- pg_catalog (a pinned schema, on which no dependency is kept), its
-- schema a member.  Only a superuser can update the catalogs; updating an
-- extension that is not trusted needs one anyway.
DELETE FROM pg_catalog.pg_depend AS d
WHERE d.classid = 'pg_catalog.pg_extension'::pg_catalog.regclass
  AND d.objid = (SELECT x.oid FROM pg_catalog.pg_extension AS x WHERE x.extname = 'prisoner_exchange')
  AND d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
  AND d.refobjid = 'prisoner_exchange'::pg_catalog.regnamespace;
UPDATE pg_catalog.pg_extension
SET extnamespace = 'pg_catalog'::pg_catalog.regnamespace
WHERE extname = 'prisoner_exchange';
ALTER EXTENSION prisoner_exchange ADD SCHEMA prisoner_exchange;

-- Owned by the extension's owner, usable by everyone, writable by nobody
-- else: whatever a squatter granted is revoked.
DO $owner$
DECLARE
	grantee text;
BEGIN
	EXECUTE pg_catalog.format('ALTER SCHEMA prisoner_exchange OWNER TO %I',
		(SELECT pg_catalog.pg_get_userbyid(x.extowner) FROM pg_catalog.pg_extension AS x
		 WHERE x.extname = 'prisoner_exchange'));
	FOR grantee IN
		SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC'
							 ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END
		FROM pg_catalog.pg_namespace AS n,
			 LATERAL pg_catalog.aclexplode(n.nspacl) AS a
		WHERE n.nspname = 'prisoner_exchange' AND a.grantee <> n.nspowner
	LOOP
		EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA prisoner_exchange FROM %s CASCADE', grantee);
	END LOOP;
END
$owner$;
GRANT USAGE ON SCHEMA prisoner_exchange TO PUBLIC;
COMMENT ON SCHEMA prisoner_exchange IS
'The prisoner_exchange extension: the exchange_phase type, agreements, phases, captive estimates, the registry, lists and their reconciliation';

------------------------------------------------------------------------
-- Captive estimates: returned within held, one undated estimate per key
------------------------------------------------------------------------

DO $estimates$
DECLARE
	offending text;
BEGIN
	SELECT pg_catalog.string_agg(e.id::text, ', ' ORDER BY e.id) INTO offending
	FROM prisoner_exchange.captive_estimate AS e
	WHERE e.returned > e.held_at_least;
	IF offending IS NOT NULL THEN
		RAISE EXCEPTION 'captive estimates with more returned than held: id %', offending
			USING ERRCODE = 'check_violation',
				  HINT = 'Correct returned or held_at_least of those rows (or set the unknown one to NULL), then update again.';
	END IF;
	SELECT pg_catalog.string_agg(pg_catalog.format('%s/%s/%s (ids %s)', e.held_by, e.captive_side, e.category, e.ids), '; ')
	INTO offending
	FROM (SELECT c.held_by, c.captive_side, c.category,
				 pg_catalog.string_agg(c.id::text, ', ' ORDER BY c.id) AS ids
		  FROM prisoner_exchange.captive_estimate AS c
		  WHERE c.as_of IS NULL
		  GROUP BY c.held_by, c.captive_side, c.category
		  HAVING pg_catalog.count(*) > 1) AS e;
	IF offending IS NOT NULL THEN
		RAISE EXCEPTION 'more than one undated captive estimate for %', offending
			USING ERRCODE = 'unique_violation',
				  HINT = 'Give those estimates their dates, or keep one of each, then update again.';
	END IF;
END
$estimates$;

ALTER TABLE prisoner_exchange.captive_estimate
	DROP CONSTRAINT captive_estimate_unique,
	ADD CONSTRAINT captive_estimate_returned_within_held
		CHECK (returned IS NULL OR held_at_least IS NULL OR returned <= held_at_least),
	ADD CONSTRAINT captive_estimate_unique
		UNIQUE NULLS NOT DISTINCT (held_by, captive_side, category, as_of);

------------------------------------------------------------------------
-- Names have letters in any locale; transliterate() is bounded
------------------------------------------------------------------------

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


ALTER TABLE prisoner_exchange.person
	DROP CONSTRAINT person_name_has_letters,
	ADD CONSTRAINT person_name_has_letters CHECK (prisoner_exchange.name_has_letters(full_name));
ALTER TABLE prisoner_exchange.list_entry
	DROP CONSTRAINT list_entry_name_has_letters,
	ADD CONSTRAINT list_entry_name_has_letters CHECK (prisoner_exchange.name_has_letters(name_as_written));

------------------------------------------------------------------------
-- No more people linked to a phase than it returned
------------------------------------------------------------------------

DO $linked$
DECLARE
	offending text;
BEGIN
	SELECT pg_catalog.string_agg(pg_catalog.format('phase %s (%s, %s people)', ph.id, ph.counts, l.people), ', ' ORDER BY ph.id)
	INTO offending
	FROM prisoner_exchange.phase AS ph
	JOIN (SELECT p.returned_in_phase_id AS phase_id, pg_catalog.count(*) AS people
		  FROM prisoner_exchange.person AS p GROUP BY p.returned_in_phase_id) AS l
	  ON l.phase_id = ph.id
	WHERE l.people > GREATEST(prisoner_exchange.side_a(ph.counts), prisoner_exchange.side_b(ph.counts));
	IF offending IS NOT NULL THEN
		RAISE EXCEPTION 'more people of the registry are linked to a phase than it returned: %', offending
			USING ERRCODE = 'check_violation',
				  HINT = 'Correct person.returned_in_phase_id or the phase''s counts, then update again.';
	END IF;
END
$linked$;

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
REFERENCING OLD TABLE AS previous NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_people_within_counts();
CREATE TRIGGER phase_counts_cover_people
AFTER UPDATE ON prisoner_exchange.phase
REFERENCING OLD TABLE AS previous NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION prisoner_exchange.phase_people_within_counts();


------------------------------------------------------------------------
-- The agreement trigger names its operators (no search_path lookup)
------------------------------------------------------------------------

DROP TRIGGER agreement_enforce_rules ON prisoner_exchange.agreement;
CREATE TRIGGER agreement_enforce_rules
BEFORE UPDATE OF quota, ratio, balance_rule ON prisoner_exchange.agreement
FOR EACH ROW
WHEN ((OLD.quota IS NULL) <> (NEW.quota IS NULL)
	  OR OLD.quota OPERATOR(prisoner_exchange.<>) NEW.quota
	  OR OLD.ratio OPERATOR(prisoner_exchange.<>) NEW.ratio
	  OR OLD.balance_rule IS DISTINCT FROM NEW.balance_rule)
EXECUTE FUNCTION prisoner_exchange.agreement_enforce_rules();


------------------------------------------------------------------------
-- A trail nobody can forge
------------------------------------------------------------------------

COMMENT ON TABLE prisoner_exchange.list_entry_decision IS
'A person''s decision on a list entry: which registry person it is, or (person_id NULL) that it is not in the registry; written only by confirm_entry() and revise_entry(), never by reconcile()';
ALTER TABLE prisoner_exchange.list_entry_decision ALTER COLUMN decided_by SET DEFAULT SESSION_USER;
COMMENT ON COLUMN prisoner_exchange.list_entry_decision.decided_by IS 'Who decided: the session''s login role (session_user), set by the database';
COMMENT ON COLUMN prisoner_exchange.list_entry_decision.decided_at IS 'When: the deciding transaction''s start, set by the database';

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

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.list_entry_decision_history', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.list_entry_decision_history_id_seq', '');

-- The threshold as %~ applies it: read through C, so that the module (and
-- with it the setting's bounds) is loaded first (1.3).
CREATE FUNCTION prisoner_exchange.name_match_threshold()
RETURNS pg_catalog.float4
AS 'MODULE_PATHNAME', 'pe_name_match_threshold'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_match_threshold() IS
'The similarity from which %~ and reconcile() take two names as probably the same (setting prisoner_exchange.name_match_threshold, default 0.8)';

-- reconcile(list_id): rank the registry candidates of every entry of one
-- list and record the verdicts.  Each entry costs one probe of the GIN
-- index on person.full_name (the %~ join), never a scan of the registry.
-- Not PARALLEL SAFE: it writes.  SECURITY DEFINER (1.3): it alone writes
-- list_entry_match, so that no match is recorded that it did not compute;
-- EXECUTE is for editors only.
CREATE OR REPLACE FUNCTION prisoner_exchange.reconcile(list bigint, ambiguity_margin real DEFAULT 0.05)
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

DROP FUNCTION prisoner_exchange.confirm_entry(bigint, bigint, text);
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


------------------------------------------------------------------------
-- Disclosure control that holds against subtraction
------------------------------------------------------------------------

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
CREATE OR REPLACE VIEW prisoner_exchange.phase_composition AS
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

COMMENT ON COLUMN prisoner_exchange.phase_composition.youngest_age IS 'Age of the youngest on the day of the phase (years), among those with a known birth date or year; for readers, leaving out the members of groups smaller than min_group_size()';
COMMENT ON COLUMN prisoner_exchange.phase_composition.oldest_age IS 'Age of the oldest on the day of the phase (years); for readers, leaving out the members of groups smaller than min_group_size()';

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
-- Roles: made by setup_roles(), never by the install
------------------------------------------------------------------------

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

-- The roles a 1.2 install made, with the members and privileges the
-- administrators gave them since, are taken over as setup_roles() would
-- have made them, provided they have no attribute of their own; then
-- setup_roles() gives them 1.3's privileges.  Editors lose the direct
-- writes on match results and decisions.
DO $roles$
DECLARE
	wanted text;
	found_roles integer := 0;
BEGIN
	FOREACH wanted IN ARRAY ARRAY['prisoner_exchange_reader', 'prisoner_exchange_editor'] LOOP
		IF EXISTS (SELECT 1 FROM pg_catalog.pg_authid AS a
				   WHERE a.rolname = wanted
					 AND (a.rolsuper OR a.rolcreaterole OR a.rolcreatedb OR a.rolcanlogin
						  OR a.rolreplication OR a.rolbypassrls OR a.rolpassword IS NOT NULL)) THEN
			RAISE EXCEPTION 'role "%" has attributes that a reader or editor role must not have', wanted
				USING ERRCODE = 'duplicate_object',
					  DETAIL = 'One of SUPERUSER, CREATEROLE, CREATEDB, LOGIN, REPLICATION, BYPASSRLS or a password is set; its members would have it too.',
					  HINT = pg_catalog.format('ALTER ROLE %I NOSUPERUSER NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS PASSWORD NULL, or drop it if you did not make it, then update again.', wanted);
		END IF;
		IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname = wanted) THEN
			found_roles := found_roles + 1;
			EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', wanted,
				'Made by prisoner_exchange.setup_roles(); its privileges come from there.');
		END IF;
	END LOOP;
	IF found_roles = 2 THEN
		REVOKE INSERT, UPDATE, DELETE ON prisoner_exchange.list_entry_match,
			prisoner_exchange.list_entry_decision FROM prisoner_exchange_editor;
		PERFORM prisoner_exchange.setup_roles();
	END IF;
END
$roles$;
