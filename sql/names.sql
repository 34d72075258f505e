--
-- names: name_key, name_similarity, %~ and its index, transliterate, and the
-- input they refuse
--
SET search_path = prisoner_exchange, public;
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'
\set SHOW_CONTEXT never

-- A threshold SET before the module is loaded cannot be checked then; it
-- is refused when the module loads, instead of being dropped for 0.8.
SET prisoner_exchange.name_match_threshold = 1.5;
SELECT name_key('Шевченко');
:sqlstate
SELECT 'Шевченко' %~ 'Shevchenko';
:sqlstate
RESET prisoner_exchange.name_match_threshold;
SELECT name_key('Шевченко'), current_setting('prisoner_exchange.name_match_threshold') AS threshold;

-- One name, its spellings: Ukrainian and Russian Cyrillic, the national
-- system, BGN/PCGN, ICAO, German, French, Polish, English; all one key.
SELECT spelling, name_key(spelling)
FROM (VALUES ('Олександр'), ('Александр'), ('Oleksandr'), ('Aleksandr'), ('Alexander'), ('Olexandr'),
             ('Шевченко'), ('Shevchenko'), ('Ševčenko'), ('Schewtschenko'), ('Szewczenko'), ('Chevtchenko'),
             ('Сергій'), ('Сергей'), ('Serhii'), ('Sergey'), ('Serguei'), ('Sergej'),
             ('Олійник'), ('Олейник'), ('Oliinyk'), ('Oleynik'), ('Olijnyk'),
             ('Юрій'), ('Yurii'), ('Jurij'), ('Iouri'), ('Yuriy'),
             ('Михайло'), ('Mykhailo'), ('Mychajlo'),
             ('Павло'), ('Павел'), ('Pawel'), ('Paweł'),
             ('Микола'), ('Николай'), ('Mykola'), ('Nikolai')) AS v(spelling);

-- Apostrophes (' ’ ʼ), case, order and look-alike Latin letters typed into
-- Cyrillic words do not matter.
SELECT spelling, name_key(spelling)
FROM (VALUES ('Мар''яна Шевченко'), ('Мар’яна Шевченко'), ('Марʼяна Шевченко'),
             ('ШЕВЧЕНКО Мар''яна'), ('шевченко мар''яна'),
             ('Шeвчeнкo Мapʼянa'),
             ('Shevchеnko Mariana')) AS v(spelling);

-- Different names stay apart.
SELECT a, b, name_key(a) = name_key(b) AS same_key
FROM (VALUES ('Коваленко', 'Коваль'), ('Шевченко', 'Шевчук'), ('Олег', 'Ольга'),
             ('Бойко', 'Бойченко'), ('Іван', 'Іванна')) AS v(a, b);

-- Patronymics are compared on the father's name, in either language.
SELECT name_key('Миколайович'), name_key('Николаевич'), name_key('Сергіївна'), name_key('Сергеевна');

-- Similarity: word order, missing patronymic, initials, a typo, and the
-- hard negatives: another patronymic, a near surname, a brother.
SELECT a, b, round(name_similarity(a, b)::numeric, 3) AS similarity, a %~ b AS probably_same
FROM (VALUES ('Шевченко Олександр Володимирович', 'Shevchenko Oleksandr Volodymyrovych'),
             ('Шевченко Олександр Володимирович', 'SHEVCHENKO Aleksandr Vladimirovich'),
             ('Шевченко Олександр Володимирович', 'Oleksandr Volodymyrovych Shevchenko'),
             ('Шевченко Олександр Володимирович', 'Шевченко Олександр'),
             ('Шевченко Олександр Володимирович', 'Шевченко О. В.'),
             ('Шевченко Олександр Володимирович', 'Шевчнеко Олександр Володимирович'),
             ('Шевченко Олександр Володимирович', 'Шевченко Олександр Петрович'),
             ('Шевченко Олександр Володимирович', 'Шевчук Олександр Володимирович'),
             ('Шевченко Олександр Володимирович', 'Шевченко Олексій Володимирович'),
             ('Шевченко Олександр Володимирович', 'Шевченко Олександра Володимирівна'),
             ('Шевченко Олександр Володимирович', 'Шевченко'),
             ('Шевченко Олександр Володимирович', 'Коваленко Іван Петрович')) AS v(a, b);

-- The threshold is a setting.
SHOW prisoner_exchange.name_match_threshold;
SET prisoner_exchange.name_match_threshold = 0.95;
SELECT 'Шевченко Олександр Володимирович' %~ 'Шевченко Олександр' AS at_0_95;
RESET prisoner_exchange.name_match_threshold;
SET prisoner_exchange.name_match_threshold = 1.5;
:sqlstate
SET prisoner_exchange.no_such_setting = 1;
:sqlstate

-- NULL in, NULL out; names with no letters have an empty key and match
-- nothing.
SELECT name_key(NULL) IS NULL AS key_null, name_similarity('Іван', NULL) IS NULL AS similarity_null,
       name_key('') AS empty_key, name_key(' 123 -- . ') AS no_letters_key,
       name_similarity('', '') AS empty_similarity, '' %~ '' AS empty_matches;

-- Other scripts go through ICU's Any-Latin first.
SELECT name_key('Ελένη Παπαδοπούλου') AS greek, name_key('Гиорги Բարեւ') <> '' AS armenian_coded;

-- Many words, each a given name or a patronymic: the index keys stay
-- within their bound (the fuzzer found the overflow this guards against).
SELECT pg_catalog.cardinality(name_index_keys(pg_catalog.repeat('Олександр Олександрович Шевченко Іван Петрович Бойко ', 2))) <= 1024 AS keys_bounded,
       name_similarity(pg_catalog.repeat('Олександр Олександрович ', 6), pg_catalog.repeat('Іван Іванович ', 6)) AS many_words;

-- Too long to be a name.
SELECT name_key(pg_catalog.repeat('Шевченко ', 200));
:sqlstate

-- An index serves %~: one probe per name looked up, and the same rows as
-- a sequential scan.
CREATE TEMP TABLE registry (id int, full_name text);
INSERT INTO registry VALUES
    (1, 'Шевченко Олександр Володимирович'), (2, 'Шевченко Олексій Володимирович'),
    (3, 'Коваленко Іван Петрович'), (4, 'Коваль Іван Петрович'),
    (5, 'Бойко Андрій Сергійович'), (6, 'Мельник Марія Іванівна');
CREATE INDEX registry_name ON registry USING gin (full_name prisoner_exchange.name_match_ops);
SELECT name, (SELECT array_agg(id ORDER BY id) FROM registry WHERE full_name %~ name) AS seqscan
FROM (VALUES ('SHEVCHENKO Oleksandr'), ('Коваленко Иван Петрович'), ('Мельник М. І.'), ('Бойко')) AS v(name);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM registry WHERE full_name %~ 'SHEVCHENKO Oleksandr';
SELECT name, (SELECT array_agg(id ORDER BY id) FROM registry WHERE full_name %~ name) AS indexscan
FROM (VALUES ('SHEVCHENKO Oleksandr'), ('Коваленко Иван Петрович'), ('Мельник М. І.'), ('Бойко')) AS v(name);
RESET enable_seqscan;

-- A call site keeps the last name it analysed for each argument: names
-- repeated, alternating, of equal length or swapped between the arguments
-- score in one scan exactly as in a statement of their own each.
CREATE FUNCTION pg_temp.fresh_similarity(a text, b text) RETURNS real LANGUAGE plpgsql AS $$
DECLARE
	result real;
BEGIN
	EXECUTE pg_catalog.format('SELECT prisoner_exchange.name_similarity(%L, %L)', a, b) INTO result;
	RETURN result;
END $$;
CREATE TEMP TABLE name_pairs (n int, a text, b text);
INSERT INTO name_pairs VALUES
    (1, 'Шевченко Олександр', 'Shevchenko Oleksandr'), (2, 'Шевченко Олександр', 'Shevchenko Oleksandr'),
    (3, 'Коваленко Петро', 'Shevchenko Oleksandr'), (4, 'Шевченко Олександр', 'Kovalenko Petro'),
    (5, 'Бойко Іван', 'Boyko Ivan'), (6, 'Бойко Ігор', 'Boyko Ivan'), (7, 'Boyko Ivan', 'Бойко Ігор'),
    (8, 'Бойко Іван', 'Boyko Ivan');
SELECT n, name_similarity(a, b) AS in_one_scan, name_similarity(a, b) = pg_temp.fresh_similarity(a, b) AS same,
       (a %~ b) = (name_similarity(a, b) >= 0.8) AS match_agrees
FROM name_pairs ORDER BY n;

-- transliterate(): any ICU transform, a bad ID refused with 22023.
SELECT transliterate('Юрій Шевченко', 'Ukrainian-Latin/BGN') AS bgn,
       transliterate('Юрій Шевченко', 'Any-Latin; Latin-ASCII; Lower') AS any_latin;
SELECT transliterate('Юрій', 'No-Such-Transform');
:sqlstate
SELECT transliterate('Юрій', pg_catalog.repeat('x', 300));
:sqlstate
-- Many IDs in one backend: more than the cache holds (16), twice over.
-- Each transform gives the same result before and after the cache was
-- dropped and refilled.
CREATE TEMP TABLE transforms (t text);
INSERT INTO transforms VALUES ('Lower'), ('Upper'), ('Latin-ASCII'), ('Title'), ('NFD'), ('NFC'),
    ('NFKD'), ('NFKC'), ('Latin-ASCII; Lower'), ('Latin-ASCII; Upper'), ('Null'), ('Any-Hex'),
    ('Latin-Cyrillic'), ('Latin-Greek'), ('Latin-Katakana'), ('Latin-Hangul'), ('Latin-Arabic'),
    ('Latin-ASCII; Any-Hex'), ('Lower; Latin-ASCII');
CREATE TEMP TABLE first_pass AS SELECT t, transliterate('Юрій Шевченко', 'Any-Latin; ' || t) AS r FROM transforms;
CREATE TEMP TABLE second_pass AS SELECT t, transliterate('Юрій Шевченко', 'Any-Latin; ' || t) AS r FROM transforms;
SELECT count(*) AS transforms, count(*) FILTER (WHERE f.r IS DISTINCT FROM s.r) AS differing
FROM first_pass AS f JOIN second_pass AS s USING (t);
SELECT transliterate('Юрій', 'Any-Latin; Latin-ASCII; Lower') AS still_right;

-- The ICU version the keys depend on.
SELECT icu_version() = icu_version() AS icu_version_stable;

-- Lists as they really come (1.6): invisible characters inside a word
-- (soft hyphen, zero-width space, zero-width joiner, word joiner,
-- right-to-left mark) do not split it, and the Turkish dotted capital I
-- is an I.
SELECT v.how, name_similarity(v.written, 'Шевченко Олександр') AS similarity,
       v.written %~ 'Шевченко Олександр' AS matches
FROM (VALUES ('soft hyphen', E'Шев\u00ADченко Олександр'), ('zero-width space', E'Шевчен\u200Bко Олександр'),
             ('zero-width joiner', E'Шевченко Олек\u200Dсандр'), ('word joiner', E'Шевченко\u2060 Олександр'),
             ('right-to-left mark', E'\u200FШевченко Олександр')) AS v (how, written);
SELECT 'Ігор Кириленко' %~ 'İhor Kırılenko' AS turkish_spelling_matches,
       name_key('İhor Kırılenko') = name_key('Ihor Kyrylenko') AS same_key;

-- A name's length is counted in characters: 501 letters outside the Basic
-- Multilingual Plane are 501 characters, not 1,002 UTF-16 units.
SELECT name_problem(repeat(E'\U0001D400', 501)) AS astral_501,
       length(name_key(repeat(E'\U0001D400', 501))) > 0 AS keyed,
       name_problem(repeat('a', 1001)) AS ascii_1001,
       name_problem('Шевченко Олександр') AS fine;
SELECT name_key(repeat('a', 1001));
:sqlstate

-- The threshold in the call (1.7): name_match(a, b, t) answers as %~ does
-- under SET name_match_threshold = t, whatever the session has set, and a
-- name it matches always shares a key that an index on name_index_keys()
-- finds through name_lookup_keys().
CREATE TEMP TABLE spellings (name text);
INSERT INTO spellings VALUES ('Шевченко Олександр Сергійович'), ('Shevchenko Oleksandr'),
    ('Шевченко Александр'), ('Shevchenko Oleksandra'), ('Шевчено Александр'), ('O. Shevchenko'),
    ('Kovalenko Iryna'), ('Коваленко Ирина Петровна'), ('Kowalenko Iryna'), ('Коваленко І.'),
    ('Chevtchenko Oleksandr'), ('Бондаренко Юрій');
CREATE TEMP TABLE thresholds (t double precision);
INSERT INTO thresholds VALUES (0.6), (0.7), (0.8), (0.9);
CREATE TEMP TABLE at_setting (t double precision, a text, b text, matches boolean);
DO $$
DECLARE
	t double precision;
BEGIN
	FOR t IN SELECT thresholds.t FROM thresholds LOOP
		PERFORM set_config('prisoner_exchange.name_match_threshold', t::text, true);
		INSERT INTO at_setting SELECT t, s.name, l.name, s.name %~ l.name FROM spellings AS s, spellings AS l;
	END LOOP;
END
$$;
SET prisoner_exchange.name_match_threshold = 0.95;
SELECT x.t, count(*) FILTER (WHERE x.matches) AS pairs_matching,
       count(*) FILTER (WHERE name_match(x.a, x.b, x.t) IS DISTINCT FROM x.matches) AS differing,
       count(*) FILTER (WHERE x.matches AND NOT name_index_keys(x.a) && name_lookup_keys(x.b)) AS without_shared_key
FROM at_setting AS x GROUP BY x.t ORDER BY x.t;
RESET prisoner_exchange.name_match_threshold;
SELECT name_match('Shevchenko Oleksandr', 'Шевченко Олександр', 1.5);
:sqlstate
SELECT name_match('Shevchenko Oleksandr', 'Шевченко Олександр', -0.1);
:sqlstate
SELECT name_match('Shevchenko Oleksandr', 'Шевченко Олександр', 'NaN');
:sqlstate
SELECT name_match('Shevchenko Oleksandr', 'Шевченко Олександр', 0) AS at_zero,
       name_match('Shevchenko Oleksandr', 'Шевченко Олександр', 1) AS at_one,
       name_lookup_keys('') AS no_keys;

-- Initials (1.7).  А and О share a code, as Олександр and Александр need,
-- but as initials they are two letters: O. is Оксана, not Анатолій, while
-- A. may be Олександр (Александр).  A given name's initial comes before
-- the patronymic's, whatever the order of the name: W. M. is Володимир
-- Михайлович, not Максим Віталійович, unless each initial fits either word.
-- K. is never Галина (Г is written G or H), and O. never stands for я.
SELECT v.stored, v.lookup, round(name_similarity(v.stored, v.lookup)::numeric, 3) AS similarity,
       v.stored %~ v.lookup AS matches
FROM (VALUES ('Яковенко Оксана Андріївна', 'Iakovenko O. A.'),
             ('Яковенко Анатолій Андрійович', 'Iakovenko O. A.'),
             ('Яковенко Анатолій Андрійович', 'Jakowenko A. A.'),
             ('Шевченко Олександр Іванович', 'Shevchenko A. I.'),
             ('Шевченко Олександр Іванович', 'Shevchenko O. I.'),
             ('Остапчук Володимир Михайлович', 'Ostaptschuk W. M.'),
             ('Остапчук Максим Віталійович', 'Ostaptschuk W. M.'),
             ('Остапчук Максим Віталійович', 'M. V. Ostapchuk'),
             ('Андрієнко Андрій Андрійович', 'Andriienko A. A.'),
             ('Юрченко Галина Василівна', 'Iourtchenko K. V.'),
             ('Юрченко Галина Василівна', 'Iurchenko H. V.'),
             ('Юрченко Христина Василівна', 'Iurchenko K. V.'),
             ('Кравчук Максим Ярославович', 'Kravtchouk M. O.'),
             ('Кравчук Максим Ярославович', 'Kravcuk M. A.')) AS v (stored, lookup);

-- Щ in ICU's ASCII is "s" (ISO 9's ŝ without its mark): the name still
-- shares a key, and scores as a lost mark does (1.7).
SELECT round(name_similarity('Щербак Дмитро Тарасович', 'Serbak Dmitrij')::numeric, 3) AS similarity,
       'Щербак Дмитро Тарасович' %~ 'Serbak Dmitrij' AS matches,
       name_index_keys('Щербак Дмитро Тарасович') && name_lookup_keys('Serbak Dmitrij') AS share_a_key,
       'Щербак Дмитро Тарасович' %~ 'Sherbak Dmitrij' AS sh_for_shch;

-- Stored analyses (1.7): from name_codes() a comparison answers exactly as
-- from the names; bytes of another format, or not an analysis at all, are
-- not read: the name is analysed again.  &% is the shared key of %~.
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE name_similarity(s.name, name_codes(s.name), l.name, name_codes(l.name))
                        IS DISTINCT FROM name_similarity(s.name, l.name)) AS similarity_differs,
       count(*) FILTER (WHERE name_similarity_reaches(s.name, name_codes(s.name), l.name, name_codes(l.name), 0.8)
                        IS DISTINCT FROM (name_similarity(s.name, l.name) >= 0.8)) AS reaches_differs,
       count(*) FILTER (WHERE (s.name &% l.name) IS DISTINCT FROM (name_index_keys(s.name) && name_lookup_keys(l.name))) AS shares_key_differs,
       count(*) FILTER (WHERE (s.name &% l.name AND name_similarity_reaches(s.name, name_codes(s.name), l.name, name_codes(l.name), 0.8))
                        IS DISTINCT FROM (s.name %~ l.name)) AS match_differs,
       count(*) FILTER (WHERE s.name %~ l.name) AS matching
FROM spellings AS s, spellings AS l;
SELECT name_codes('Шевченко О.') AS codes, name_codes('--- 42 ---') AS no_words;
SELECT b AS stored_bytes,
       name_similarity('Шевченко Олександр', b, 'Shevchenko Oleksandr', name_codes('Shevchenko Oleksandr'))
         = name_similarity('Шевченко Олександр', 'Shevchenko Oleksandr') AS analysed_again
FROM (VALUES ('\x'::bytea), ('\x02'), ('\x0201024100'), ('\x010105004a4b4c4d'), ('\x0101050061626364ff'),
             ('\x010103064f'), ('\x01ff')) AS t (b);
SELECT name_similarity_reaches('a', name_codes('a'), 'a', name_codes('a'), 2);
:sqlstate
-- Bytes of the current format are trusted: person.name_codes is computed
-- by the database, never written by hand.
SELECT round(name_similarity('Шевченко Олександр', name_codes('Коваль Іван'), 'Коваль Іван', name_codes('Коваль Іван'))::numeric, 3) AS from_the_stored_codes;

-- A slip of the pen in a surname (1.7): name_similarity_allowing_slip()
-- weighs a surname at most two edits away, beginning and ending alike, as
-- it is; %~ and name_similarity() still take it for another surname, and
-- neither counts a near given name, a surname that ends otherwise or one
-- further off.  A doubled apostrophe does not split a word.
SELECT v.stored, v.lookup,
       round(name_similarity(v.stored, v.lookup)::numeric, 3) AS similarity,
       round(name_similarity_allowing_slip(v.stored, name_codes(v.stored), v.lookup, name_codes(v.lookup))::numeric, 3) AS allowing_slip
FROM (VALUES ('Мороз Михайло Денисович', 'Мооз Михаил Денисович'),
             ('Гриценко Богдан Назарович', 'Grizekno Bogdan Nasarowitsch'),
             ('Чорновол Оксана Назарівна', 'Tchernovlo Oksana Nazarovna'),
             ('Коваль Іван Петрович', 'Ковальов Іван Петрович'),
             ('Шевченко Олександр Іванович', 'Шевчук Олександр Іванович'),
             ('Мороз Михайло Денисович', 'Мороз Микола Денисович'),
             ('Мороз Михайло Денисович', 'Мороз Михайло Данилович')) AS v (stored, lookup);
SELECT name_key('Tsybul’’ko Vitaliy') = name_key('Tsybul’ko Vitaliy') AS doubled_apostrophe_is_one;
