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
