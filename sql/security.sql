--
-- security: no trojan can be adopted or called, and nothing needs superuser
--
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'

-- 1. Squatting.  Someone who could create objects in the schema before the
-- extension is installed plants a function the script also creates.  The
-- script uses plain CREATE, never CREATE OR REPLACE or IF NOT EXISTS, so the
-- install fails instead of adopting the trojan as an extension member.
-- (DROP EXTENSION leaves the schema that CREATE EXTENSION made.)
DROP EXTENSION prisoner_exchange;
CREATE FUNCTION prisoner_exchange.icu_version() RETURNS text
LANGUAGE sql AS $$SELECT 'trojan'$$;
CREATE EXTENSION prisoner_exchange;
:sqlstate
SELECT count(*) AS extensions_installed FROM pg_catalog.pg_extension WHERE extname = 'prisoner_exchange';
DROP SCHEMA prisoner_exchange CASCADE;

-- 2. A hostile search_path at install time.  Look-alikes of the built-in
-- types and functions the script names come before pg_catalog; every
-- reference in the script is qualified, so none of them is bound.
CREATE SCHEMA hostile;
CREATE TYPE hostile.int4 AS (trojan int);
CREATE TYPE hostile.int8 AS (trojan int);
CREATE TYPE hostile.bool AS (trojan int);
CREATE TYPE hostile.text AS (trojan int);
CREATE TYPE hostile.bytea AS (trojan int);
CREATE FUNCTION hostile.hash_any(bytea) RETURNS integer LANGUAGE sql AS $$SELECT 0$$;
SET search_path = hostile, pg_catalog;
CREATE EXTENSION prisoner_exchange;
RESET search_path;

-- No member of the extension refers to anything in the hostile schema.
SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) AS member_using_hostile_object
FROM pg_catalog.pg_depend AS d
JOIN pg_catalog.pg_depend AS e ON e.classid = d.classid AND e.objid = d.objid AND e.deptype = 'e'
WHERE e.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'prisoner_exchange')
  AND (d.refobjid IN (SELECT oid FROM pg_catalog.pg_type WHERE typnamespace = 'hostile'::regnamespace)
       OR d.refobjid IN (SELECT oid FROM pg_catalog.pg_proc WHERE pronamespace = 'hostile'::regnamespace));
SELECT pg_catalog.pg_get_function_result(p.oid) AS side_a_returns
FROM pg_catalog.pg_proc AS p
WHERE p.oid = 'prisoner_exchange.side_a(prisoner_exchange.exchange_phase)'::pg_catalog.regprocedure;
DROP SCHEMA hostile CASCADE;

-- 3. At query time a user's own look-alike operator does not change what
-- the extension's index, grouping and aggregates do: those are bound to the
-- extension's functions by the operator classes, not looked up by name.
CREATE SCHEMA decoy;
CREATE FUNCTION decoy.always_true(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS boolean LANGUAGE sql AS $$SELECT true$$;
CREATE OPERATOR decoy.= (LEFTARG = prisoner_exchange.exchange_phase,
                         RIGHTARG = prisoner_exchange.exchange_phase,
                         FUNCTION = decoy.always_true);
CREATE TEMP TABLE decoy_phases (counts prisoner_exchange.exchange_phase);
INSERT INTO decoy_phases VALUES ('390:390'), ('307:307'), ('307:307');
SET search_path = decoy, prisoner_exchange, pg_catalog;
SELECT counts, count(*) FROM decoy_phases GROUP BY counts ORDER BY counts;
SELECT sum(counts), count(DISTINCT counts) FROM decoy_phases;
RESET search_path;
DROP SCHEMA decoy CASCADE;

-- 4. Nothing but CREATE EXTENSION needs superuser: an ordinary role uses the
-- type, its operators, indexes and aggregates in a schema of its own.
CREATE ROLE regress_prisoner_exchange_user;
CREATE SCHEMA regress_user_schema AUTHORIZATION regress_prisoner_exchange_user;
SET ROLE regress_prisoner_exchange_user;
SET search_path = regress_user_schema, prisoner_exchange;
CREATE TABLE user_phases (counts exchange_phase CHECK (counts <@ '1000:1000'));
CREATE INDEX ON user_phases (counts);
INSERT INTO user_phases VALUES ('390:390'), ('307-for-307'), ('303 for 303');
SELECT sum(counts), '1000:1000'::exchange_phase - sum(counts) AS quota_left,
       is_balanced(sum(counts)), min(counts), max(counts)
FROM user_phases;
RESET ROLE;
RESET search_path;
DROP SCHEMA regress_user_schema CASCADE;
DROP ROLE regress_prisoner_exchange_user;
