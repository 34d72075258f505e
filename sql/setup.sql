--
-- setup: install the extension the later files use, and check how it installs
--

-- The schema is fixed: installing elsewhere is refused, not silently moved.
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'
CREATE EXTENSION prisoner_exchange SCHEMA public;
:sqlstate

CREATE EXTENSION prisoner_exchange;

-- Installing made no role; a superuser's setup_roles() makes the two (or,
-- where another database of the cluster made them, checks them).
SELECT role_name FROM prisoner_exchange.setup_roles() ORDER BY role_name;

-- The schema is the extension's own: a member, owned by the installer.
SELECT n.nspname, n.nspowner = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER) AS owned_by_installer,
       EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS d
               WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.objid = n.oid
                 AND d.deptype = 'e') AS extension_member,
       pg_catalog.has_schema_privilege('public', n.oid, 'USAGE') AS everyone_uses,
       pg_catalog.has_schema_privilege('prisoner_exchange_editor', n.oid, 'CREATE') AS editors_create
FROM pg_catalog.pg_namespace AS n WHERE n.nspname = 'prisoner_exchange';

-- The control file's version is the one installed.
SELECT extname, extversion, extrelocatable, extnamespace::regnamespace
FROM pg_catalog.pg_extension WHERE extname = 'prisoner_exchange';

-- Everything the extension owns, in a stable order.  Row types of tables
-- and views, and array types, are left out: PostgreSQL 17 records them as
-- members of their own, 15 and 16 through their table or element type.
SELECT member
FROM (SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) AS member
      FROM pg_catalog.pg_depend AS d
      LEFT JOIN pg_catalog.pg_type AS t
             ON d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid = d.objid
      WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
        AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension
                          WHERE extname = 'prisoner_exchange')
        AND d.deptype = 'e'
        AND NOT (t.typrelid IS NOT NULL AND (t.typrelid <> 0 OR t.typcategory = 'A'))) AS members
ORDER BY member COLLATE "C";

-- The module links the ICU that the name functions will use.
SELECT prisoner_exchange.icu_version() ~ '^[0-9]+\.[0-9]+' AS icu_version_looks_right;
