-- sql/install/70_restore_order.sql: refusing rows that a parallel pg_restore loads out of order

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
COMMENT ON FUNCTION prisoner_exchange.check_restore_order() IS
'Trigger function, active only under pg_restore: refuses a row that refers to one not restored yet, and says how to restore instead';

DO $restore_order$
DECLARE
	loaded_after_parent text;
BEGIN
	FOREACH loaded_after_parent IN ARRAY ARRAY['phase', 'exchange_list', 'person', 'list_entry',
											   'list_entry_match', 'list_entry_decision',
											   'phase_category', 'agreement_term',
											   'list_entry_candidate'] LOOP
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I BEFORE INSERT ON prisoner_exchange.%I FOR EACH ROW '
			'WHEN (pg_catalog.current_setting(''application_name'') = ''pg_restore'') '
			'EXECUTE FUNCTION prisoner_exchange.check_restore_order()',
			loaded_after_parent || '_check_restore_order', loaded_after_parent);
	END LOOP;
END
$restore_order$;
