-- prisoner_exchange 1.5 -> 1.6: the registry workflow end to end, and
-- lists as they really come.  Every row is kept: columns are added, one
-- constraint is widened, and the name index is rebuilt because names now
-- get other keys (more spellings match).
\echo Use "ALTER EXTENSION prisoner_exchange UPDATE TO '1.6'" to load this file. \quit

-- Why a name cannot be matched, asked by reconcile() of each line first so
-- that one bad line gets a verdict of its own (1.6).
CREATE FUNCTION prisoner_exchange.name_problem(name pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'pe_name_problem_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.name_problem(pg_catalog.text) IS
'NULL when the name can be matched, else why not: more than 1,000 characters, no letters, or (in a SQL_ASCII database) not valid UTF-8';

-- The registry's own identifier.
ALTER TABLE prisoner_exchange.person
	ADD COLUMN registry_id text,
	ADD CONSTRAINT person_registry_id_unique UNIQUE (registry_id),
	ADD CONSTRAINT person_registry_id_not_blank CHECK (pg_catalog.btrim(registry_id) <> '');
COMMENT ON COLUMN prisoner_exchange.person.registry_id IS 'The identifier the registry itself gives the person (unique where given), so that a registry loads without forcing its ids into id (1.6)';

-- A list's phase.
ALTER TABLE prisoner_exchange.exchange_list
	ADD COLUMN phase_id bigint REFERENCES prisoner_exchange.phase (id);
CREATE INDEX exchange_list_phase ON prisoner_exchange.exchange_list (phase_id);
COMMENT ON COLUMN prisoner_exchange.exchange_list.phase_id IS 'The phase in which the people of the list were exchanged, once known; mark_returned(list) marks its confirmed people returned in it (1.6)';

-- The verdicts year conflicts and unreadable, and why a line is ambiguous.
ALTER TABLE prisoner_exchange.list_entry_match
	ADD COLUMN ambiguity text,
	ADD COLUMN problem text,
	DROP CONSTRAINT list_entry_match_verdict_check,
	ADD CONSTRAINT list_entry_match_verdict_check
		CHECK (verdict IN ('matched', 'ambiguous', 'year conflicts', 'not in registry', 'unreadable')),
	ADD CONSTRAINT list_entry_match_ambiguity_check
		CHECK (ambiguity IS NULL OR ambiguity IN ('namesakes', 'close alternative') AND verdict = 'ambiguous'),
	ADD CONSTRAINT list_entry_match_problem_check
		CHECK ((problem IS NOT NULL) = (verdict = 'unreadable'));
-- Deleting a person looks up the rows that name it: without these, each
-- deleted person scanned list_entry_match (13 minutes for 900,000).
CREATE INDEX list_entry_match_best_person ON prisoner_exchange.list_entry_match (best_person_id);
CREATE INDEX list_entry_match_runner_up_person ON prisoner_exchange.list_entry_match (runner_up_person_id);
COMMENT ON COLUMN prisoner_exchange.list_entry_match.verdict IS 'matched; ambiguous (the runner-up is too close: a person must decide); year conflicts (the name matches best_person_id but the birth years differ); not in registry; unreadable (see problem)';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.ambiguity IS 'Why ambiguous: namesakes (the two candidates'' names are the same) or close alternative (a different name scores nearly as well)';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.problem IS 'Why the line cannot be matched (too long, not valid UTF-8...), for verdict unreadable';

-- The candidates reconcile() ranked for each entry, the best few of them
-- (1.6): what a reviewer checks, also for a line with no match, and also
-- the candidates that fell short of the threshold by name or by birth year.
CREATE TABLE prisoner_exchange.list_entry_candidate (
	entry_id bigint NOT NULL REFERENCES prisoner_exchange.list_entry (id) ON DELETE CASCADE,
	rank integer NOT NULL CHECK (rank >= 1),
	person_id bigint NOT NULL REFERENCES prisoner_exchange.person (id) ON DELETE CASCADE,
	name_score real NOT NULL,
	score real NOT NULL,
	PRIMARY KEY (entry_id, rank)
);
CREATE INDEX list_entry_candidate_person ON prisoner_exchange.list_entry_candidate (person_id);

COMMENT ON TABLE prisoner_exchange.list_entry_candidate IS
'The best registry candidates of each list entry as the latest reconcile() ranked them (at most five), including those below the threshold; written by reconcile() only (personal data)';
COMMENT ON COLUMN prisoner_exchange.list_entry_candidate.entry_id IS 'The list entry';
COMMENT ON COLUMN prisoner_exchange.list_entry_candidate.rank IS '1 for the highest score, then 2, 3...';
COMMENT ON COLUMN prisoner_exchange.list_entry_candidate.person_id IS 'The registry person';
COMMENT ON COLUMN prisoner_exchange.list_entry_candidate.name_score IS 'name_similarity of the two names';
COMMENT ON COLUMN prisoner_exchange.list_entry_candidate.score IS 'name_score adjusted by birth year, as the verdict uses it';
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.list_entry_candidate', '');

CREATE INDEX list_entry_decision_person ON prisoner_exchange.list_entry_decision (person_id);

-- reconcile(list_id): rank the registry candidates of every entry of one
-- list and record the verdicts.  Each entry costs one probe of the GIN
-- index on person.full_name (the %~ join), never a scan of the registry:
-- the entries drive the join (LATERAL), so a list reconciled before
-- ANALYZE has seen it is not joined the other way round (1.6: a 40,000-line
-- list took 674 s instead of 11).  A line that cannot be matched gets the
-- verdict unreadable with its reason, and the rest of the list goes on.
-- Not PARALLEL SAFE: it writes.  SECURITY DEFINER (1.3): it alone writes
-- list_entry_match and list_entry_candidate, so that no match is recorded
-- that it did not compute; EXECUTE is for editors only.
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
	DELETE FROM prisoner_exchange.list_entry_candidate AS c
	USING prisoner_exchange.list_entry AS e
	WHERE c.entry_id = e.id AND e.list_id = list;

	-- The verdicts use the threshold; the candidates kept for review reach
	-- down 0.15 below it, through %~ with the setting lowered for this one
	-- statement and set back right after it.  (A function's SET clause does
	-- not undo a set_config() made inside it: without the set-back, a second
	-- call in one transaction lowered the threshold again, and %~ with it.)
	threshold := prisoner_exchange.name_match_threshold();
	PERFORM pg_catalog.set_config('prisoner_exchange.name_match_threshold',
								  GREATEST(threshold - 0.15, 0)::text, true);

	WITH entry AS MATERIALIZED (
		SELECT e.id, e.name_as_written,
			   COALESCE(date_part('year', e.birth_date)::integer, e.birth_year) AS birth_year,
			   prisoner_exchange.name_problem(e.name_as_written) AS problem
		FROM prisoner_exchange.list_entry AS e
		WHERE e.list_id = list
	), scored AS (
		SELECT entry.id AS entry_id, c.person_id, c.full_name, c.name_score,
			   c.name_score + prisoner_exchange.birth_year_adjustment(entry.birth_year, c.birth_year) AS score,
			   pg_catalog.abs(entry.birth_year - c.birth_year) AS year_gap
		FROM entry
		CROSS JOIN LATERAL (
			SELECT p.id AS person_id, p.full_name,
				   COALESCE(date_part('year', p.birth_date)::integer, p.birth_year) AS birth_year,
				   prisoner_exchange.name_similarity(p.full_name, entry.name_as_written) AS name_score
			FROM prisoner_exchange.person AS p
			WHERE p.full_name OPERATOR(prisoner_exchange.%~) entry.name_as_written
		) AS c
		WHERE entry.problem IS NULL
	), ranked AS (
		SELECT s.*,
			   row_number() OVER (PARTITION BY s.entry_id ORDER BY s.score DESC, s.person_id) AS rank,
			   row_number() OVER (PARTITION BY s.entry_id ORDER BY s.name_score DESC, s.person_id) AS name_rank,
			   count(*) FILTER (WHERE s.score >= threshold) OVER (PARTITION BY s.entry_id) AS reaching
		FROM scored AS s
	), kept AS (
		INSERT INTO prisoner_exchange.list_entry_candidate (entry_id, rank, person_id, name_score, score)
		SELECT r.entry_id, r.rank, r.person_id, r.name_score, r.score
		FROM ranked AS r
		WHERE r.rank <= 5
	), per_entry AS (
		-- One row per entry, so that the last join is one to one: joined
		-- row by row to the entries, ranked would be read once per entry,
		-- which a list not yet analyzed can make the planner do.
		SELECT r.entry_id,
			   pg_catalog.max(r.person_id) FILTER (WHERE r.rank = 1 AND r.score >= threshold) AS best_id,
			   pg_catalog.max(r.score) FILTER (WHERE r.rank = 1 AND r.score >= threshold) AS best_score,
			   pg_catalog.max(r.full_name) FILTER (WHERE r.rank = 1 AND r.score >= threshold) AS best_name,
			   pg_catalog.max(r.person_id) FILTER (WHERE r.rank = 2 AND r.score >= threshold) AS second_id,
			   pg_catalog.max(r.score) FILTER (WHERE r.rank = 2 AND r.score >= threshold) AS second_score,
			   pg_catalog.max(r.full_name) FILTER (WHERE r.rank = 2 AND r.score >= threshold) AS second_name,
			   -- No candidate reaches the threshold, yet one's name does:
			   -- its birth year is what keeps it out, and a reviewer must
			   -- see it.
			   pg_catalog.max(r.person_id) FILTER (WHERE r.name_rank = 1 AND r.name_score >= threshold) AS by_name_id,
			   pg_catalog.max(r.score) FILTER (WHERE r.name_rank = 1 AND r.name_score >= threshold) AS by_name_score,
			   pg_catalog.max(r.year_gap) FILTER (WHERE r.rank = 1 AND r.score >= threshold) AS best_year_gap,
			   pg_catalog.max(r.reaching) AS reaching
		FROM ranked AS r
		GROUP BY r.entry_id
	)
	INSERT INTO prisoner_exchange.list_entry_match
		(entry_id, best_person_id, best_score, runner_up_person_id, runner_up_score,
		 candidates, verdict, ambiguity, problem)
	SELECT entry.id,
		   COALESCE(e.best_id, e.by_name_id),
		   CASE WHEN e.best_id IS NOT NULL THEN e.best_score ELSE e.by_name_score END,
		   e.second_id, e.second_score,
		   COALESCE(e.reaching, 0),
		   CASE
			   WHEN entry.problem IS NOT NULL THEN 'unreadable'
			   WHEN e.best_id IS NULL AND e.by_name_id IS NOT NULL THEN 'year conflicts'
			   WHEN e.best_id IS NULL THEN 'not in registry'
			   WHEN e.second_id IS NOT NULL
					AND e.best_score - e.second_score < ambiguity_margin THEN 'ambiguous'
			   -- A birth year one off is a slip or another person (the same
			   -- name, a year apart): a person must look (1.6).
			   WHEN e.best_year_gap >= 1 THEN 'year conflicts'
			   ELSE 'matched'
		   END,
		   CASE
			   WHEN e.second_id IS NULL OR e.best_score - e.second_score >= ambiguity_margin THEN NULL
			   WHEN prisoner_exchange.name_key(e.best_name) = prisoner_exchange.name_key(e.second_name)
				   THEN 'namesakes'
			   ELSE 'close alternative'
		   END,
		   entry.problem
	FROM entry
	LEFT JOIN per_entry AS e ON e.entry_id = entry.id;
	PERFORM pg_catalog.set_config('prisoner_exchange.name_match_threshold', threshold::text, true);

	-- Counted as list_reconciliation shows them: a person's decision first.
	RETURN QUERY
		SELECT CASE
				   WHEN d.entry_id IS NOT NULL AND d.person_id IS NULL THEN 'confirmed not in registry'
				   WHEN d.entry_id IS NOT NULL THEN 'confirmed'
				   ELSE m.verdict
			   END,
			   pg_catalog.count(*)
		FROM prisoner_exchange.list_entry_match AS m
		JOIN prisoner_exchange.list_entry AS e ON e.id = m.entry_id
		LEFT JOIN prisoner_exchange.list_entry_decision AS d ON d.entry_id = m.entry_id
		WHERE e.list_id = list
		GROUP BY 1 ORDER BY 1;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.reconcile(bigint, real) IS
'Ranks the registry candidates of every entry of a list (%~ through the GIN index, then name similarity adjusted by birth year), keeps the best five in list_entry_candidate and records best, runner-up and verdict (matched, ambiguous, year conflicts, not in registry, unreadable) in list_entry_match; returns the entries per verdict, decisions first; never touches list_entry_decision';

CREATE OR REPLACE VIEW prisoner_exchange.list_reconciliation AS
SELECT r.list_id, r.entry_id, r.line_number, r.name_as_written, r.birth_year,
	   r.best_person_id, r.best_name, r.best_birth_year, r.best_score,
	   r.runner_up_person_id, r.runner_up_name, r.runner_up_score, r.margin,
	   r.candidates, r.verdict, r.computed_verdict, r.confirmed_person_id,
	   r.decided_by, r.decided_at, r.reconciled_at,
	   r.confirmed_name, r.confirmed_birth_year, r.decision_note, r.ambiguity, r.problem,
	   -- A later line taken to be the same person as an earlier one.
	   CASE
		   WHEN r.taken_to_be IS NOT NULL
				AND pg_catalog.min(r.line_number) OVER taken < r.line_number
			   THEN pg_catalog.min(r.line_number) OVER taken
	   END AS duplicate_of_line
FROM (
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
		   m.reconciled_at,
		   confirmed.full_name AS confirmed_name,
		   COALESCE(pg_catalog.date_part('year', confirmed.birth_date)::integer, confirmed.birth_year) AS confirmed_birth_year,
		   d.note AS decision_note,
		   m.ambiguity,
		   m.problem,
		   CASE
			   WHEN d.entry_id IS NOT NULL THEN d.person_id
			   WHEN m.verdict = 'matched' THEN m.best_person_id
		   END AS taken_to_be
	FROM prisoner_exchange.list_entry AS e
	LEFT JOIN prisoner_exchange.list_entry_match AS m ON m.entry_id = e.id
	LEFT JOIN prisoner_exchange.person AS best ON best.id = m.best_person_id
	LEFT JOIN prisoner_exchange.person AS second ON second.id = m.runner_up_person_id
	LEFT JOIN prisoner_exchange.list_entry_decision AS d ON d.entry_id = e.id
	LEFT JOIN prisoner_exchange.person AS confirmed ON confirmed.id = d.person_id
) AS r
WINDOW taken AS (PARTITION BY r.list_id, r.taken_to_be);
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.verdict IS 'confirmed, confirmed not in registry (a person decided), or the computed verdict: matched, ambiguous, year conflicts, not in registry, unreadable; NULL before reconcile()';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.confirmed_name IS 'The confirmed person''s full name in the registry (not the best candidate''s)';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.confirmed_birth_year IS 'The confirmed person''s birth year in the registry';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.decision_note IS 'The note of the decision';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.ambiguity IS 'Why ambiguous: namesakes or close alternative';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.problem IS 'Why the line cannot be matched, for computed verdict unreadable';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.duplicate_of_line IS 'On a later line taken to be the same person as an earlier line of the list (by decision, else by a matched verdict): that earlier line''s number';

-- What a reviewer weighs: every candidate kept for a line, with its name,
-- birth year and scores (1.6).
CREATE VIEW prisoner_exchange.list_candidates AS
SELECT e.list_id,
	   e.id AS entry_id,
	   e.line_number,
	   e.name_as_written,
	   COALESCE(pg_catalog.date_part('year', e.birth_date)::integer, e.birth_year) AS birth_year,
	   c.rank,
	   c.person_id,
	   p.registry_id,
	   p.full_name,
	   COALESCE(pg_catalog.date_part('year', p.birth_date)::integer, p.birth_year) AS person_birth_year,
	   c.name_score,
	   c.score
FROM prisoner_exchange.list_entry AS e
JOIN prisoner_exchange.list_entry_candidate AS c ON c.entry_id = e.id
JOIN prisoner_exchange.person AS p ON p.id = c.person_id;

COMMENT ON VIEW prisoner_exchange.list_candidates IS
'The registry candidates reconcile() kept for each list entry (at most five, best first), including those below the threshold, for review (personal data: editors)';
COMMENT ON COLUMN prisoner_exchange.list_candidates.list_id IS 'exchange_list.id';
COMMENT ON COLUMN prisoner_exchange.list_candidates.entry_id IS 'list_entry.id';
COMMENT ON COLUMN prisoner_exchange.list_candidates.line_number IS 'Line in the list';
COMMENT ON COLUMN prisoner_exchange.list_candidates.name_as_written IS 'The name as the list gives it';
COMMENT ON COLUMN prisoner_exchange.list_candidates.birth_year IS 'Birth year from the list';
COMMENT ON COLUMN prisoner_exchange.list_candidates.rank IS '1 for the best candidate';
COMMENT ON COLUMN prisoner_exchange.list_candidates.person_id IS 'The candidate (person.id)';
COMMENT ON COLUMN prisoner_exchange.list_candidates.registry_id IS 'The candidate''s identifier in the registry';
COMMENT ON COLUMN prisoner_exchange.list_candidates.full_name IS 'The candidate''s full name in the registry';
COMMENT ON COLUMN prisoner_exchange.list_candidates.person_birth_year IS 'The candidate''s birth year in the registry';
COMMENT ON COLUMN prisoner_exchange.list_candidates.name_score IS 'name_similarity of the two names';
COMMENT ON COLUMN prisoner_exchange.list_candidates.score IS 'name_score adjusted by birth year';

-- The step after confirmation (1.6): everyone confirmed on the list is
-- returned, in the list's phase.  SECURITY INVOKER: it updates person as
-- the editor who calls it, under the phase rules (a phase cannot bring
-- home more people of the registry than it returned).
CREATE FUNCTION prisoner_exchange.mark_returned(list bigint, phase bigint DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	the_list prisoner_exchange.exchange_list;
	in_phase bigint;
	phase_agreement bigint;
	elsewhere bigint;
	marked integer;
BEGIN
	IF mark_returned.list IS NULL THEN
		RAISE EXCEPTION 'mark_returned() needs a list'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Pass the id of a row of prisoner_exchange.exchange_list.';
	END IF;
	SELECT * INTO the_list FROM prisoner_exchange.exchange_list AS l WHERE l.id = mark_returned.list;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'exchange list % does not exist', mark_returned.list
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Pass the id of a row of prisoner_exchange.exchange_list.';
	END IF;
	in_phase := COALESCE(mark_returned.phase, the_list.phase_id);
	IF in_phase IS NULL THEN
		RAISE EXCEPTION 'exchange list % has no phase to mark its people returned in', mark_returned.list
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Record the phase on the list (UPDATE exchange_list SET phase_id = ...) or pass it: mark_returned(list, phase).';
	END IF;
	SELECT p.agreement_id INTO phase_agreement FROM prisoner_exchange.phase AS p WHERE p.id = in_phase;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'phase % does not exist', in_phase
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Pass the id of a row of prisoner_exchange.phase.';
	END IF;
	IF the_list.agreement_id <> phase_agreement THEN
		RAISE EXCEPTION 'phase % belongs to agreement %, not to agreement % of exchange list %',
			in_phase, phase_agreement, the_list.agreement_id, mark_returned.list
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Pass a phase of the list''s agreement.';
	END IF;
	SELECT pg_catalog.count(DISTINCT p.id) INTO elsewhere
	FROM prisoner_exchange.list_entry AS e
	JOIN prisoner_exchange.list_entry_decision AS d ON d.entry_id = e.id
	JOIN prisoner_exchange.person AS p ON p.id = d.person_id
	WHERE e.list_id = mark_returned.list AND p.returned_in_phase_id <> in_phase;
	IF elsewhere > 0 THEN
		RAISE EXCEPTION 'people confirmed on exchange list % are already recorded as returned in another phase: %',
			mark_returned.list, elsewhere
			USING ERRCODE = 'check_violation',
				  DETAIL = 'Nothing was marked.',
				  HINT = 'SELECT * FROM prisoner_exchange.list_reconciliation shows the confirmed people; correct person.returned_in_phase_id where the earlier phase is wrong.';
	END IF;
	UPDATE prisoner_exchange.person AS p
	SET status = 'returned', returned_in_phase_id = in_phase
	FROM prisoner_exchange.list_entry AS e
	JOIN prisoner_exchange.list_entry_decision AS d ON d.entry_id = e.id
	WHERE e.list_id = mark_returned.list AND d.person_id = p.id
	  AND p.returned_in_phase_id IS DISTINCT FROM in_phase;
	GET DIAGNOSTICS marked = ROW_COUNT;
	RETURN marked;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.mark_returned(bigint, bigint) IS
'Marks every person confirmed on a list as returned in the list''s phase (or the phase given, of the same agreement); returns how many changed; refuses (23514) when one of them is already recorded as returned in another phase';


-- Loading a large registry (1.6).  The name index keeps no pending list
-- (fastupdate off, 1.2), so that a list reconciled right after a load runs
-- at full speed; but then every name inserted updates the index at once,
-- about 100 µs a name on a registry of real name frequencies.  Between
-- these two calls the index gathers new names in its pending list, and the
-- second merges them in one sorted pass (about 25 µs a name in all) and
-- turns the pending list off again.  SECURITY DEFINER: only the index's
-- owner may change it; EXECUTE is for editors.
CREATE FUNCTION prisoner_exchange.registry_load_begin()
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	ALTER INDEX prisoner_exchange.person_name_match SET (fastupdate = on, gin_pending_list_limit = 65536);
END
$$;
COMMENT ON FUNCTION prisoner_exchange.registry_load_begin() IS
'Before loading many persons: the name index gathers new names in a pending list instead of updating itself name by name; end with registry_load_end()';

CREATE FUNCTION prisoner_exchange.registry_load_end()
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	merged bigint;
BEGIN
	merged := pg_catalog.gin_clean_pending_list('prisoner_exchange.person_name_match'::pg_catalog.regclass);
	ALTER INDEX prisoner_exchange.person_name_match SET (fastupdate = off);
	ALTER INDEX prisoner_exchange.person_name_match RESET (gin_pending_list_limit);
	ANALYZE prisoner_exchange.person;
	RETURN merged;
END
$$;
COMMENT ON FUNCTION prisoner_exchange.registry_load_end() IS
'After loading many persons: merges the names gathered since registry_load_begin() into the name index in one pass, turns the pending list off again and analyzes person; returns the pending-list pages merged';

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
		ELSIF NEW.phase_id IS NOT NULL
		   AND NOT EXISTS (SELECT 1 FROM prisoner_exchange.phase AS p WHERE p.id = NEW.phase_id) THEN
			missing := pg_catalog.format('phase %s', NEW.phase_id);
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
		-- list_entry_match, list_entry_candidate and list_entry_decision:
		-- the entry first, then the person.
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
CREATE TRIGGER list_entry_candidate_check_restore_order BEFORE INSERT ON prisoner_exchange.list_entry_candidate FOR EACH ROW
	WHEN (pg_catalog.current_setting('application_name') = 'pg_restore')
	EXECUTE FUNCTION prisoner_exchange.check_restore_order();

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
		prisoner_exchange.change_history, prisoner_exchange.list_entry_candidate,
		prisoner_exchange.list_candidates
		TO prisoner_exchange_editor;
	GRANT USAGE, SELECT ON SEQUENCE prisoner_exchange.agreement_id_seq, prisoner_exchange.phase_id_seq,
		prisoner_exchange.captive_estimate_id_seq, prisoner_exchange.person_id_seq,
		prisoner_exchange.exchange_list_id_seq, prisoner_exchange.list_entry_id_seq,
		prisoner_exchange.remains_transfer_id_seq, prisoner_exchange.phase_category_id_seq,
		prisoner_exchange.agreement_term_id_seq, prisoner_exchange.published_total_id_seq
		TO prisoner_exchange_editor;
	GRANT EXECUTE ON FUNCTION prisoner_exchange.reconcile(bigint, real),
		prisoner_exchange.confirm_entry(bigint, bigint, text),
		prisoner_exchange.revise_entry(bigint, bigint, text),
		prisoner_exchange.registry_load_begin(), prisoner_exchange.registry_load_end()
		TO prisoner_exchange_editor;
END
$$;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.registry_load_begin() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.registry_load_end() FROM PUBLIC;

DO $grants$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'prisoner_exchange_editor') THEN
		GRANT SELECT ON prisoner_exchange.list_entry_candidate, prisoner_exchange.list_candidates
			TO prisoner_exchange_editor;
		GRANT EXECUTE ON FUNCTION prisoner_exchange.registry_load_begin(), prisoner_exchange.registry_load_end()
			TO prisoner_exchange_editor;
	END IF;
END
$grants$;

-- The keys of names changed (invisible characters, a dotted capital I, the
-- confusable consonant classes): rebuild the index on them.
REINDEX INDEX prisoner_exchange.person_name_match;
