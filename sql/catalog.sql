--
-- catalog: the promises the install script makes about every object
--

-- extension_members: the objects the extension owns, by class.  Row types of
-- tables and views, and array types, are left out: PostgreSQL 17 records
-- them as members of their own, 15 and 16 through their table or element.
CREATE TEMP VIEW extension_members AS
SELECT d.classid, d.objid
FROM pg_catalog.pg_depend AS d
LEFT JOIN pg_catalog.pg_type AS t
       ON d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid = d.objid
WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
  AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'prisoner_exchange')
  AND d.deptype = 'e'
  AND NOT (t.typrelid IS NOT NULL AND (t.typrelid <> 0 OR t.typcategory = 'A'));

-- Every function and aggregate is PARALLEL SAFE, except the trigger
-- functions, which write.
SELECT p.oid::regprocedure AS not_parallel_safe, p.proparallel
FROM extension_members AS m JOIN pg_catalog.pg_proc AS p ON p.oid = m.objid
WHERE m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
  AND p.proparallel <> 's'
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- Every function is STRICT except those that give NULL a meaning (no phases
-- yet, an open-ended quota, an unknown figure) and the trigger functions.
SELECT p.oid::regprocedure AS not_strict
FROM extension_members AS m JOIN pg_catalog.pg_proc AS p ON p.oid = m.objid
WHERE m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
  AND p.prokind = 'f' AND NOT p.proisstrict
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- SECURITY DEFINER: the trigger functions, so that a role recording
-- phases or decisions need not write the agreements or the history, and
-- the functions that alone write match results and decisions (1.3).  Each
-- runs with search_path pg_catalog, pg_temp, and names every object of
-- the extension with its schema, which only the installing role owns.
SELECT p.oid::regprocedure AS security_definer, p.proconfig
FROM extension_members AS m JOIN pg_catalog.pg_proc AS p ON p.oid = m.objid
WHERE m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.prosecdef
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- Volatility and leakproofness, function by function.
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proleakproof AS leakproof
FROM extension_members AS m JOIN pg_catalog.pg_proc AS p ON p.oid = m.objid
WHERE m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.prokind = 'f'
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- Every member has a comment (the opclasses' families, the sequences behind
-- the id columns are implicit).
SELECT member_without_comment
FROM (SELECT pg_catalog.pg_describe_object(m.classid, m.objid, 0) AS member_without_comment
      FROM extension_members AS m
      WHERE m.classid <> 'pg_catalog.pg_opfamily'::pg_catalog.regclass
        AND NOT (m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                 AND (SELECT relkind FROM pg_catalog.pg_class WHERE oid = m.objid) = 'S')
        AND pg_catalog.obj_description(m.objid, (SELECT relname FROM pg_catalog.pg_class
                                                 WHERE oid = m.classid)) IS NULL) AS missing
ORDER BY member_without_comment COLLATE "C";

-- Every column of the tables and views has a comment.
SELECT c.relname AS relation, a.attname AS column_without_comment
FROM extension_members AS m
JOIN pg_catalog.pg_class AS c ON c.oid = m.objid
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND c.relkind IN ('r', 'v')
  AND pg_catalog.col_description(c.oid, a.attnum) IS NULL
ORDER BY 1, 2;

-- Nothing installed is readable by PUBLIC: the tables and views hold the
-- state of a negotiation and the names of people.  The reader role reads
-- the aggregate views only; the editor writes the tables and reads the
-- reconciliation; the owner (whoever installed) is left out of the list.
SELECT c.relname, c.relkind,
       (SELECT pg_catalog.string_agg(
                   CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END
                   || '=' || a.privilege_type, ', ' ORDER BY 1)
        FROM pg_catalog.aclexplode(c.relacl) AS a
        WHERE a.grantee <> c.relowner) AS granted
FROM extension_members AS m
JOIN pg_catalog.pg_class AS c ON c.oid = m.objid
WHERE m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
ORDER BY c.relname COLLATE "C";

-- Functions that write are not executable by PUBLIC.
SELECT p.oid::regprocedure AS function,
       (SELECT pg_catalog.string_agg(
                   CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END, ', ' ORDER BY 1)
        FROM pg_catalog.aclexplode(p.proacl) AS a
        WHERE a.grantee <> p.proowner) AS executable_by
FROM extension_members AS m JOIN pg_catalog.pg_proc AS p ON p.oid = m.objid
WHERE m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.proacl IS NOT NULL
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- Operators carry their commutators, negators and estimators.
SELECT o.oid::regoperator AS operator, o.oprcom::regoperator AS commutator,
       o.oprnegate::regoperator AS negator, o.oprrest, o.oprjoin,
       o.oprcanhash AS hashes, o.oprcanmerge AS merges
FROM extension_members AS m JOIN pg_catalog.pg_operator AS o ON o.oid = m.objid
WHERE m.classid = 'pg_catalog.pg_operator'::pg_catalog.regclass
ORDER BY o.oid::regoperator::text COLLATE "C";

-- The type: 8 bytes, passed by value, double-aligned, never toasted.
SELECT typname, typlen, typbyval, typalign, typstorage, typreceive, typsend
FROM pg_catalog.pg_type
WHERE oid = 'prisoner_exchange.exchange_phase'::pg_catalog.regtype;

-- The schema is usable by everyone; the objects need no extra grant.
SELECT pg_catalog.has_schema_privilege('public', 'prisoner_exchange', 'USAGE') AS public_can_use_schema;

-- The registry's name index has no GIN pending list, which every lookup
-- would scan linearly until the next vacuum.
SELECT c.relname, c.reloptions
FROM pg_catalog.pg_class AS c
WHERE c.oid = 'prisoner_exchange.person_name_match'::pg_catalog.regclass;
