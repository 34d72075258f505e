-- evaluate.sql: precision and recall of the name functions on the
-- evaluation set (test/names/eval_pairs.csv), against the obvious
-- baseline: ICU 'Any-Latin; Latin-ASCII; Lower' and pg_trgm similarity at
-- its default threshold (0.3).  Run from the repository's top directory in
-- a database with prisoner_exchange and pg_trgm.
\set ON_ERROR_STOP on
SET search_path = prisoner_exchange, public;
\pset footer off

CREATE TEMP TABLE pair (registry_name text, list_name text, same_person int, kind text, system text, form text);
\copy pair FROM 'test/names/eval_pairs.csv' WITH (FORMAT csv, HEADER)

CREATE TEMP TABLE verdict AS
SELECT p.*,
       name_key(registry_name) = name_key(list_name) AS key_equal,
       registry_name %~ list_name AS probably_same,
       name_similarity(registry_name, list_name) AS similarity,
       transliterate(registry_name, 'Any-Latin; Latin-ASCII; Lower')
         = transliterate(list_name, 'Any-Latin; Latin-ASCII; Lower') AS baseline_equal,
       public.similarity(transliterate(registry_name, 'Any-Latin; Latin-ASCII; Lower'),
                         transliterate(list_name, 'Any-Latin; Latin-ASCII; Lower')) AS baseline_similarity
FROM pair AS p;

-- score(method, predicted): precision and recall of one method.
CREATE TEMP VIEW scores AS
SELECT method,
       count(*) FILTER (WHERE predicted AND same_person = 1) AS true_positives,
       count(*) FILTER (WHERE predicted AND same_person = 0) AS false_positives,
       count(*) FILTER (WHERE NOT predicted AND same_person = 1) AS false_negatives,
       round(count(*) FILTER (WHERE predicted AND same_person = 1)::numeric
             / nullif(count(*) FILTER (WHERE predicted), 0), 3) AS precision,
       round(count(*) FILTER (WHERE predicted AND same_person = 1)::numeric
             / nullif(count(*) FILTER (WHERE same_person = 1), 0), 3) AS recall
FROM (SELECT 'name_key(a) = name_key(b)' AS method, key_equal AS predicted, same_person FROM verdict
      UNION ALL SELECT 'a %~ b (threshold ' || current_setting('prisoner_exchange.name_match_threshold') || ')', probably_same, same_person FROM verdict
      UNION ALL SELECT 'baseline: equal after Any-Latin; Latin-ASCII; Lower', baseline_equal, same_person FROM verdict
      UNION ALL SELECT 'baseline: pg_trgm similarity >= 0.3 after the same', baseline_similarity >= 0.3, same_person FROM verdict) AS v
GROUP BY method;

\echo 'Pairs in the set:'
SELECT count(*) AS pairs, sum(same_person) AS same_person, count(*) - sum(same_person) AS different_persons FROM verdict;

\echo 'Precision and recall:'
SELECT * FROM scores ORDER BY method LIKE 'baseline%', method;

\echo 'name_similarity at other thresholds (the blocking-key condition of %~ applied too):'
SELECT th.t AS threshold,
       round(count(*) FILTER (WHERE v.similarity >= th.t AND v.shares_key AND v.same_person = 1)::numeric
             / nullif(count(*) FILTER (WHERE v.similarity >= th.t AND v.shares_key), 0), 3) AS precision,
       round(count(*) FILTER (WHERE v.similarity >= th.t AND v.shares_key AND v.same_person = 1)::numeric
             / nullif(count(*) FILTER (WHERE v.same_person = 1), 0), 3) AS recall
FROM (SELECT *, registry_name %~ list_name OR false AS dummy,
             name_index_keys(registry_name) && name_index_keys(list_name) AS shares_key FROM verdict) AS v,
     (VALUES (0.7::real), (0.75::real), (0.8::real), (0.85::real), (0.9::real)) AS th(t)
GROUP BY th.t ORDER BY th.t;

\echo 'Recall of a %~ b by how the list spelled the name:'
SELECT system, count(*) AS pairs,
       round(avg(probably_same::int)::numeric, 3) AS recall_operator,
       round(avg(key_equal::int)::numeric, 3) AS recall_key,
       round(avg((baseline_similarity >= 0.3)::int)::numeric, 3) AS recall_baseline
FROM verdict WHERE same_person = 1 GROUP BY system ORDER BY system;

\echo 'Recall of a %~ b by how the list wrote the name:'
SELECT form, count(*) AS pairs, round(avg(probably_same::int)::numeric, 3) AS recall_operator
FROM verdict WHERE same_person = 1 GROUP BY form ORDER BY form;

\echo 'False positives of a %~ b by kind of negative:'
SELECT kind, count(*) AS pairs, count(*) FILTER (WHERE probably_same) AS false_positives
FROM verdict WHERE same_person = 0 GROUP BY kind ORDER BY kind;
