--
-- setup: install the extension the later files use, and check how it installs
--

-- The schema is fixed: installing elsewhere is refused, not silently moved.
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'
CREATE EXTENSION prisoner_exchange SCHEMA public;
:sqlstate

CREATE EXTENSION prisoner_exchange;

-- The control file's version is the one installed.
SELECT extname, extversion, extrelocatable, extnamespace::regnamespace
FROM pg_catalog.pg_extension WHERE extname = 'prisoner_exchange';

-- Everything the extension owns, in a stable order.
SELECT member
FROM (SELECT pg_catalog.pg_describe_object(classid, objid, objsubid) AS member
      FROM pg_catalog.pg_depend
      WHERE refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
        AND refobjid = (SELECT oid FROM pg_catalog.pg_extension
                        WHERE extname = 'prisoner_exchange')
        AND deptype = 'e') AS members
ORDER BY member COLLATE "C";

-- The module links the ICU that the name functions will use.
SELECT prisoner_exchange.icu_version() ~ '^[0-9]+\.[0-9]+' AS icu_version_looks_right;
