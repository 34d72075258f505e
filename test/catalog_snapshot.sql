-- catalog_snapshot.sql: what the extension installed, object by object,
-- with its definition, comment and privileges, in a stable order: an
-- upgraded installation must print exactly what a fresh one prints.
\pset footer off
WITH members AS (
    SELECT d.classid, d.objid
    FROM pg_catalog.pg_depend AS d
    WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
      AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'prisoner_exchange')
)
SELECT pg_catalog.pg_describe_object(m.classid, m.objid, 0) AS object,
       CASE
           WHEN m.classid = 'pg_catalog.pg_proc'::regclass THEN
               (SELECT CASE WHEN p.prokind = 'a'
                            THEN (SELECT pg_catalog.format('aggregate sfunc=%s stype=%s combine=%s sortop=%s',
                                                           a.aggtransfn, a.aggtranstype::regtype, a.aggcombinefn, a.aggsortop::regoperator)
                                  FROM pg_catalog.pg_aggregate AS a WHERE a.aggfnoid = p.oid)
                            ELSE pg_catalog.pg_get_functiondef(p.oid) END
                       || ' acl=' || COALESCE(p.proacl::text, 'default')
                FROM pg_catalog.pg_proc AS p WHERE p.oid = m.objid)
           WHEN m.classid = 'pg_catalog.pg_class'::regclass THEN
               (SELECT c.relkind::text || ' ' || COALESCE(pg_catalog.pg_get_viewdef(c.oid), '')
                       || ' acl=' || COALESCE(c.relacl::text, 'default')
                       || ' columns=' || COALESCE((SELECT pg_catalog.string_agg(
                              a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                              || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                              || COALESCE(' default ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), '')
                              || COALESCE(' -- ' || pg_catalog.col_description(c.oid, a.attnum), ''),
                              '; ' ORDER BY a.attnum)
                          FROM pg_catalog.pg_attribute AS a
                          LEFT JOIN pg_catalog.pg_attrdef AS ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
                       || ' constraints=' || COALESCE((SELECT pg_catalog.string_agg(
                              co.conname || ' ' || pg_catalog.pg_get_constraintdef(co.oid), '; ' ORDER BY co.conname)
                          FROM pg_catalog.pg_constraint AS co WHERE co.conrelid = c.oid), '')
                       || ' indexes=' || COALESCE((SELECT pg_catalog.string_agg(
                              pg_catalog.pg_get_indexdef(i.indexrelid), '; '
                              ORDER BY pg_catalog.pg_get_indexdef(i.indexrelid) COLLATE "C")
                          FROM pg_catalog.pg_index AS i WHERE i.indrelid = c.oid), '')
                       || ' triggers=' || COALESCE((SELECT pg_catalog.string_agg(
                              pg_catalog.pg_get_triggerdef(t.oid), '; ' ORDER BY t.tgname)
                          FROM pg_catalog.pg_trigger AS t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal), '')
                FROM pg_catalog.pg_class AS c WHERE c.oid = m.objid)
           WHEN m.classid = 'pg_catalog.pg_operator'::regclass THEN
               (SELECT pg_catalog.format('%s com=%s neg=%s rest=%s join=%s hashes=%s merges=%s',
                                         o.oprcode, o.oprcom::regoperator, o.oprnegate::regoperator,
                                         o.oprrest, o.oprjoin, o.oprcanhash, o.oprcanmerge)
                FROM pg_catalog.pg_operator AS o WHERE o.oid = m.objid)
           WHEN m.classid = 'pg_catalog.pg_type'::regclass THEN
               (SELECT pg_catalog.format('len=%s byval=%s align=%s storage=%s in=%s out=%s recv=%s send=%s',
                                         t.typlen, t.typbyval, t.typalign, t.typstorage,
                                         t.typinput, t.typoutput, t.typreceive, t.typsend)
                FROM pg_catalog.pg_type AS t WHERE t.oid = m.objid)
           ELSE ''
       END AS definition,
       pg_catalog.obj_description(m.objid, (SELECT relname FROM pg_catalog.pg_class WHERE oid = m.classid)) AS comment
FROM members AS m
ORDER BY pg_catalog.pg_describe_object(m.classid, m.objid, 0) COLLATE "C";

SELECT c.relname AS config_table, e.cond
FROM pg_catalog.pg_extension AS x,
     LATERAL unnest(x.extconfig, x.extcondition) AS e(cfg, cond)
JOIN pg_catalog.pg_class AS c ON c.oid = e.cfg
WHERE x.extname = 'prisoner_exchange'
ORDER BY c.relname COLLATE "C";

SELECT r.rolname, r.rolcanlogin,
       pg_catalog.array_agg(m.rolname ORDER BY m.rolname) FILTER (WHERE m.rolname IS NOT NULL) AS member_of
FROM pg_catalog.pg_roles AS r
LEFT JOIN pg_catalog.pg_auth_members AS am ON am.member = r.oid
LEFT JOIN pg_catalog.pg_roles AS m ON m.oid = am.roleid
WHERE r.rolname LIKE 'prisoner\_exchange\_%'
GROUP BY r.rolname, r.rolcanlogin ORDER BY 1;

-- The operator families' members: operators and support functions.
SELECT family, method, member FROM (
    SELECT f.opfname::text AS family, am.amname::text AS method,
           'operator ' || o.amopstrategy || ' ' || o.amopopr::regoperator AS member
    FROM pg_catalog.pg_opfamily AS f JOIN pg_catalog.pg_am AS am ON am.oid = f.opfmethod
    JOIN pg_catalog.pg_amop AS o ON o.amopfamily = f.oid
    WHERE f.opfnamespace = 'prisoner_exchange'::regnamespace
    UNION ALL
    SELECT f.opfname::text, am.amname::text, 'function ' || p.amprocnum || ' ' || p.amproc::regprocedure
    FROM pg_catalog.pg_opfamily AS f JOIN pg_catalog.pg_am AS am ON am.oid = f.opfmethod
    JOIN pg_catalog.pg_amproc AS p ON p.amprocfamily = f.oid
    WHERE f.opfnamespace = 'prisoner_exchange'::regnamespace
) AS members
ORDER BY family COLLATE "C", method COLLATE "C", member COLLATE "C";
