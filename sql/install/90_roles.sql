-- sql/install/90_roles.sql: setup_roles() and the functions not for everyone

------------------------------------------------------------------------
-- Roles
------------------------------------------------------------------------
-- Installing the extension creates no role: roles belong to the cluster,
-- outlive DROP EXTENSION, and managed services refuse to let an extension
-- script make them.  A superuser calls setup_roles() once per database
-- instead (1.3).  It makes prisoner_exchange_reader and
-- prisoner_exchange_editor, or takes over ones that exist only if they
-- are bare: a role planted with an attribute, a password, a membership, a
-- setting, members or privileges could hand what it receives to others.
-- A role setup_roles() made carries its mark (a comment), so that a second
-- database, or a second call, accepts the members and privileges the
-- first call and the administrators gave it.

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
COMMENT ON FUNCTION prisoner_exchange.setup_roles() IS
'For a superuser, once per database: makes (or checks) the NOLOGIN roles prisoner_exchange_reader and prisoner_exchange_editor and grants them their privileges; refuses an existing role of those names that has attributes, a password, memberships, settings, members or privileges it did not give';

-- Functions that write, or set up, are not for everyone.
REVOKE EXECUTE ON FUNCTION prisoner_exchange.reconcile(bigint, real) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.confirm_entry(bigint, bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.revise_entry(bigint, bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.setup_roles() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.registry_load_begin() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.registry_load_end() FROM PUBLIC;
-- The rules' running totals: written by the rules alone, rebuilt by the owner.
REVOKE EXECUTE ON FUNCTION prisoner_exchange.tally_add(bigint, bigint, bigint, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.recount_tallies() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION prisoner_exchange.category_tally_add(bigint, text, bigint, bigint) FROM PUBLIC;
