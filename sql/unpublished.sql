--
-- unpublished: counts that were not published, or only as "at least"
-- (release 1.5).  Unknown is not zero: every accessor, sum, view and
-- verdict tells a known 0 from "not published", a total over unknowns is a
-- lower bound marked as such, and the quota rule counts what is known.
--
SET search_path = prisoner_exchange, public;
SET datestyle = ISO;
\set sqlstate '\\echo SQLSTATE: :SQLSTATE'
\set SHOW_CONTEXT never

-- The text forms: "?" not published, "N+" at least N; "0+" is "?".
SELECT v::exchange_phase AS value
FROM (VALUES ('130:?'), ('? : 130'), ('?:?'), ('1,000+ for ?'), ('0+:5'),
			 ('2147483647+:2147483647+'), ('390-for-390')) AS t (v);
-- Refused, each with the position and the forms accepted.
SELECT '?5:1'::exchange_phase;
SELECT '?+:1'::exchange_phase;
SELECT '130++:1'::exchange_phase;
SELECT '+130:1'::exchange_phase;
SELECT '2147483648+:1'::exchange_phase;

-- The accessors: NULL for what was not published, the _at_least ones
-- what is known, is_complete() whether both were published.
SELECT v, side_a(v), side_b(v), total(v), side_a_at_least(v), side_b_at_least(v),
	   total_at_least(v), is_complete(v)
FROM (VALUES ('130:?'::exchange_phase), ('?:?'), ('1000+:1000'), ('0:0'), ('390:390')) AS t (v);

-- The constructors: NULL sides are "not published"; lower bounds.
SELECT exchange_phase_published(130, NULL), exchange_phase_published(NULL, NULL),
	   exchange_phase_published(5, 7), exchange_phase_at_least(1000, 0),
	   exchange_phase(130, NULL) AS strict_constructor;
SELECT exchange_phase_published(-1, NULL);
:sqlstate
SELECT exchange_phase_at_least(0, -5);
:sqlstate

-- Sums: a side with an unknown in it is a lower bound.  (The Easter 2023
-- exchange: 130 came home to Ukraine, Russia's figure was not given.)
SELECT sum(v) FROM (VALUES ('130:?'::exchange_phase), ('100:100'), ('5:5')) AS t (v);
SELECT sum(v) FROM (VALUES ('130:?'::exchange_phase), ('1000+:0')) AS t (v);
SELECT '130:?'::exchange_phase + '0:0', '?:?'::exchange_phase + '?:?', '10:10'::exchange_phase + '5+:?';
SELECT '2147483647+:0'::exchange_phase + '1:0';
:sqlstate
-- Subtraction: a bound less a count stays a bound; an unknown cannot be
-- subtracted.
SELECT '1000+:500'::exchange_phase - '300:200', '100+:5'::exchange_phase - '300:5';
SELECT '1000:1000'::exchange_phase - '130:?';
:sqlstate

-- Order: by what is known, a count before a bound of the same number;
-- only identical values are equal.
SELECT v FROM (VALUES ('130:?'::exchange_phase), ('130:0'), ('?:?'), ('0:0'), ('129+:1'),
				(('130+:0')), ('5:125')) AS t (v) ORDER BY v;
SELECT '130:?'::exchange_phase = '130:0', '?:?'::exchange_phase = '0+:0+',
	   count(DISTINCT v) FROM (VALUES ('?:1'::exchange_phase), ('0+:1'), ('0:1')) AS t (v);

-- Fits within: true or false when what is known decides, NULL otherwise.
SELECT p, q, p <@ q AS fits
FROM (VALUES ('130:?'::exchange_phase, '1000:1000'::exchange_phase),
			 ('1001+:?', '1000:1000'), ('130:5', '100+:100+'), ('90:5', '100+:100+'),
			 ('?:?', '?:?')) AS t (p, q);

-- Balance verdicts that depend on an unknown are NULL, not false.
SELECT is_balanced('130:?'), balance('130:?'), is_balanced('?:?', '1:3'), is_balanced('130:130');
SELECT is_balanced('1:1', '?:1');
:sqlstate

-- Quota helpers on unknowns: what is known, never an error.
SELECT remaining('1000:1000', '130:?') AS remaining, over_quota('1000:1000', '130:?') AS over,
	   percent_complete('1000:1000', '130:?') AS percent, exchange_status('1000:1000', '130:?') AS status;
SELECT remaining('100:100', '150+:?') AS remaining, over_quota('100:100', '150+:?') AS over,
	   exchange_status('100:100', '150+:?') AS status, exchange_status('100:100', '?:?') AS started;

-- The tables.  A quota or a ratio must be published in full.
INSERT INTO agreement (name, side_a, side_b, quota) VALUES ('Half a quota', 'A', 'B', '?:1000');
:sqlstate
INSERT INTO agreement (name, side_a, side_b, ratio) VALUES ('Half a ratio', 'A', 'B', '1:?');
:sqlstate

INSERT INTO agreement (id, name, side_a, side_b, agreed_on, quota, balance_rule)
VALUES (1, 'Istanbul 1,000-for-1,000 (May 2025)', 'Ukraine', 'Russia', '2025-05-16', '1000:1000', 'each_phase'),
	   (2, 'Easter 2023', 'Ukraine', 'Russia', '2023-04-16', NULL, 'none'),
	   (3, 'Istanbul all-for-all (June 2025)', 'Ukraine', 'Russia', '2025-06-02', NULL, 'each_phase');
-- Easter 2023: one side unknown.  Istanbul-2: stages announced without
-- their counts, and one with a count "more than".
INSERT INTO phase (agreement_id, exchanged_on, counts, source)
VALUES (2, '2023-04-16', '130:?', 'Russia''s figure not given'),
	   (3, '2025-06-09', '?:?', 'stage 1, under 25s, count not announced'),
	   (3, '2025-06-10', '?:?', 'stage 2'),
	   (3, '2025-06-14', '1000+:?', 'a later stage described as "more than 1,000"');
:sqlstate
-- Under each_phase a phase with an unknown count has no verdict: kept.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-23', '390:?');
:sqlstate
-- The quota counts what is known: 390 + 611 on side A is over 1,000.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-24', '611:611');
:sqlstate
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-24', '610+:?');
:sqlstate
-- What is known on side A reaches the quota: nothing more fits there.
INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (1, '2025-05-25', '1:1');
:sqlstate
SELECT agreement_id, returned_side_a, returned_side_b, phase_count
FROM agreement_tally ORDER BY agreement_id;

-- The views: NULL where a figure depends on an unknown, the _at_least
-- columns with what is known, marked by counts_published.
SELECT agreement_name, returned_side_a, returned_side_b, returned_total,
	   returned_side_a_at_least AS a_at_least, returned_side_b_at_least AS b_at_least,
	   returned_total_at_least AS total_at_least, counts_published, unpublished_phases,
	   remaining_side_a, remaining_side_b, percent_complete, balance, balance_kept, status
FROM agreement_progress ORDER BY agreement_id;
SELECT agreement_name, phase_number, returned_side_a, returned_side_b, cumulative_side_a,
	   cumulative_side_a_at_least, cumulative_side_b_at_least, counts_published,
	   remaining_side_a, keeps_ratio, status_after
FROM phase_progress ORDER BY agreement_id, phase_number;
INSERT INTO captive_estimate (held_by, captive_side, category, as_of, held_at_least)
VALUES ('Russia', 'Ukraine', 'military', '2025-05-01', 8000);
SELECT agreement_name, receiving_side, returned_for_side, returned_for_side_at_least,
	   returned_percent_of_held
FROM agreement_coverage WHERE category IS NOT NULL ORDER BY agreement_id;

-- Correcting a count once it is published: the totals follow.
UPDATE phase SET counts = '390:390' WHERE agreement_id = 1;
UPDATE phase SET counts = '130:42' WHERE agreement_id = 2;
SELECT agreement_name, returned_side_a, returned_side_b, counts_published, balance_kept, status
FROM agreement_progress ORDER BY agreement_id;
SELECT agreement_id, returned_side_a, returned_side_b FROM agreement_tally ORDER BY agreement_id;

-- record_phase() takes the same forms.
SELECT record_phase('Easter 2023', '2023-05-06', '?:3') > 0 AS recorded;
SELECT counts FROM phase WHERE agreement_id = 2 ORDER BY exchanged_on;

TRUNCATE phase, agreement, captive_estimate, person, exchange_list, list_entry,
		 list_entry_match, list_entry_candidate, list_entry_decision, remains_transfer, phase_category,
         agreement_term RESTART IDENTITY;
