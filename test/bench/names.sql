-- names.sql: the cost of name_key against icu_ext's icu_transform with the
-- baseline rules and against lower(), on the same names in the same run;
-- and the time to reconcile 2,000 list entries against registries of
-- growing size.  Medians of interleaved repetitions; ratios, not times,
-- are the result.
\set ON_ERROR_STOP on
CREATE EXTENSION IF NOT EXISTS unaccent;
SET search_path = prisoner_exchange, public;
SET jit = off;
\pset footer off

-- Synthetic Ukrainian full names with the skew of real ones (1.6): 2,400
-- surnames (300 roots, 8 endings) and 40 given names and patronymics, each
-- drawn by rank with a power law: the commonest surname is borne by 0.3 %
-- of people and the commonest given name by 8 %, as Мельник and Олександр
-- are in Ukraine, so that in a registry of a million a surname and given
-- name are shared by about ten people at the median, as in a real one
-- (the 1.5 bench drew them evenly, and had few namesakes).
CREATE TABLE bench_root (i int, root text);
INSERT INTO bench_root
SELECT row_number() OVER (), r FROM (
    SELECT DISTINCT a || b AS r
    FROM unnest(ARRAY['Бонд','Ткач','Крав','Бой','Ков','Шев','Мель','Лис','Руд','Мар','Сав','Кузь','Гонч','Сид',
                      'Пав','Мор','Клим','Лев','Гриц','Ром','Як','Біл','Гнат','Лит','Хом','Зах','Юр','Зін',
                      'Ост','Соб','Дем','Тар','Бор','Гал','Дуб','Жук','Кар','Лук','Мих','Нес'])
         AS x(a),
         unnest(ARRAY['', 'ар','ен','ич','ал','ук','ин','от']) AS y(b)
) AS roots LIMIT 300;
CREATE TABLE bench_given (i int, given text, patronymic text);
INSERT INTO bench_given
SELECT row_number() OVER (), g, p FROM unnest(
    ARRAY['Олександр','Сергій','Андрій','Дмитро','Юрій','Олексій','Микола','Володимир','Іван','Петро',
          'Михайло','Віктор','Василь','Богдан','Тарас','Євген','Ігор','Олег','Максим','Артем',
          'Денис','Роман','Віталій','Анатолій','Валерій','Григорій','Павло','Степан','Ярослав','Назар',
          'Борис','Вадим','Геннадій','Данило','Кирило','Леонід','Матвій','Руслан','Семен','Федір'],
    ARRAY['Олександрович','Сергійович','Андрійович','Дмитрович','Юрійович','Олексійович','Миколайович',
          'Володимирович','Іванович','Петрович','Михайлович','Вікторович','Васильович','Богданович',
          'Тарасович','Євгенович','Ігорович','Олегович','Максимович','Артемович','Денисович','Романович',
          'Віталійович','Анатолійович','Валерійович','Григорович','Павлович','Степанович','Ярославович',
          'Назарович','Борисович','Вадимович','Геннадійович','Данилович','Кирилович','Леонідович',
          'Матвійович','Русланович','Семенович','Федорович']) AS t(g, p);

SELECT setseed(0.20250524) \g /dev/null
CREATE TABLE bench_surname AS
SELECT row_number() OVER (ORDER BY random()) AS i, r.root || e.ending AS surname
FROM bench_root AS r,
     unnest(ARRAY['енко','чук','ук','ський','ич','ак','ик','ов']) AS e(ending);
-- rank = 1 + floor(N * u ^ k) for u uniform: the commonest of N is drawn
-- with probability (1/N) ^ (1/k).
CREATE TABLE bench_names AS
SELECT n, s.surname || ' ' || g.given || ' ' || pg.patronymic AS full_name,
       1950 + floor(random() * 55)::int AS birth_year
FROM (SELECT n, 1 + floor(2400 * random() ^ 1.34)::int AS si, 1 + floor(40 * random() ^ 1.46)::int AS gi,
             1 + floor(40 * random() ^ 1.46)::int AS pi
      FROM generate_series(1, :registry_max) AS n) AS pick
JOIN bench_surname AS s ON s.i = pick.si
JOIN bench_given AS g ON g.i = pick.gi
JOIN bench_given AS pg ON pg.i = pick.pi;
ANALYZE bench_names;

-- A table of the cluster's own buffers, not a temporary one: 200,000 names
-- outgrow temp_buffers (8 MB), and every scan of a temporary table then
-- went through the kernel, which added 0.3 to 0.9 µs a name to each
-- function measured (1.7).  VACUUM sets the visibility the scans read.
CREATE UNLOGGED TABLE key_sample AS SELECT full_name FROM bench_names ORDER BY n LIMIT :key_names;
VACUUM key_sample;
SELECT count(*) AS registry_names, count(DISTINCT full_name) AS distinct_names FROM bench_names;
\echo 'How many people share a surname and given name (the skew of real names):'
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY people) AS median_people_per_surname_and_given_name,
       max(people) AS most
FROM (SELECT pg_catalog.count(*) AS people FROM bench_names
      GROUP BY split_part(full_name, ' ', 1), split_part(full_name, ' ', 2)) AS shared;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY people) AS namesakes_of_the_median_person
FROM (SELECT pg_catalog.count(*) OVER (PARTITION BY split_part(full_name, ' ', 1), split_part(full_name, ' ', 2)) AS people
      FROM bench_names) AS shared;

\ir timing.sql

DO $$
DECLARE
    queries text[][] := ARRAY[
        ['lower(name) (floor)', 'SELECT sum(length(lower(full_name))) FROM key_sample'],
        ['lower(unaccent(name))', 'SELECT sum(length(lower(unaccent(full_name)))) FROM key_sample'],
        ['icu_ext icu_transform(name, ''Any-Latin; Latin-ASCII; Lower'') (baseline)',
         'SELECT sum(length(icu_transform(full_name, ''Any-Latin; Latin-ASCII; Lower''))) FROM key_sample'],
        ['transliterate(name, ''Any-Latin; Latin-ASCII; Lower'')',
         'SELECT sum(length(prisoner_exchange.transliterate(full_name, ''Any-Latin; Latin-ASCII; Lower''))) FROM key_sample'],
        ['name_key(name)', 'SELECT sum(length(prisoner_exchange.name_key(full_name))) FROM key_sample']];
    i int;
    rep int;
BEGIN
    FOR i IN 1 .. array_length(queries, 1) LOOP          -- warm-up
        PERFORM pg_temp.time_statement(queries[i][2]);
    END LOOP;
    FOR rep IN 1 .. current_setting('bench.reps')::int LOOP
        FOR i IN 1 .. array_length(queries, 1) LOOP
            PERFORM pg_temp.bench_time('name_key', rep, queries[i][1], queries[i][2]);
        END LOOP;
    END LOOP;
END $$;

\echo 'name_key against icu_transform and lower(), Cyrillic full names (throughput: median of the rounds, lowest, highest):'
SELECT measured, pg_catalog.round(median_ms, 0) AS median_ms,
       pg_catalog.round(1000 * median_ms / :key_names, 2) AS us_per_name,
       ratio AS throughput_vs_icu_transform, lowest, highest, goal, verdict
FROM pg_temp.bench_report('icu_ext icu_transform(name, ''Any-Latin; Latin-ASCII; Lower'') (baseline)',
                          '{"name_key(name)": {"at_least": 10}}', speedup => true)
ORDER BY median_ms;

-- Reconciliation: a list of 2,000 entries, three in four of registry
-- people written as the other side would (Russian-style Latin, surname in
-- capitals, patronymic left out for some), one in four of people who are
-- not in the registry.
CREATE TEMP TABLE reconcile_timings (registry int, ms float8, matched bigint, ambiguous bigint, not_found bigint);
CREATE TEMP TABLE unanalyzed_timings (registry int, ms float8);
CREATE TEMP TABLE list_source AS
SELECT row_number() OVER () AS line,
       CASE WHEN n % 4 = 0
            THEN 'Нетуенко ' || split_part(full_name, ' ', 2) || ' ' || split_part(full_name, ' ', 3)
            WHEN n % 4 = 1
            THEN upper(transliterate(split_part(full_name, ' ', 1), 'Russian-Latin/BGN')) || ' '
                 || transliterate(split_part(full_name, ' ', 2) || ' ' || split_part(full_name, ' ', 3), 'Ukrainian-Latin/BGN')
            WHEN n % 4 = 2
            THEN split_part(full_name, ' ', 1) || ' ' || split_part(full_name, ' ', 2)
            ELSE full_name
       END AS name_as_written,
       birth_year
FROM (SELECT * FROM bench_names WHERE n % (:registry_min / 2000) = 0 ORDER BY n LIMIT 2000) AS picked;

CREATE FUNCTION pg_temp.reconcile_at(size int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    elapsed float8;
    rep int;
BEGIN
    TRUNCATE prisoner_exchange.person, prisoner_exchange.exchange_list CASCADE;
    PERFORM prisoner_exchange.registry_load_begin();
    INSERT INTO prisoner_exchange.person (full_name, birth_year, category, status)
    SELECT full_name, birth_year, 'military', 'held' FROM bench_names WHERE n <= size;
    PERFORM prisoner_exchange.registry_load_end();
    INSERT INTO prisoner_exchange.exchange_list (id, sent_by, title) VALUES (1, 'B', 'bench');
    INSERT INTO prisoner_exchange.list_entry (list_id, line_number, name_as_written, birth_year)
    SELECT 1, line, name_as_written, birth_year FROM list_source;
    -- Right after the list is loaded, before ANALYZE has seen it (1.5
    -- could take five times as long then): one round, which warms up too.
    DELETE FROM pg_catalog.pg_statistic WHERE starelid = 'prisoner_exchange.list_entry'::regclass;
    UPDATE pg_catalog.pg_class SET reltuples = -1, relpages = 0
    WHERE oid = 'prisoner_exchange.list_entry'::regclass;
    started := clock_timestamp();
    PERFORM prisoner_exchange.reconcile(1);
    INSERT INTO unanalyzed_timings VALUES (size, 1000 * extract(epoch FROM clock_timestamp() - started));
    ANALYZE prisoner_exchange.list_entry;
    FOR rep IN 1 .. current_setting('bench.reps')::int LOOP
        started := clock_timestamp();
        PERFORM prisoner_exchange.reconcile(1);
        elapsed := 1000 * extract(epoch FROM clock_timestamp() - started);
        INSERT INTO reconcile_timings
        SELECT size, elapsed,
               count(*) FILTER (WHERE verdict = 'matched'),
               count(*) FILTER (WHERE verdict = 'ambiguous'),
               count(*) FILTER (WHERE verdict IN ('not in registry', 'year conflicts'))
        FROM prisoner_exchange.list_entry_match;
    END LOOP;
END $$;

SELECT pg_temp.reconcile_at(:registry_min) \g /dev/null
SELECT pg_temp.reconcile_at(:registry_min * 10) \g /dev/null
SELECT pg_temp.reconcile_at(:registry_max) \g /dev/null

\echo 'The plan: one GIN index probe per entry, no registry scan:'
EXPLAIN (COSTS OFF)
SELECT e.id, p.id FROM prisoner_exchange.list_entry AS e
JOIN prisoner_exchange.person AS p ON p.full_name OPERATOR(prisoner_exchange.%~) e.name_as_written
WHERE e.list_id = 1;

\echo 'Reconciling 2,000 entries:'
SELECT t.registry AS registry_people,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms)::numeric, 0) AS median_ms,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms)
              / (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM reconcile_timings
                 WHERE registry = :registry_min))::numeric, 2) AS time_vs_smallest,
       (t.registry / :registry_min)::int AS registry_vs_smallest,
       round(min(t.ms)::numeric, 0) AS fastest_ms, round(max(t.ms)::numeric, 0) AS slowest_ms,
       max(t.matched) AS matched, max(t.ambiguous) AS ambiguous, max(t.not_found) AS not_in_registry,
       CASE WHEN t.registry = :registry_max THEN 'under 2 s' END AS goal,
       CASE WHEN t.registry = :registry_max
            THEN CASE WHEN percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms) < 2000 THEN 'met' ELSE 'missed' END
       END AS verdict
FROM reconcile_timings AS t GROUP BY t.registry ORDER BY t.registry;

\echo 'Reconciling right after the list is loaded, before ANALYZE (one round), against the median after it:'
SELECT u.registry AS registry_people, round(u.ms::numeric, 0) AS before_analyze_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms)::numeric, 0) AS after_analyze_median_ms,
       round((u.ms / percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms))::numeric, 2) AS ratio
FROM unanalyzed_timings AS u JOIN reconcile_timings AS t USING (registry)
GROUP BY u.registry, u.ms ORDER BY u.registry;

-- Deleting nine persons in ten of the largest registry, with the list's
-- matches and candidates referring to some of them, against deleting as
-- many rows from a plain copy with no index and no reference (the floor).
CREATE TABLE bench_plain_person AS SELECT * FROM prisoner_exchange.person;
CREATE TEMP TABLE delete_timings (what text, ms float8);
DO $$
DECLARE
    started timestamptz;
    keep bigint := (SELECT min(id) + (max(id) - min(id)) / 10 FROM prisoner_exchange.person);
BEGIN
    started := clock_timestamp();
    DELETE FROM bench_plain_person WHERE id > keep;
    INSERT INTO delete_timings VALUES ('plain table (floor)', 1000 * extract(epoch FROM clock_timestamp() - started));
    started := clock_timestamp();
    DELETE FROM prisoner_exchange.person WHERE id > keep;
    INSERT INTO delete_timings VALUES ('person, referred to by the list''s matches', 1000 * extract(epoch FROM clock_timestamp() - started));
END $$;
\echo 'Deleting nine persons in ten (one round):'
SELECT what, round(ms::numeric, 0) AS ms,
       round((ms / (SELECT ms FROM delete_timings WHERE what LIKE 'plain%'))::numeric, 1) AS time_vs_plain
FROM delete_timings ORDER BY ms;
DROP TABLE bench_plain_person;

-- Loading the largest registry three ways, one round each (each is long):
-- into a plain table with no index (the floor), into person with its name
-- index maintained name by name, and through the bulk path
-- (registry_load_begin, the insert, registry_load_end).
TRUNCATE prisoner_exchange.person, prisoner_exchange.exchange_list CASCADE;
CREATE TEMP TABLE load_timings (what text, ms float8);
CREATE TABLE bench_plain_person AS
SELECT full_name, birth_year, category, status FROM prisoner_exchange.person LIMIT 0;
DO $$
DECLARE
    started timestamptz;
BEGIN
    started := clock_timestamp();
    INSERT INTO bench_plain_person (full_name, birth_year, category, status)
    SELECT full_name, birth_year, 'military', 'held' FROM bench_names;
    INSERT INTO load_timings VALUES ('plain table (floor)', 1000 * extract(epoch FROM clock_timestamp() - started));
    started := clock_timestamp();
    INSERT INTO prisoner_exchange.person (full_name, birth_year, category, status)
    SELECT full_name, birth_year, 'military', 'held' FROM bench_names;
    INSERT INTO load_timings VALUES ('person, name index maintained name by name', 1000 * extract(epoch FROM clock_timestamp() - started));
END $$;
TRUNCATE prisoner_exchange.person, prisoner_exchange.exchange_list CASCADE;
DO $$
DECLARE
    started timestamptz;
BEGIN
    started := clock_timestamp();
    PERFORM prisoner_exchange.registry_load_begin();
    INSERT INTO prisoner_exchange.person (full_name, birth_year, category, status)
    SELECT full_name, birth_year, 'military', 'held' FROM bench_names;
    PERFORM prisoner_exchange.registry_load_end();
    INSERT INTO load_timings VALUES ('person, bulk path (registry_load_begin/end)', 1000 * extract(epoch FROM clock_timestamp() - started));
END $$;
\echo 'Loading the largest registry (one round each):'
SELECT what, round(ms::numeric, 0) AS ms,
       round((1000 * ms / :registry_max)::numeric, 1) AS us_per_name,
       round((ms / (SELECT ms FROM load_timings WHERE what LIKE 'plain%'))::numeric, 1) AS time_vs_plain,
       CASE WHEN what LIKE '%bulk%' THEN 'under 60 s for a million' END AS goal,
       CASE WHEN what LIKE '%bulk%' THEN CASE WHEN ms * 1000000 / :registry_max < 60000 THEN 'met' ELSE 'missed' END END AS verdict
FROM load_timings ORDER BY ms;

TRUNCATE prisoner_exchange.person, prisoner_exchange.exchange_list CASCADE;
DROP TABLE bench_names, bench_root, bench_given, bench_surname, bench_plain_person;
