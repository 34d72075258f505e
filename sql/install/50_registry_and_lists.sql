-- sql/install/50_registry_and_lists.sql: the registry, lists, reconciliation and decisions

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
	registry_id text,
	name_codes bytea GENERATED ALWAYS AS (prisoner_exchange.name_codes(full_name)) STORED,
	CONSTRAINT person_registry_id_unique UNIQUE (registry_id),
	CONSTRAINT person_registry_id_not_blank CHECK (pg_catalog.btrim(registry_id) <> ''),
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
COMMENT ON COLUMN prisoner_exchange.person.registry_id IS 'The identifier the registry itself gives the person (unique where given), so that a registry loads without forcing its ids into id (1.6)';
COMMENT ON COLUMN prisoner_exchange.person.name_codes IS 'The analysis of full_name (name_codes()), kept so that reconcile() need not analyse every candidate again; computed by the database (1.7)';

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
-- phase rules do it, by updating the tally of each agreement concerned
-- (tally_add with nothing to add): a second transaction linking people to
-- the same phase waits, and then counts the first one's people (READ
-- COMMITTED) or fails with a serialization error (REPEATABLE READ,
-- SERIALIZABLE).  A lock without a new row version would let a REPEATABLE
-- READ writer count a stale snapshot.
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

CREATE TABLE prisoner_exchange.exchange_list (
	id bigserial PRIMARY KEY,
	agreement_id bigint REFERENCES prisoner_exchange.agreement (id),
	sent_by text NOT NULL CHECK (sent_by <> ''),
	received_on date,
	title text,
	source text,
	notes text,
	phase_id bigint REFERENCES prisoner_exchange.phase (id)
);
CREATE INDEX exchange_list_phase ON prisoner_exchange.exchange_list (phase_id);

COMMENT ON TABLE prisoner_exchange.exchange_list IS
'A list of names sent by one side before an exchange';
COMMENT ON COLUMN prisoner_exchange.exchange_list.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.exchange_list.agreement_id IS 'The agreement the list belongs to, where known';
COMMENT ON COLUMN prisoner_exchange.exchange_list.sent_by IS 'The side that sent the list';
COMMENT ON COLUMN prisoner_exchange.exchange_list.received_on IS 'Date the list was received';
COMMENT ON COLUMN prisoner_exchange.exchange_list.title IS 'A label for the list';
COMMENT ON COLUMN prisoner_exchange.exchange_list.source IS 'Where the list came from';
COMMENT ON COLUMN prisoner_exchange.exchange_list.notes IS 'Free-text notes';
COMMENT ON COLUMN prisoner_exchange.exchange_list.phase_id IS 'The phase in which the people of the list were exchanged, once known; mark_returned(list) marks its confirmed people returned in it (1.6)';

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
	verdict text NOT NULL,
	reconciled_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	ambiguity text,
	problem text,
	CONSTRAINT list_entry_match_verdict_check
		CHECK (verdict IN ('matched', 'ambiguous', 'year conflicts', 'not in registry', 'unreadable')),
	CONSTRAINT list_entry_match_ambiguity_check
		CHECK (ambiguity IS NULL OR ambiguity IN ('namesakes', 'close alternative', 'surname slip') AND verdict = 'ambiguous'),
	CONSTRAINT list_entry_match_problem_check
		CHECK ((problem IS NOT NULL) = (verdict = 'unreadable'))
);
-- Deleting a person looks up the rows that name it: without these, each
-- deleted person scanned list_entry_match (13 minutes for 900,000).
CREATE INDEX list_entry_match_best_person ON prisoner_exchange.list_entry_match (best_person_id);
CREATE INDEX list_entry_match_runner_up_person ON prisoner_exchange.list_entry_match (runner_up_person_id);

COMMENT ON TABLE prisoner_exchange.list_entry_match IS
'What the latest reconcile() found for each list entry: best candidate, runner-up and verdict';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.entry_id IS 'The list entry';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.best_person_id IS 'The best registry candidate, if any';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.best_score IS 'Its score: name similarity, adjusted by birth year where both give one';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.runner_up_person_id IS 'The second-best candidate, if any';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.runner_up_score IS 'Its score';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.candidates IS 'How many registry names matched (%~)';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.verdict IS 'matched; ambiguous (the runner-up is too close: a person must decide); year conflicts (the name matches best_person_id but the birth years differ); not in registry; unreadable (see problem)';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.reconciled_at IS 'When reconcile() computed this row';
COMMENT ON COLUMN prisoner_exchange.list_entry_match.ambiguity IS 'Why ambiguous: namesakes (the two candidates'' names are the same), close alternative (a different name scores nearly as well) or surname slip (the best candidate''s surname is one slip of the pen away, the birth year the same: a typo, or a near surname; 1.7)';
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

CREATE INDEX list_entry_decision_person ON prisoner_exchange.list_entry_decision (person_id);

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
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.list_entry_candidate', '');
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
-- index on person.full_name (the %~ join), never a scan of the registry:
-- the entries drive the join (LATERAL), so a list reconciled before
-- ANALYZE has seen it is not joined the other way round (1.6: a 40,000-line
-- list took 674 s instead of 11).  A line that cannot be matched gets the
-- verdict unreadable with its reason, and the rest of the list goes on.
-- Not PARALLEL SAFE: it writes.  SECURITY DEFINER (1.3): it alone writes
-- list_entry_match and list_entry_candidate, so that no match is recorded
-- that it did not compute; EXECUTE is for editors only.
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
	DELETE FROM prisoner_exchange.list_entry_candidate AS c
	USING prisoner_exchange.list_entry AS e
	WHERE c.entry_id = e.id AND e.list_id = list;

	-- The verdicts use the threshold; the candidates kept for review reach
	-- down 0.15 below it: those that share a key with the entry (&%, found
	-- exactly by the index) and whose similarity reaches that floor, which
	-- is %~ at the floor.  The similarity is computed from the analyses the
	-- registry keeps (person.name_codes), not from every candidate's name
	-- again (1.7).
	threshold := prisoner_exchange.name_match_threshold();

	WITH entry AS MATERIALIZED (
		SELECT e.id, e.name_as_written, p.problem,
			   COALESCE(date_part('year', e.birth_date)::integer, e.birth_year) AS birth_year,
			   CASE WHEN p.problem IS NULL THEN prisoner_exchange.name_codes(e.name_as_written) END AS codes
		FROM prisoner_exchange.list_entry AS e
		CROSS JOIN LATERAL (SELECT prisoner_exchange.name_problem(e.name_as_written) AS problem) AS p
		WHERE e.list_id = list
	), scored AS (
		SELECT entry.id AS entry_id, c.person_id, c.full_name, c.name_score, c.slip,
			   c.name_score + prisoner_exchange.birth_year_adjustment(entry.birth_year, c.birth_year) AS score,
			   pg_catalog.abs(entry.birth_year - c.birth_year) AS year_gap
		FROM entry
		CROSS JOIN LATERAL (
			SELECT p.id AS person_id, p.full_name, y.birth_year,
				   CASE WHEN y.birth_year = entry.birth_year
						THEN prisoner_exchange.name_similarity_allowing_slip(p.full_name, p.name_codes,
																			 entry.name_as_written, entry.codes)
						ELSE prisoner_exchange.name_similarity(p.full_name, p.name_codes,
															   entry.name_as_written, entry.codes)
				   END AS name_score,
				   -- Only a name that does not reach the floor without it
				   -- can have needed a slip.
				   y.birth_year = entry.birth_year
				   AND prisoner_exchange.name_similarity(p.full_name, p.name_codes, entry.name_as_written, entry.codes)
					   < GREATEST(threshold - 0.15, 0) AS slip
			FROM prisoner_exchange.person AS p
			-- The year first: the CHECK person_birth_date_matches_year makes
			-- the two agree, and most candidates need no date_part().
			CROSS JOIN LATERAL (SELECT COALESCE(p.birth_year, date_part('year', p.birth_date)::integer) AS birth_year) AS y
			WHERE p.full_name OPERATOR(prisoner_exchange.&%) entry.name_as_written
			  AND (prisoner_exchange.name_similarity_reaches(p.full_name, p.name_codes, entry.name_as_written,
															  entry.codes, GREATEST(threshold - 0.15, 0))
				   -- A surname one slip away, where the birth year agrees, is
				   -- shown for review, never matched: spelling alone cannot
				   -- tell it from a near surname (1.7).
				   OR (y.birth_year = entry.birth_year
					   AND prisoner_exchange.name_similarity_allowing_slip(p.full_name, p.name_codes,
																		   entry.name_as_written, entry.codes)
						   >= GREATEST(threshold - 0.15, 0)))
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
			   pg_catalog.bool_or(r.slip) FILTER (WHERE r.rank = 1 AND r.score >= threshold) AS best_by_slip,
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
			   WHEN e.best_by_slip THEN 'ambiguous'
			   -- A birth year one off is a slip or another person (the same
			   -- name, a year apart): a person must look (1.6).
			   WHEN e.best_year_gap >= 1 THEN 'year conflicts'
			   ELSE 'matched'
		   END,
		   CASE
			   WHEN entry.problem IS NOT NULL OR e.best_id IS NULL THEN NULL
			   WHEN e.second_id IS NOT NULL AND e.best_score - e.second_score < ambiguity_margin THEN
				   CASE WHEN prisoner_exchange.name_key(e.best_name) = prisoner_exchange.name_key(e.second_name)
						THEN 'namesakes' ELSE 'close alternative' END
			   WHEN e.best_by_slip THEN 'surname slip'
		   END,
		   entry.problem
	FROM entry
	LEFT JOIN per_entry AS e ON e.entry_id = entry.id;

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
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.verdict IS 'confirmed, confirmed not in registry (a person decided), or the computed verdict: matched, ambiguous, year conflicts, not in registry, unreadable; NULL before reconcile()';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.computed_verdict IS 'What reconcile() found, whatever a person decided';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.confirmed_person_id IS 'The person confirmed by a decision';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.decided_by IS 'Who decided';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.decided_at IS 'When';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.reconciled_at IS 'When reconcile() last ran for the entry';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.confirmed_name IS 'The confirmed person''s full name in the registry (not the best candidate''s)';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.confirmed_birth_year IS 'The confirmed person''s birth year in the registry';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.decision_note IS 'The note of the decision';
COMMENT ON COLUMN prisoner_exchange.list_reconciliation.ambiguity IS 'Why ambiguous: namesakes, close alternative or surname slip';
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
