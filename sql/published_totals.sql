--
-- published_totals: running totals as officials publish them, set against
-- the phases recorded (release 1.5)
--
SET search_path = prisoner_exchange, public;
SET datestyle = ISO;
\set sqlstate '\\echo SQLSTATE: :SQLSTATE'
\set SHOW_CONTEXT never

INSERT INTO agreement (id, name, side_a, side_b) VALUES
	(1, 'Istanbul 1,000-for-1,000 (May 2025)', 'Ukraine', 'Russia'),
	(2, 'A swap listed the other way round', 'Russia', 'Ukraine');
INSERT INTO phase (id, agreement_id, exchanged_on, counts) VALUES
	(1, 1, '2025-05-23', '390:390'), (2, 1, '2025-05-24', '307:307'),
	(3, 2, '2025-05-25', '303:303'), (4, 1, '2025-06-09', '?:?');
INSERT INTO phase_category (phase_id, category, counts) VALUES
	(1, 'military', '270:270'), (1, 'civilian', '120:120'), (2, 'military', '307:307');

-- Each bound and scope, for everyone and for one category.
INSERT INTO published_total (returned_to, as_of, figure, bound, scope, category, gap_reason) VALUES
	('Ukraine', '2025-05-24', 697, 'exact', 'exchanges', NULL, NULL),
	('Ukraine', '2025-05-25', 1000, 'exact', 'exchanges', NULL, NULL),
	('Ukraine', '2025-05-25', 1010, 'exact', 'exchanges', NULL, '10 returned on a date the record lacks'),
	('Ukraine', '2025-05-24', 577, 'exact', 'exchanges', 'military', NULL),
	('Ukraine', '2025-05-25', 120, 'at least', 'exchanges', 'civilian', NULL),
	('Ukraine', '2025-06-30', 1500, 'more than', 'exchanges', NULL, 'the June stages were not announced'),
	('Ukraine', '2025-06-30', 1000, 'at least', 'exchanges', NULL, NULL),
	('Ukraine', '2025-06-30', 1000, 'about', 'exchanges', NULL, NULL),
	('Ukraine', '2025-05-25', 53, 'exact', 'outside exchanges', NULL, 'not phases'),
	('Russia', '2025-05-25', 1000, 'exact', 'exchanges', NULL, NULL);
SELECT returned_to, as_of, scope, category, bound, figure, record_at_least, record_complete, difference,
	   record_agrees, gap_reason
FROM published_total_check ORDER BY published_total_id;

-- What a total says is checked.
INSERT INTO published_total (returned_to, as_of, figure, bound) VALUES ('Ukraine', '2025-05-25', 1, 'roughly');
:sqlstate
INSERT INTO published_total (returned_to, as_of, figure, scope) VALUES ('Ukraine', '2025-05-25', 1, 'all');
:sqlstate
INSERT INTO published_total (returned_to, as_of, figure) VALUES ('Ukraine', '2025-05-25', -1);
:sqlstate
INSERT INTO published_total (returned_to, as_of, figure, category) VALUES ('Ukraine', '2025-05-25', 1, 'sailors');
:sqlstate
INSERT INTO published_total (returned_to, as_of, figure) VALUES ('Ukraine', NULL, 1);
:sqlstate
SELECT relation, operation, count(*) FROM change_history
WHERE relation = 'published_total' AND operation <> 'TRUNCATE' GROUP BY 1, 2;

-- Estimates say what they are: a kind of bound, and what they count.
-- Only people held now enter captive_ratios and agreement_coverage.
INSERT INTO captive_estimate (held_by, captive_side, category, as_of, held_at_least, bound, measures) VALUES
	('Russia', 'Ukraine', 'military', '2022-05-26', 8000, 'about', 'held now'),
	('Russia', 'Ukraine', 'military', '2022-06-30', 6000, 'at least', 'captured since the start'),
	('Russia', 'Ukraine', 'civilian', '2024-04-19', 28000, 'at most', 'held now'),
	('Russia', 'Ukraine', 'children', '2024-12-16', 19500, 'at least', 'deported children'),
	('Russia', 'Ukraine', 'missing', '2025-06-12', 70000, 'at least', 'missing');
SELECT held_by, captive_side, category, as_of, held_at_least, held_bound FROM captive_ratios ORDER BY category;
SELECT agreement_name, receiving_side, category, estimate_as_of, held_at_least, estimate_bound
FROM agreement_coverage WHERE category IS NOT NULL ORDER BY agreement_id, category;
INSERT INTO captive_estimate (held_by, captive_side, category, held_at_least, bound) VALUES ('Russia', 'Ukraine', 'x', 1, 'roughly');
:sqlstate
INSERT INTO captive_estimate (held_by, captive_side, category, held_at_least, measures) VALUES ('Russia', 'Ukraine', 'x', 1, 'held');
:sqlstate

TRUNCATE phase, agreement, captive_estimate, person, exchange_list, list_entry,
         list_entry_match, list_entry_candidate, list_entry_decision, remains_transfer, phase_category,
         agreement_term, published_total RESTART IDENTITY;
