-- sql/install/00_schema.sql: the schema the extension makes for itself.
-- The Makefile joins the files of sql/install, in order, into the newest
-- release's install script, prisoner_exchange--X.Y.sql.

\echo Use "CREATE EXTENSION prisoner_exchange" to load this file. \quit

------------------------------------------------------------------------
-- The schema
------------------------------------------------------------------------
-- The extension creates its schema here, so that the schema is one of its
-- members: owned by the role that installs the extension, dropped with it,
-- never dumped apart from it.  A schema of that name that already exists
-- is refused, whoever owns it: its owner could rename it and put
-- look-alikes in its place, and the SECURITY DEFINER triggers below, which
-- run as the installing role, would call them.

DO $schema$
DECLARE
	squatter text;
BEGIN
	SELECT pg_catalog.pg_get_userbyid(n.nspowner) INTO squatter
	FROM pg_catalog.pg_namespace AS n WHERE n.nspname = 'prisoner_exchange';
	IF FOUND THEN
		RAISE EXCEPTION 'schema "prisoner_exchange" already exists (owner %)', squatter
			USING ERRCODE = 'duplicate_schema',
				  DETAIL = 'The extension creates its own schema; it never installs into one that another role made.',
				  HINT = 'Move what you keep there to another schema, DROP SCHEMA prisoner_exchange, then CREATE EXTENSION prisoner_exchange again.';
	END IF;
END
$schema$;

CREATE SCHEMA prisoner_exchange;
COMMENT ON SCHEMA prisoner_exchange IS
'The prisoner_exchange extension: the exchange_phase type, agreements, phases, captive estimates, the registry, lists and their reconciliation';
