--
-- phase_ordering: comparison, btree and hash support
--
SET search_path = prisoner_exchange, public;
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'

-- The order is by total, then by side A.
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne,
       a >= b AS ge, a > b AS gt, exchange_phase_cmp(a, b) AS cmp
FROM (VALUES ('390:390'::exchange_phase, '390:390'::exchange_phase),
             ('1:9', '9:1'),
             ('9:1', '1:9'),
             ('5:5', '0:11'),
             ('0:0', '0:1'),
             ('2147483647:2147483647', '2147483647:2147483646')) AS v(a, b);

CREATE TEMP TABLE phases (id int, counts exchange_phase);
INSERT INTO phases VALUES
    (1, '390:390'), (2, '307:307'), (3, '303:303'), (4, '5:1'), (5, '1:5'),
    (6, '3:3'), (7, '0:0'), (8, NULL), (9, '307:307'), (10, '1:9');

SELECT id, counts FROM phases ORDER BY counts, id;
SELECT id, counts FROM phases ORDER BY counts DESC NULLS LAST, id;
SELECT min(counts), max(counts) FROM phases;

-- A btree index serves range and equality lookups.
CREATE INDEX phases_counts_idx ON phases (counts);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM phases WHERE counts = '307:307';
SELECT id FROM phases WHERE counts = '307:307' ORDER BY id;
SELECT counts FROM phases WHERE counts BETWEEN '5:1' AND '303:303' ORDER BY counts;
-- max() reads the index backwards.  From PostgreSQL 17 on, EXPLAIN no longer
-- says what an InitPlan returns ("(returns $0)"): the plan is shown without it.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        RETURN NEXT pg_catalog.regexp_replace(line, ' \(returns \$[0-9]+\)$', '');
    END LOOP;
END $$;
SELECT * FROM pg_temp.plan_of('SELECT max(counts) FROM phases') AS plan;
RESET enable_seqscan;

-- A unique index refuses a duplicate.
CREATE TEMP TABLE unique_phases (counts exchange_phase UNIQUE);
INSERT INTO unique_phases VALUES ('390:390'), ('390:391');
INSERT INTO unique_phases VALUES ('390:390');
:sqlstate

-- GROUP BY and DISTINCT, hashed and sorted, agree.
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT counts, count(*) FROM phases GROUP BY counts;
SELECT counts, count(*) FROM phases GROUP BY counts ORDER BY counts;
SELECT count(DISTINCT counts) FROM phases;
RESET enable_sort;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT counts, count(*) FROM phases GROUP BY counts;
SELECT counts, count(*) FROM phases GROUP BY counts ORDER BY counts;
RESET enable_hashagg;

-- Hash join and merge join give the same rows.
CREATE TEMP TABLE agreed (label text, counts exchange_phase);
INSERT INTO agreed VALUES ('second phase', '307:307'), ('mayor swap', '1:9'), ('none', '7:7');
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT * FROM phases p JOIN agreed a USING (counts);
SELECT p.id, a.label FROM phases p JOIN agreed a USING (counts) ORDER BY p.id;
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM phases p JOIN agreed a USING (counts);
SELECT p.id, a.label FROM phases p JOIN agreed a USING (counts) ORDER BY p.id;
RESET enable_hashjoin;
RESET enable_nestloop;

-- The hash spreads distinct values and equal values hash equal.
SELECT count(DISTINCT exchange_phase_hash(exchange_phase(i % 1000, i / 1000))) > 99990 AS hash_spreads,
       count(*) AS values_hashed
FROM pg_catalog.generate_series(0, 99999) AS i;
SELECT exchange_phase_hash('390:390') = exchange_phase_hash('390-for-390') AS equal_values_equal_hashes;

-- The extended hash with seed 0 has the plain hash in its low 32 bits,
-- and another seed gives another hash.
SELECT count(*) AS violations
FROM pg_catalog.generate_series(0, 9999) AS i,
     LATERAL (SELECT exchange_phase(i, 9999 - i) AS p) AS v
WHERE (exchange_phase_hash_extended(p, 0) & 4294967295) <>
      (exchange_phase_hash(p)::bigint & 4294967295)
   OR exchange_phase_hash_extended(p, 0) = exchange_phase_hash_extended(p, 1);

-- The hash does not depend on the machine: pinned values.
SELECT exchange_phase_hash('390:390'), exchange_phase_hash_extended('390:390', 42);

-- Hash indexes and hash partitions work.
CREATE INDEX phases_counts_hash ON phases USING hash (counts);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
DROP INDEX phases_counts_idx;
EXPLAIN (COSTS OFF) SELECT id FROM phases WHERE counts = '307:307';
SELECT id FROM phases WHERE counts = '307:307' ORDER BY id;
RESET enable_seqscan;
RESET enable_bitmapscan;

CREATE TEMP TABLE partitioned (counts exchange_phase) PARTITION BY HASH (counts);
CREATE TEMP TABLE partitioned_0 PARTITION OF partitioned FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TEMP TABLE partitioned_1 PARTITION OF partitioned FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO partitioned SELECT exchange_phase(i, i) FROM pg_catalog.generate_series(1, 1000) AS i;
SELECT count(*) > 300 AND count(*) < 700 AS spread_over_partitions FROM partitioned_0;
SELECT count(*) FROM partitioned WHERE counts = '500:500';
