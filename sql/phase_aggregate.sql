--
-- phase_aggregate: sum, min and max, serial and in parallel plans
--
SET search_path = prisoner_exchange, public;
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'

-- NULLs are ignored; no rows, or only NULLs, give NULL.
SELECT sum(p) FROM (VALUES ('390:390'::exchange_phase), (NULL), ('307:307'), ('303:303')) AS v(p);
SELECT sum(p) IS NULL AS empty_is_null FROM (SELECT '1:1'::exchange_phase AS p WHERE false) AS v;
SELECT sum(p) IS NULL AS all_null_is_null FROM (VALUES (NULL::exchange_phase), (NULL)) AS v(p);
SELECT sum(p) FROM (VALUES ('5:1'::exchange_phase)) AS v(p);

-- An error rather than overflow.
SELECT sum(p) FROM (VALUES ('2147483000:0'::exchange_phase), ('647:0'), ('1:0')) AS v(p);
:sqlstate

-- Per group.
SELECT grp, sum(p), min(p), max(p), count(p)
FROM (VALUES (1, '390:390'::exchange_phase), (1, '307:307'), (2, '1:9'), (2, NULL),
             (3, NULL)) AS v(grp, p)
GROUP BY grp ORDER BY grp;

-- The catalog: a combine function and no serialization (the state is the type).
SELECT aggfnoid::regprocedure, aggtransfn, aggcombinefn, aggserialfn, aggdeserialfn,
       aggtranstype::regtype, aggsortop::regoperator
FROM pg_catalog.pg_aggregate
WHERE aggfnoid IN ('prisoner_exchange.sum(prisoner_exchange.exchange_phase)'::regprocedure,
                   'prisoner_exchange.min(prisoner_exchange.exchange_phase)'::regprocedure,
                   'prisoner_exchange.max(prisoner_exchange.exchange_phase)'::regprocedure)
ORDER BY aggfnoid::regprocedure::text COLLATE "C";

-- A table large enough that every worker sees rows.
CREATE TABLE parallel_phases (grp int, counts exchange_phase);
INSERT INTO parallel_phases
SELECT i % 7, CASE WHEN i % 100 = 0 THEN NULL ELSE exchange_phase(i % 13, i % 17) END
FROM pg_catalog.generate_series(1, 100000) AS i;
ANALYZE parallel_phases;

-- Serial results first.
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_result AS
SELECT sum(counts) AS total_sum, min(counts) AS min_counts, max(counts) AS max_counts
FROM parallel_phases;
CREATE TEMP TABLE serial_groups AS
SELECT grp, sum(counts) AS group_sum FROM parallel_phases GROUP BY grp;
SELECT * FROM serial_result;

-- Then a forced parallel plan: Partial Aggregate in the workers, combined above.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT sum(counts), min(counts), max(counts) FROM parallel_phases;
SELECT sum(counts) = (SELECT total_sum FROM serial_result) AS sum_matches_serial,
       min(counts) = (SELECT min_counts FROM serial_result) AS min_matches_serial,
       max(counts) = (SELECT max_counts FROM serial_result) AS max_matches_serial
FROM parallel_phases;

EXPLAIN (COSTS OFF) SELECT grp, sum(counts) FROM parallel_phases GROUP BY grp;
SELECT count(*) AS groups_differing
FROM (SELECT grp, sum(counts) AS group_sum FROM parallel_phases GROUP BY grp) AS p
FULL JOIN serial_groups AS s USING (grp)
WHERE p.group_sum IS DISTINCT FROM s.group_sum;

-- Parallel over an empty table and over only NULLs still gives NULL.
CREATE TABLE parallel_empty (counts exchange_phase);
SELECT sum(counts) IS NULL AS empty_is_null FROM parallel_empty;
CREATE TABLE parallel_nulls AS SELECT NULL::exchange_phase AS counts FROM pg_catalog.generate_series(1, 1000);
SELECT sum(counts) IS NULL AS nulls_are_null FROM parallel_nulls;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE parallel_phases, parallel_empty, parallel_nulls;
