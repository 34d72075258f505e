--
-- names_encodings: the name functions in databases that are not UTF8
--
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'
\set SHOW_CONTEXT never
\set regression_db :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS regression_prisoner_exchange_latin1;
DROP DATABASE IF EXISTS regression_prisoner_exchange_sql_ascii;
RESET client_min_messages;
CREATE DATABASE regression_prisoner_exchange_latin1
    ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
CREATE DATABASE regression_prisoner_exchange_sql_ascii
    ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;

-- LATIN1: the server converts to UTF-16 through UTF-8; Latin letters with
-- marks are read right (Ševčenko is not in LATIN1, Müller and Schewtschenko are).
\c regression_prisoner_exchange_latin1
SET client_encoding = 'UTF8';
CREATE EXTENSION prisoner_exchange;
SET search_path = prisoner_exchange;
SELECT pg_catalog.getdatabaseencoding(), name_key('Schewtschenko Jurij'), name_key('SCHEWTSCHENKO Jürij'),
       name_key('Chevtchenko Iouri'), 'Shevchenko Yurii' %~ 'Schewtschenko Jurij' AS probably_same;
-- Cyrillic cannot be stored here at all: the server refuses it on input.
SELECT name_key('Шевченко');
:sqlstate
-- transliterate() converts back to LATIN1, and says so when it cannot.
SELECT transliterate('Jürij', 'Latin-ASCII') AS ascii;
SELECT transliterate('Juri', 'Latin-Cyrillic');
:sqlstate

-- SQL_ASCII: bytes above 127 mean nothing in particular; names are read as
-- UTF-8, and bytes that are not UTF-8 are refused, not guessed at.
\c regression_prisoner_exchange_sql_ascii
SET client_encoding = 'SQL_ASCII';
CREATE EXTENSION prisoner_exchange;
SET search_path = prisoner_exchange;
SELECT pg_catalog.getdatabaseencoding(), name_key('Шевченко Юрій') AS utf8_bytes_read_as_utf8,
       name_key('Shevchenko Yurii') AS ascii;
SELECT name_key(pg_catalog.convert_from('\x53ff6576'::bytea, 'SQL_ASCII'));
:sqlstate

\c :regression_db
DROP DATABASE regression_prisoner_exchange_latin1;
DROP DATABASE regression_prisoner_exchange_sql_ascii;
