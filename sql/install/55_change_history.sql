-- sql/install/55_change_history.sql: every change to agreements, phases, estimates and decisions, kept

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
		CHECK (relation IN ('agreement', 'phase', 'captive_estimate', 'list_entry_decision', 'remains_transfer',
							'phase_category', 'agreement_term', 'published_total')),
	CONSTRAINT change_history_operation_known
		CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'))
);

COMMENT ON TABLE prisoner_exchange.change_history IS
'Every change to agreement, phase, captive_estimate, list_entry_decision and remains_transfer: the old and new row, who and when; append-only, readable by editors';
COMMENT ON COLUMN prisoner_exchange.change_history.id IS 'Order of the changes';
COMMENT ON COLUMN prisoner_exchange.change_history.changed_at IS 'When the statement that made the change started';
COMMENT ON COLUMN prisoner_exchange.change_history.changed_by IS 'The session''s login role (session_user), set by the database';
COMMENT ON COLUMN prisoner_exchange.change_history.transaction_id IS 'The transaction that made the change: changes made together share it';
COMMENT ON COLUMN prisoner_exchange.change_history.relation IS 'The table changed: agreement, phase, captive_estimate, list_entry_decision, remains_transfer, phase_category, agreement_term or published_total';
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
							  ('list_entry_decision', 'entry_id'), ('remains_transfer', 'id'),
							  ('phase_category', 'id'), ('agreement_term', 'id'), ('published_total', 'id')) AS t (relation, key)
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
