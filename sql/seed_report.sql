--
-- seed_report: the report of 'make demo', run on the seed records, so that
-- its figures are asserted exactly: 697 returned per side after two days
-- and 303 remaining, then complete; 12.5% of the service members known to
-- be held; 174 of at least 16,000 civilians (1.1%); Russian POWs held
-- unknown; an open-ended and a 1:3 agreement beside the 1:1 one.
--
\i test/demo.sql
