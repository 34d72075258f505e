--
-- security: no trojan can be adopted or called, and nothing needs superuser
--
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'
\set SHOW_CONTEXT never

-- 1. Squatting.  Someone who could create objects in the schema before the
-- extension is installed plants a function the script also creates.  Since
-- 1.3 the script creates the schema itself and refuses one that exists, so
-- the install fails before anything is adopted.  DROP EXTENSION takes the
-- schema with it.
DROP EXTENSION prisoner_exchange;
SELECT count(*) AS schemas_left_by_drop FROM pg_catalog.pg_namespace WHERE nspname = 'prisoner_exchange';
CREATE ROLE regress_pe_squatter;
CREATE SCHEMA prisoner_exchange AUTHORIZATION regress_pe_squatter;
CREATE FUNCTION prisoner_exchange.icu_version() RETURNS text
LANGUAGE sql AS $$SELECT 'trojan'$$;
CREATE EXTENSION prisoner_exchange;
:sqlstate
SELECT count(*) AS extensions_installed FROM pg_catalog.pg_extension WHERE extname = 'prisoner_exchange';
DROP SCHEMA prisoner_exchange CASCADE;
DROP ROLE regress_pe_squatter;

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
DROP TABLE decoy_phases;
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

-- 5. An untrusted user plants look-alikes in public, which is on everyone's
-- search_path: lower() and = on text, + on the type, a sum().  The
-- extension's views, SQL functions and rules keep their meaning, because
-- every reference in them was bound when they were created.
CREATE ROLE regress_pe_attacker;
GRANT CREATE ON SCHEMA public TO regress_pe_attacker;
SET ROLE regress_pe_attacker;
CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE sql AS $$SELECT 'planted'$$;
CREATE FUNCTION public.text_always_equal(text, text) RETURNS boolean LANGUAGE sql AS $$SELECT true$$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.text_always_equal);
CREATE FUNCTION public.phase_zero(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase)
RETURNS prisoner_exchange.exchange_phase LANGUAGE sql AS $$SELECT '0:0'::prisoner_exchange.exchange_phase$$;
CREATE OPERATOR public.+ (LEFTARG = prisoner_exchange.exchange_phase,
                          RIGHTARG = prisoner_exchange.exchange_phase, FUNCTION = public.phase_zero);
CREATE FUNCTION public.coalesce_trap(bigint) RETURNS bigint LANGUAGE sql AS $$SELECT 0::bigint$$;
RESET ROLE;

SET search_path = public, prisoner_exchange;
INSERT INTO prisoner_exchange.agreement (name, side_a, side_b, quota)
VALUES ('Trap test', 'A', 'B', '1000:1000');
INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
SELECT id, '2025-05-23', '390:390' FROM prisoner_exchange.agreement WHERE name = 'Trap test';
INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
SELECT id, '2025-05-24', '307:307' FROM prisoner_exchange.agreement WHERE name = 'Trap test';
-- The quota rule still adds, and still refuses.
INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
SELECT id, '2025-05-25', '304:304' FROM prisoner_exchange.agreement WHERE name = 'Trap test';
SELECT agreement_name, returned_side_a, returned_side_b, remaining_side_a, remaining_side_b,
       percent_complete, status
FROM prisoner_exchange.agreement_progress WHERE agreement_name = 'Trap test';
SELECT cumulative_side_a, cumulative_side_b, remaining_side_a, remaining_side_b, status_after
FROM prisoner_exchange.phase_progress
WHERE agreement_name = 'Trap test' ORDER BY phase_number;
SELECT prisoner_exchange.remaining('1000:1000', '697:697'),
       prisoner_exchange.exchange_status('1000:1000', '697:697'),
       prisoner_exchange.percent_of(174, 16000);
-- The operator in the user's own query is the planted one, as PostgreSQL
-- resolves it: only the extension's own objects are protected.
SELECT '1:1'::prisoner_exchange.exchange_phase + '2:2' AS users_own_plus_is_the_planted_one;
RESET search_path;
SET client_min_messages = warning;
TRUNCATE prisoner_exchange.phase, prisoner_exchange.agreement RESTART IDENTITY CASCADE;
RESET client_min_messages;
DROP FUNCTION public.lower(text), public.coalesce_trap(bigint);
DROP OPERATOR public.= (text, text);
DROP OPERATOR public.+ (prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase);
DROP FUNCTION public.text_always_equal(text, text), public.phase_zero(prisoner_exchange.exchange_phase, prisoner_exchange.exchange_phase);
REVOKE CREATE ON SCHEMA public FROM regress_pe_attacker;
DROP ROLE regress_pe_attacker;

-- 7. A squatted schema (the critical attack on 1.2).  A role with nothing
-- but CREATE on the database makes the schema before a superuser installs
-- the extension.  On 1.2 the install adopted it: its owner could rename it,
-- build a look-alike prisoner_exchange beside it, and the SECURITY DEFINER
-- rules ran the look-alikes as the superuser.  Now the install refuses the
-- schema and names its owner, and the schema the extension makes is out
-- of the other role's reach.
DROP EXTENSION prisoner_exchange;
CREATE ROLE regress_pe_mallory;
DO $$BEGIN EXECUTE pg_catalog.format('GRANT CREATE ON DATABASE %I TO regress_pe_mallory', pg_catalog.current_database()); END$$;
SET ROLE regress_pe_mallory;
CREATE SCHEMA prisoner_exchange;
RESET ROLE;
CREATE EXTENSION prisoner_exchange;
:sqlstate
SELECT pg_catalog.pg_get_userbyid(nspowner) AS squatted_schema_owner
FROM pg_catalog.pg_namespace WHERE nspname = 'prisoner_exchange';
DROP SCHEMA prisoner_exchange;
CREATE EXTENSION prisoner_exchange;
SELECT role_name FROM prisoner_exchange.setup_roles() ORDER BY role_name;
-- Each step of the attack now fails for the role that tried it.
SET ROLE regress_pe_mallory;
ALTER SCHEMA prisoner_exchange RENAME TO prisoner_exchange_old;
:sqlstate
DROP SCHEMA prisoner_exchange CASCADE;
:sqlstate
CREATE VIEW prisoner_exchange.agreement_look_alike AS SELECT 1 AS id;
:sqlstate
CREATE DOMAIN prisoner_exchange.exchange_phase_look_alike AS integer;
:sqlstate
CREATE FUNCTION prisoner_exchange.is_balanced(integer) RETURNS boolean LANGUAGE sql AS 'SELECT true';
:sqlstate
RESET ROLE;
-- An editor's ordinary phase insert, which runs the SECURITY DEFINER rules
-- (on 1.2 the moment the look-alikes ran as the superuser), gives the
-- squatter nothing.
CREATE ROLE regress_pe_squat_editor IN ROLE prisoner_exchange_editor;
SET ROLE regress_pe_squat_editor;
INSERT INTO prisoner_exchange.agreement (name, side_a, side_b, quota) VALUES ('Squat test', 'A', 'B', '10:10');
INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
SELECT id, '2025-05-23', '5:5' FROM prisoner_exchange.agreement WHERE name = 'Squat test';
RESET ROLE;
SELECT rolname, rolsuper FROM pg_catalog.pg_roles WHERE rolname = 'regress_pe_mallory';
SET client_min_messages = warning;
TRUNCATE prisoner_exchange.phase, prisoner_exchange.agreement RESTART IDENTITY CASCADE;
RESET client_min_messages;
DROP ROLE regress_pe_squat_editor;
-- The rules still refer to the extension's own objects only.
SELECT count(*) AS strangers_in_schema
FROM pg_catalog.pg_class AS c
WHERE c.relnamespace = 'prisoner_exchange'::pg_catalog.regnamespace
  AND pg_catalog.pg_get_userbyid(c.relowner) = 'regress_pe_mallory';
DO $$BEGIN EXECUTE pg_catalog.format('REVOKE CREATE ON DATABASE %I FROM regress_pe_mallory', pg_catalog.current_database()); END$$;
DROP ROLE regress_pe_mallory;

-- 8. The trail cannot be forged: an editor writes no match result, and a
-- decision's author and time come from the session, whatever is written;
-- a revised decision is kept.
CREATE ROLE regress_pe_forger LOGIN IN ROLE prisoner_exchange_editor;
SET ROLE regress_pe_forger;
INSERT INTO prisoner_exchange.agreement (name, side_a, side_b) VALUES ('Trail', 'A', 'B');
INSERT INTO prisoner_exchange.person (full_name, birth_year) VALUES ('Бойко Андрій Петрович', 1990), ('Бойко Андрій Іванович', 1978);
INSERT INTO prisoner_exchange.exchange_list (sent_by) VALUES ('B');
INSERT INTO prisoner_exchange.list_entry (list_id, line_number, name_as_written)
SELECT id, 1, 'Бойко Андрій' FROM prisoner_exchange.exchange_list;
-- A match reconcile() never computed: refused, whichever way.
INSERT INTO prisoner_exchange.list_entry_match (entry_id, best_person_id, best_score, candidates, verdict)
SELECT e.id, p.id, 1, 1, 'matched' FROM prisoner_exchange.list_entry AS e, prisoner_exchange.person AS p LIMIT 1;
:sqlstate
SELECT count(*) > 0 AS reconciled FROM prisoner_exchange.reconcile((SELECT id FROM prisoner_exchange.exchange_list));
UPDATE prisoner_exchange.list_entry_match SET verdict = 'matched';
:sqlstate
DELETE FROM prisoner_exchange.list_entry_match;
:sqlstate
-- A decision signed by someone else and dated back: refused directly...
INSERT INTO prisoner_exchange.list_entry_decision (entry_id, person_id, decided_by, decided_at)
SELECT e.id, NULL, 'postgres', '2020-01-01' FROM prisoner_exchange.list_entry AS e;
:sqlstate
-- ...and through confirm_entry() the database signs it.
SELECT d.decided_by = SESSION_USER AS signed_by_session, d.decided_at = pg_catalog.now() AS dated_now
FROM prisoner_exchange.confirm_entry((SELECT id FROM prisoner_exchange.list_entry),
                                     (SELECT id FROM prisoner_exchange.person WHERE birth_year = 1978),
                                     'first look') AS d;
-- Overwriting another decision's author or time: refused.
UPDATE prisoner_exchange.list_entry_decision SET decided_by = 'postgres', decided_at = '2020-01-01';
:sqlstate
DELETE FROM prisoner_exchange.list_entry_decision;
:sqlstate
-- Changing the decision keeps the old one.
SELECT (SELECT birth_year FROM prisoner_exchange.person WHERE id = d.person_id) AS now_confirmed_born, d.note
FROM prisoner_exchange.revise_entry((SELECT id FROM prisoner_exchange.list_entry),
                                    (SELECT id FROM prisoner_exchange.person WHERE birth_year = 1990),
                                    'the 1990 namesake: date of birth from the family') AS d;
SELECT (SELECT birth_year FROM prisoner_exchange.person WHERE id = h.person_id) AS old_confirmed_born,
       h.note, h.change, h.decided_by = SESSION_USER AS old_signed_by_session,
       h.changed_by = SESSION_USER AS changed_by_session
FROM prisoner_exchange.list_entry_decision_history AS h;
-- Nor can the history be rewritten.
DELETE FROM prisoner_exchange.list_entry_decision_history;
:sqlstate
UPDATE prisoner_exchange.list_entry_decision_history SET note = 'never happened';
:sqlstate
RESET ROLE;
SET client_min_messages = warning;
TRUNCATE prisoner_exchange.agreement, prisoner_exchange.person, prisoner_exchange.exchange_list,
         prisoner_exchange.list_entry_decision_history RESTART IDENTITY CASCADE;
RESET client_min_messages;
DROP ROLE regress_pe_forger;

-- 6. Not trusted: the extension loads C code, runs its rules as its owner
-- and creates roles, so only a superuser installs it, even for a user who
-- may create objects in the database.
CREATE ROLE regress_pe_db_owner;
DO $$BEGIN EXECUTE pg_catalog.format('GRANT CREATE ON DATABASE %I TO regress_pe_db_owner', pg_catalog.current_database()); END$$;
SELECT name, trusted, superuser FROM pg_catalog.pg_available_extension_versions
WHERE name = 'prisoner_exchange' AND version = '1.1';
DROP EXTENSION prisoner_exchange;
SET ROLE regress_pe_db_owner;
CREATE EXTENSION prisoner_exchange;
:sqlstate
RESET ROLE;
CREATE EXTENSION prisoner_exchange;
DO $$BEGIN EXECUTE pg_catalog.format('REVOKE CREATE ON DATABASE %I FROM regress_pe_db_owner', pg_catalog.current_database()); END$$;
DROP ROLE regress_pe_db_owner;
