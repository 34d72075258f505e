-- sql/install/30_views.sql: the progress, ratio and coverage views

------------------------------------------------------------------------
-- Views: totals, remaining quota and captive ratios, in plain SQL types
------------------------------------------------------------------------
-- Every column is a standard SQL type (integer, bigint, numeric, text,
-- date, boolean), so that BI tools and drivers that do not know
-- exchange_phase read counts as numbers and never list a column of an
-- unknown type.  The typed values stay in the tables (agreement.quota,
-- agreement.ratio, phase.counts), and exchange_phase(x_side_a, x_side_b)
-- rebuilds one from any pair of columns here.  None of these views shows
-- a person.

-- Each view joins and groups in one pass, as a hand-written GROUP BY
-- would, and a filter on agreement_id reaches the phases' index.  A side's
-- total fits an integer: the rules refuse a phase that would take it past
-- 2,147,483,647 (agreement_total_in_range), and the sums over both sides
-- are bigint.
CREATE VIEW prisoner_exchange.agreement_progress AS
SELECT s.agreement_id,
	   s.agreement_name,
	   s.side_a,
	   s.side_b,
	   s.agreed_on,
	   s.agreed_at,
	   s.mediator,
	   s.balance_rule,
	   prisoner_exchange.side_a(s.ratio) AS ratio_side_a,
	   prisoner_exchange.side_b(s.ratio) AS ratio_side_b,
	   prisoner_exchange.side_a(s.quota) AS quota_side_a,
	   prisoner_exchange.side_b(s.quota) AS quota_side_b,
	   prisoner_exchange.total(s.quota) AS quota_total,
	   prisoner_exchange.side_a(s.returned) AS returned_side_a,
	   prisoner_exchange.side_b(s.returned) AS returned_side_b,
	   prisoner_exchange.total(s.returned) AS returned_total,
	   prisoner_exchange.side_a(prisoner_exchange.remaining(s.quota, s.returned)) AS remaining_side_a,
	   prisoner_exchange.side_b(prisoner_exchange.remaining(s.quota, s.returned)) AS remaining_side_b,
	   prisoner_exchange.total(prisoner_exchange.remaining(s.quota, s.returned)) AS remaining_total,
	   prisoner_exchange.percent_of(prisoner_exchange.total(s.returned), prisoner_exchange.total(s.quota)) AS percent_complete,
	   s.phase_count,
	   s.first_exchanged_on,
	   s.last_exchanged_on,
	   s.unbalanced_phases,
	   prisoner_exchange.balance(s.returned, s.ratio) AS balance,
	   CASE s.balance_rule
		   WHEN 'each_phase' THEN
			   CASE WHEN s.unbalanced_phases > 0 THEN false
					WHEN s.unpublished_phases = 0 THEN true END
		   WHEN 'overall' THEN
			   CASE WHEN s.agreement_status <> 'open' OR s.returned OPERATOR(prisoner_exchange.=) s.quota
				   THEN prisoner_exchange.balance(s.returned, s.ratio) = 0 END
		   ELSE prisoner_exchange.balance(s.returned, s.ratio) = 0
	   END AS balance_kept,
	   prisoner_exchange.progress_status(s.quota, s.returned) AS status,
	   s.agreement_status,
	   s.closed_on,
	   prisoner_exchange.side_a_at_least(s.returned) AS returned_side_a_at_least,
	   prisoner_exchange.side_b_at_least(s.returned) AS returned_side_b_at_least,
	   prisoner_exchange.total_at_least(s.returned) AS returned_total_at_least,
	   prisoner_exchange.is_complete(s.returned) AS counts_published,
	   s.unpublished_phases
FROM (
	SELECT a.id AS agreement_id,
		   a.name AS agreement_name,
		   a.side_a,
		   a.side_b,
		   a.agreed_on,
		   a.agreed_at,
		   a.mediator,
		   a.balance_rule,
		   a.ratio,
		   a.quota,
		   a.status AS agreement_status,
		   a.closed_on,
		   COALESCE(prisoner_exchange.sum(p.counts), '0:0') AS returned,
		   pg_catalog.count(p.id) AS phase_count,
		   pg_catalog.min(p.exchanged_on) AS first_exchanged_on,
		   pg_catalog.max(p.exchanged_on) AS last_exchanged_on,
		   pg_catalog.count(p.id) FILTER (WHERE NOT prisoner_exchange.is_balanced(p.counts, a.ratio)) AS unbalanced_phases,
		   pg_catalog.count(p.id) FILTER (WHERE NOT prisoner_exchange.is_complete(p.counts)) AS unpublished_phases
	FROM prisoner_exchange.agreement AS a
	LEFT JOIN prisoner_exchange.phase AS p ON p.agreement_id = a.id
	GROUP BY a.id
) AS s;

COMMENT ON VIEW prisoner_exchange.agreement_progress IS
'One row per agreement: quota, people returned and remaining on each side, percent complete, phases, balance and status';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.agreement_id IS 'agreement.id';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.agreement_name IS 'agreement.name';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.side_a IS 'The side counted first (agreement.side_a)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.side_b IS 'The other side (agreement.side_b)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.agreed_on IS 'Date the agreement was reached';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.agreed_at IS 'Where the agreement was reached';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.mediator IS 'Mediator, if any';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.balance_rule IS 'each_phase, overall or none (see agreement.balance_rule)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.ratio_side_a IS 'Agreed ratio, side A part (1 in 1:3)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.ratio_side_b IS 'Agreed ratio, side B part (3 in 1:3)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.quota_side_a IS 'People to return to side A under the quota; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.quota_side_b IS 'People to return to side B under the quota; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.quota_total IS 'Both sides of the quota together; NULL when open-ended';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_side_a IS 'People returned to side A so far (0 before the first phase); NULL when a phase''s count was not published (see returned_side_a_at_least)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_side_b IS 'People returned to side B so far (0 before the first phase); NULL when a phase''s count was not published (see returned_side_b_at_least)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_total IS 'People returned to both sides so far; NULL when a count was not published';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.remaining_side_a IS 'Quota left for side A; NULL when open-ended, or when a count not published leaves it open';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.remaining_side_b IS 'Quota left for side B; NULL when open-ended, or when a count not published leaves it open';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.remaining_total IS 'Quota left for both sides together; NULL when open-ended or either side is open';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.percent_complete IS 'returned_total as a percentage of quota_total, one decimal; NULL when open-ended or a count was not published';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.phase_count IS 'Number of phases recorded';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.first_exchanged_on IS 'Date of the first phase; NULL before it';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.last_exchanged_on IS 'Date of the latest phase; NULL before the first';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.unbalanced_phases IS 'Phases known not to keep the agreed ratio (always 0 under each_phase); a phase with a count not published is not among them';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.balance IS 'balance(returned, ratio): 0 when the total so far keeps the ratio, positive when side A received more than its share; NULL when a count was not published';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.balance_kept IS 'Whether the balance rule is kept: each_phase, every phase balanced; overall, the total balanced once complete or closed (NULL until then); none, the total so far balanced; NULL when it depends on a count not published';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.status IS 'not started, in progress, complete, open-ended (no quota), or over quota (past it on either side: only where rules were bypassed); with a count not published, judged on what is known';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.agreement_status IS 'The agreement''s lifecycle: open, completed or lapsed (agreement.status)';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.closed_on IS 'Date the agreement was completed or lapsed; NULL while open';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_side_a_at_least IS 'What is known of the people returned to side A: returned_side_a, or its lower bound when a count was not published';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_side_b_at_least IS 'What is known of the people returned to side B: returned_side_b, or its lower bound when a count was not published';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.returned_total_at_least IS 'What is known of the people returned to both sides: returned_total, or its lower bound';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.counts_published IS 'true when every count of every phase was published, so that the returned figures are complete; false when the _at_least columns are lower bounds';
COMMENT ON COLUMN prisoner_exchange.agreement_progress.unpublished_phases IS 'Phases with a count not published (? or at least N)';

CREATE VIEW prisoner_exchange.phase_progress AS
SELECT r.phase_id,
	   r.agreement_id,
	   r.agreement_name,
	   r.exchanged_on,
	   r.day_ordinal,
	   r.phase_number,
	   prisoner_exchange.side_a(r.counts) AS returned_side_a,
	   prisoner_exchange.side_b(r.counts) AS returned_side_b,
	   prisoner_exchange.total(r.counts) AS returned_total,
	   prisoner_exchange.side_a(r.cumulative) AS cumulative_side_a,
	   prisoner_exchange.side_b(r.cumulative) AS cumulative_side_b,
	   prisoner_exchange.total(r.cumulative) AS cumulative_total,
	   prisoner_exchange.side_a(prisoner_exchange.remaining(r.quota, r.cumulative)) AS remaining_side_a,
	   prisoner_exchange.side_b(prisoner_exchange.remaining(r.quota, r.cumulative)) AS remaining_side_b,
	   prisoner_exchange.total(prisoner_exchange.remaining(r.quota, r.cumulative)) AS remaining_total,
	   prisoner_exchange.percent_of(prisoner_exchange.total(r.cumulative), prisoner_exchange.total(r.quota)) AS percent_complete,
	   prisoner_exchange.progress_status(r.quota, r.cumulative) AS status_after,
	   prisoner_exchange.is_balanced(r.counts, r.ratio) AS keeps_ratio,
	   prisoner_exchange.balance(r.counts, r.ratio) AS balance,
	   r.place,
	   r.source,
	   prisoner_exchange.side_a_at_least(r.counts) AS returned_side_a_at_least,
	   prisoner_exchange.side_b_at_least(r.counts) AS returned_side_b_at_least,
	   prisoner_exchange.side_a_at_least(r.cumulative) AS cumulative_side_a_at_least,
	   prisoner_exchange.side_b_at_least(r.cumulative) AS cumulative_side_b_at_least,
	   prisoner_exchange.is_complete(r.counts) AS counts_published
FROM (
	SELECT p.id AS phase_id,
		   p.agreement_id,
		   a.name AS agreement_name,
		   p.exchanged_on,
		   p.day_ordinal,
		   pg_catalog.row_number() OVER in_order AS phase_number,
		   p.counts,
		   prisoner_exchange.sum(p.counts) OVER in_order AS cumulative,
		   a.quota,
		   a.ratio,
		   p.place,
		   p.source
	FROM prisoner_exchange.phase AS p
	JOIN prisoner_exchange.agreement AS a ON a.id = p.agreement_id
	WINDOW in_order AS (PARTITION BY p.agreement_id
						ORDER BY p.exchanged_on, p.day_ordinal, p.id
						ROWS UNBOUNDED PRECEDING)
) AS r;

COMMENT ON VIEW prisoner_exchange.phase_progress IS
'One row per phase: its counts, the running totals after it, what remains of the quota and whether it kept the ratio';
COMMENT ON COLUMN prisoner_exchange.phase_progress.phase_id IS 'phase.id';
COMMENT ON COLUMN prisoner_exchange.phase_progress.agreement_id IS 'agreement.id';
COMMENT ON COLUMN prisoner_exchange.phase_progress.agreement_name IS 'agreement.name';
COMMENT ON COLUMN prisoner_exchange.phase_progress.exchanged_on IS 'Date of the handover';
COMMENT ON COLUMN prisoner_exchange.phase_progress.day_ordinal IS 'Order among the agreement''s handovers of that day';
COMMENT ON COLUMN prisoner_exchange.phase_progress.phase_number IS 'Position of the phase within its agreement: 1, 2, ...';
COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_side_a IS 'People returned to side A in this phase; NULL when not published';
COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_side_b IS 'People returned to side B in this phase; NULL when not published';
COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_total IS 'People returned to both sides in this phase; NULL when a count was not published';
COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_side_a IS 'People returned to side A up to and including this phase; NULL once a count not published is among them';
COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_side_b IS 'People returned to side B up to and including this phase; NULL once a count not published is among them';
COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_total IS 'People returned to both sides up to and including this phase; NULL once a count not published is among them';
COMMENT ON COLUMN prisoner_exchange.phase_progress.remaining_side_a IS 'Quota left for side A after this phase; NULL when open-ended, or when a count not published leaves it open';
COMMENT ON COLUMN prisoner_exchange.phase_progress.remaining_side_b IS 'Quota left for side B after this phase; NULL when open-ended, or when a count not published leaves it open';
COMMENT ON COLUMN prisoner_exchange.phase_progress.remaining_total IS 'Quota left for both sides after this phase; NULL when open-ended or either side is open';
COMMENT ON COLUMN prisoner_exchange.phase_progress.percent_complete IS 'cumulative_total as a percentage of the quota, one decimal; NULL when open-ended or a count was not published';
COMMENT ON COLUMN prisoner_exchange.phase_progress.status_after IS 'The agreement''s status right after this phase: in progress, complete or over quota (open-ended without a quota); judged on what is known when a count was not published';
COMMENT ON COLUMN prisoner_exchange.phase_progress.keeps_ratio IS 'Whether this phase keeps the agreed ratio; NULL when a count was not published';
COMMENT ON COLUMN prisoner_exchange.phase_progress.balance IS 'balance(counts, ratio): 0 when kept, positive when side A received more than its share; NULL when a count was not published';
COMMENT ON COLUMN prisoner_exchange.phase_progress.place IS 'Handover or transit place';
COMMENT ON COLUMN prisoner_exchange.phase_progress.source IS 'Public source of the figures';
COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_side_a_at_least IS 'What is known of the people returned to side A in this phase: the count, or its lower bound (0 for ?)';
COMMENT ON COLUMN prisoner_exchange.phase_progress.returned_side_b_at_least IS 'What is known of the people returned to side B in this phase: the count, or its lower bound (0 for ?)';
COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_side_a_at_least IS 'What is known of the people returned to side A up to and including this phase';
COMMENT ON COLUMN prisoner_exchange.phase_progress.cumulative_side_b_at_least IS 'What is known of the people returned to side B up to and including this phase';
COMMENT ON COLUMN prisoner_exchange.phase_progress.counts_published IS 'true when both counts of this phase were published';

CREATE VIEW prisoner_exchange.captive_ratios AS
SELECT e.id AS estimate_id,
	   e.held_by,
	   e.captive_side,
	   e.category,
	   e.as_of,
	   e.held_at_least,
	   e.returned,
	   e.held_at_least - e.returned AS still_held_at_least,
	   prisoner_exchange.percent_of(e.returned, e.held_at_least) AS percent_returned,
	   e.held_at_least IS NOT NULL AS held_is_published,
	   e.source,
	   e.bound AS held_bound
FROM (
	SELECT DISTINCT ON (c.held_by, c.captive_side, c.category) c.*
	FROM prisoner_exchange.captive_estimate AS c
	WHERE c.measures = 'held now'
	ORDER BY c.held_by, c.captive_side, c.category, c.as_of DESC NULLS LAST, c.id DESC
) AS e;

COMMENT ON VIEW prisoner_exchange.captive_ratios IS
'The latest estimate of the people held now of each (holder, captives, category): held, returned, still held and the share returned, with the kind of bound; unknown stays NULL';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.estimate_id IS 'captive_estimate.id of the latest estimate';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.held_by IS 'The side holding the captives';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.captive_side IS 'The side the captives belong to';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.category IS 'military, civilian, ...';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.as_of IS 'Date of the estimate';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.held_at_least IS 'At least this many held; NULL when not published (unknown, not zero)';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.returned IS 'Returned so far; NULL when not published';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.still_held_at_least IS 'held_at_least - returned; NULL when either is unknown';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.percent_returned IS 'returned as a percentage of held_at_least, one decimal; NULL when either is unknown';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.held_is_published IS 'false when the holder''s number was not published';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.source IS 'Public source of the estimate';
COMMENT ON COLUMN prisoner_exchange.captive_ratios.held_bound IS 'The kind of figure held_at_least is: exact, at least, about or at most (captive_estimate.bound)';

-- For each agreement, each receiving side and each category of captive
-- estimate, the share of that category's known captives that the
-- agreement covers, like with like (1.5): the quota the agreement's terms
-- set for that category, and the people of that category its phases'
-- breakdowns returned.  A quota for all categories together is not
-- divided by one category's estimate.  The estimate used is the latest
-- one on or before the agreement's date, or failing that the first one
-- after it (the latest of all when the agreement has no date).
CREATE VIEW prisoner_exchange.agreement_coverage AS
SELECT a.id AS agreement_id,
	   a.name AS agreement_name,
	   s.receiving_side,
	   s.holding_side,
	   e.category,
	   e.as_of AS estimate_as_of,
	   e.held_at_least,
	   CASE s.side WHEN 'a' THEN prisoner_exchange.side_a(t.quota) ELSE prisoner_exchange.side_b(t.quota) END::bigint
		   AS quota_for_side,
	   r.returned_for_side,
	   prisoner_exchange.percent_of(
		   CASE s.side WHEN 'a' THEN prisoner_exchange.side_a(t.quota) ELSE prisoner_exchange.side_b(t.quota) END,
		   e.held_at_least) AS quota_percent_of_held,
	   prisoner_exchange.percent_of(r.returned_for_side, e.held_at_least) AS returned_percent_of_held,
	   r.returned_for_side_at_least,
	   e.bound AS estimate_bound
FROM prisoner_exchange.agreement AS a
CROSS JOIN LATERAL (
	VALUES ('a', a.side_a, a.side_b), ('b', a.side_b, a.side_a)
) AS s (side, receiving_side, holding_side)
LEFT JOIN LATERAL (
	SELECT DISTINCT ON (c.category) c.category, c.as_of, c.held_at_least, c.bound
	FROM prisoner_exchange.captive_estimate AS c
	WHERE c.captive_side = s.receiving_side
	  AND c.held_by = s.holding_side
	  AND c.measures = 'held now'
	ORDER BY c.category,
			 COALESCE(c.as_of <= a.agreed_on, true) DESC,
			 CASE WHEN COALESCE(c.as_of <= a.agreed_on, true) THEN c.as_of END DESC NULLS LAST,
			 c.as_of,
			 c.id DESC
) AS e ON true
LEFT JOIN prisoner_exchange.agreement_term AS t
	   ON t.agreement_id = a.id AND t.category = e.category
-- The people of the category returned: exact when every phase of the
-- agreement has a breakdown and its parts of this category were published.
LEFT JOIN LATERAL (
	SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM prisoner_exchange.phase AS p
								 WHERE p.agreement_id = a.id
								   AND NOT EXISTS (SELECT 1 FROM prisoner_exchange.phase_category AS w
												   WHERE w.phase_id = p.id))
				THEN CASE s.side WHEN 'a' THEN prisoner_exchange.side_a(COALESCE(prisoner_exchange.sum(b.counts), '0:0'))
								 ELSE prisoner_exchange.side_b(COALESCE(prisoner_exchange.sum(b.counts), '0:0')) END
		   END::bigint AS returned_for_side,
		   CASE s.side WHEN 'a' THEN prisoner_exchange.side_a_at_least(COALESCE(prisoner_exchange.sum(b.counts), '0:0'))
					   ELSE prisoner_exchange.side_b_at_least(COALESCE(prisoner_exchange.sum(b.counts), '0:0')) END::bigint
		   AS returned_for_side_at_least
	FROM prisoner_exchange.phase_category AS b
	WHERE b.agreement_id = a.id AND b.category = e.category
) AS r ON e.category IS NOT NULL;

COMMENT ON VIEW prisoner_exchange.agreement_coverage IS
'For each agreement, receiving side and captive category: the share of that category''s captives known to be held that its terms and its returns for that category cover, like with like';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.agreement_id IS 'agreement.id';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.agreement_name IS 'agreement.name';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.receiving_side IS 'The side whose people come home';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.holding_side IS 'The side holding them';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.category IS 'Category of the estimate (military, civilian, ...); NULL when there is no estimate';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.estimate_as_of IS 'Date of the estimate used: the latest on or before the agreement date, else the first after it';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.held_at_least IS 'At least this many held; NULL when not published (unknown, not zero)';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.quota_for_side IS 'The quota the agreement''s terms set for this category and receiving side (agreement_term); NULL when it sets none for the category';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.returned_for_side IS 'People of this category returned to the receiving side so far, from the phases'' breakdowns; NULL when a phase has no breakdown or a part was not published (see returned_for_side_at_least)';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.quota_percent_of_held IS 'quota_for_side as a percentage of held_at_least, one decimal; NULL when either is unknown';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.returned_percent_of_held IS 'returned_for_side as a percentage of held_at_least, one decimal; NULL when either is unknown';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.estimate_bound IS 'The kind of figure held_at_least is: exact, at least, about or at most; only estimates of people held now are used';
COMMENT ON COLUMN prisoner_exchange.agreement_coverage.returned_for_side_at_least IS 'What is known of the people of this category returned to the receiving side: returned_for_side, or the lower bound the breakdowns give';

-- Per agreement and category: its terms and what the phases' breakdowns
-- returned (1.5).  Parts and terms meet in a full join: a category with
-- parts and no terms, or terms and no parts yet, has a row.
CREATE VIEW prisoner_exchange.category_progress AS
SELECT k.agreement_id,
	   a.name AS agreement_name,
	   k.category,
	   t.balance_rule,
	   prisoner_exchange.side_a(t.ratio) AS ratio_side_a,
	   prisoner_exchange.side_b(t.ratio) AS ratio_side_b,
	   prisoner_exchange.side_a(t.quota) AS quota_side_a,
	   prisoner_exchange.side_b(t.quota) AS quota_side_b,
	   prisoner_exchange.side_a(k.returned) AS returned_side_a,
	   prisoner_exchange.side_b(k.returned) AS returned_side_b,
	   prisoner_exchange.total(k.returned) AS returned_total,
	   prisoner_exchange.side_a(prisoner_exchange.remaining(t.quota, k.returned)) AS remaining_side_a,
	   prisoner_exchange.side_b(prisoner_exchange.remaining(t.quota, k.returned)) AS remaining_side_b,
	   prisoner_exchange.percent_of(prisoner_exchange.total(k.returned), prisoner_exchange.total(t.quota)) AS percent_complete,
	   k.phase_count,
	   k.unbalanced_parts,
	   CASE WHEN t.ratio IS NULL THEN NULL
			WHEN k.unbalanced_parts > 0 THEN false
			WHEN k.unpublished_parts = 0 THEN true
	   END AS keeps_ratio,
	   CASE WHEN t.agreement_id IS NULL THEN 'no terms'
			ELSE prisoner_exchange.progress_status(t.quota, k.returned) END AS status,
	   prisoner_exchange.side_a_at_least(k.returned) AS returned_side_a_at_least,
	   prisoner_exchange.side_b_at_least(k.returned) AS returned_side_b_at_least,
	   prisoner_exchange.is_complete(k.returned) AS counts_published
FROM (
	SELECT COALESCE(p.agreement_id, t.agreement_id) AS agreement_id,
		   COALESCE(p.category, t.category) AS category,
		   COALESCE(p.returned, '0:0') AS returned,
		   COALESCE(p.phase_count, 0) AS phase_count,
		   COALESCE(p.unbalanced_parts, 0) AS unbalanced_parts,
		   COALESCE(p.unpublished_parts, 0) AS unpublished_parts
	FROM (
		SELECT c.agreement_id, c.category,
			   prisoner_exchange.sum(c.counts) AS returned,
			   pg_catalog.count(*) AS phase_count,
			   pg_catalog.count(*) FILTER (WHERE NOT prisoner_exchange.is_balanced(c.counts, t.ratio)) AS unbalanced_parts,
			   pg_catalog.count(*) FILTER (WHERE NOT prisoner_exchange.is_complete(c.counts)) AS unpublished_parts
		FROM prisoner_exchange.phase_category AS c
		LEFT JOIN prisoner_exchange.agreement_term AS t
			   ON t.agreement_id = c.agreement_id AND t.category = c.category
		GROUP BY c.agreement_id, c.category
	) AS p
	FULL JOIN prisoner_exchange.agreement_term AS t
		   ON t.agreement_id = p.agreement_id AND t.category = p.category
) AS k
JOIN prisoner_exchange.agreement AS a ON a.id = k.agreement_id
LEFT JOIN prisoner_exchange.agreement_term AS t
	   ON t.agreement_id = k.agreement_id AND t.category = k.category;

COMMENT ON VIEW prisoner_exchange.category_progress IS
'One row per agreement and category with terms or a breakdown: the category''s quota and ratio, the people of it returned and remaining, and whether its parts kept the ratio';
COMMENT ON COLUMN prisoner_exchange.category_progress.agreement_id IS 'agreement.id';
COMMENT ON COLUMN prisoner_exchange.category_progress.agreement_name IS 'agreement.name';
COMMENT ON COLUMN prisoner_exchange.category_progress.category IS 'The category (category.name)';
COMMENT ON COLUMN prisoner_exchange.category_progress.balance_rule IS 'The term''s rule (each_phase, overall, none); NULL without terms';
COMMENT ON COLUMN prisoner_exchange.category_progress.ratio_side_a IS 'The term''s ratio, side A part; NULL without terms';
COMMENT ON COLUMN prisoner_exchange.category_progress.ratio_side_b IS 'The term''s ratio, side B part; NULL without terms';
COMMENT ON COLUMN prisoner_exchange.category_progress.quota_side_a IS 'The term''s quota for side A; NULL without one';
COMMENT ON COLUMN prisoner_exchange.category_progress.quota_side_b IS 'The term''s quota for side B; NULL without one';
COMMENT ON COLUMN prisoner_exchange.category_progress.returned_side_a IS 'People of the category returned to side A, from the breakdowns; NULL when a part was not published';
COMMENT ON COLUMN prisoner_exchange.category_progress.returned_side_b IS 'People of the category returned to side B, from the breakdowns; NULL when a part was not published';
COMMENT ON COLUMN prisoner_exchange.category_progress.returned_total IS 'Both sides together; NULL when a part was not published';
COMMENT ON COLUMN prisoner_exchange.category_progress.remaining_side_a IS 'The term''s quota left for side A; NULL without a quota, or when a part not published leaves it open';
COMMENT ON COLUMN prisoner_exchange.category_progress.remaining_side_b IS 'The term''s quota left for side B; NULL without a quota, or when a part not published leaves it open';
COMMENT ON COLUMN prisoner_exchange.category_progress.percent_complete IS 'returned_total as a percentage of the term''s quota, one decimal; NULL without a quota or when not published';
COMMENT ON COLUMN prisoner_exchange.category_progress.phase_count IS 'Phases with a part of this category';
COMMENT ON COLUMN prisoner_exchange.category_progress.unbalanced_parts IS 'Parts known not to keep the term''s ratio (always 0 under each_phase)';
COMMENT ON COLUMN prisoner_exchange.category_progress.keeps_ratio IS 'Whether every part kept the term''s ratio; NULL without terms, or when it depends on a part not published';
COMMENT ON COLUMN prisoner_exchange.category_progress.status IS 'no terms, or as agreement_progress.status for the term''s quota: open-ended, not started, in progress, complete, over quota';
COMMENT ON COLUMN prisoner_exchange.category_progress.returned_side_a_at_least IS 'What is known of the people of the category returned to side A';
COMMENT ON COLUMN prisoner_exchange.category_progress.returned_side_b_at_least IS 'What is known of the people of the category returned to side B';
COMMENT ON COLUMN prisoner_exchange.category_progress.counts_published IS 'true when every part of this category was published';
