-- sql/install/27_published_totals.sql: running totals as officials publish them, against the record

------------------------------------------------------------------------
-- Published running totals (1.5)
------------------------------------------------------------------------
-- Governments and ombudsmen publish how many of their people have come
-- home so far ("3,956 returned from Russian captivity, 1,358 of them in
-- 2024").  Kept beside the phases, such a figure shows how complete the
-- record of phases is: published_total_check sets each one against the
-- phases recorded up to its date, and a gap that remains has its reason
-- written down, row by row.

CREATE TABLE prisoner_exchange.published_total (
	id bigserial PRIMARY KEY,
	returned_to text NOT NULL CHECK (returned_to <> ''),
	as_of date NOT NULL,
	figure bigint NOT NULL CHECK (figure >= 0),
	bound text NOT NULL DEFAULT 'exact',
	scope text NOT NULL DEFAULT 'exchanges',
	category text REFERENCES prisoner_exchange.category (name) ON UPDATE CASCADE,
	published_by text,
	source text,
	gap_reason text,
	notes text,
	CONSTRAINT published_total_bound_known CHECK (bound IN ('exact', 'at least', 'more than', 'about')),
	CONSTRAINT published_total_scope_known CHECK (scope IN ('exchanges', 'outside exchanges', 'all returned'))
);
COMMENT ON TABLE prisoner_exchange.published_total IS
'A running total as published: how many people of one side had come home by a date, with what it counts and who said it';
COMMENT ON COLUMN prisoner_exchange.published_total.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.published_total.returned_to IS 'The side whose people came home, as the agreements name it (e.g. Ukraine)';
COMMENT ON COLUMN prisoner_exchange.published_total.as_of IS 'The date the total refers to';
COMMENT ON COLUMN prisoner_exchange.published_total.figure IS 'The number published';
COMMENT ON COLUMN prisoner_exchange.published_total.bound IS 'exact, at least, more than ("more than 7,000") or about';
COMMENT ON COLUMN prisoner_exchange.published_total.scope IS 'What it counts: exchanges (people returned in exchanges), outside exchanges (released otherwise), or all returned';
COMMENT ON COLUMN prisoner_exchange.published_total.category IS 'A category the figure is limited to (military, civilian, ...); NULL for everyone';
COMMENT ON COLUMN prisoner_exchange.published_total.published_by IS 'Who published it (e.g. the Coordination Headquarters)';
COMMENT ON COLUMN prisoner_exchange.published_total.source IS 'Public source (URL or citation)';
COMMENT ON COLUMN prisoner_exchange.published_total.gap_reason IS 'Why the phases recorded fall short of (or exceed) the figure, where they do';
COMMENT ON COLUMN prisoner_exchange.published_total.notes IS 'Free-text notes';

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.published_total', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.published_total_id_seq', '');

-- Each published total against the phases recorded on or before its date
-- for the same side: all their counts, or for a category the parts of
-- that category.  A count not published, or a phase without a breakdown
-- when a category is asked, makes the record's figure a lower bound
-- (record_complete false).  Returns outside exchanges and "all returned"
-- are not phases: the record has no figure for them.
CREATE VIEW prisoner_exchange.published_total_check AS
SELECT t.id AS published_total_id,
	   t.returned_to,
	   t.as_of,
	   t.scope,
	   t.category,
	   t.bound,
	   t.figure,
	   r.record_at_least,
	   r.record_complete,
	   t.figure - r.record_at_least AS difference,
	   CASE t.bound
		   WHEN 'exact' THEN
			   CASE WHEN r.record_complete THEN r.record_at_least = t.figure
					WHEN r.record_at_least > t.figure THEN false END
		   WHEN 'at least' THEN
			   CASE WHEN r.record_at_least >= t.figure THEN true
					WHEN r.record_complete THEN false END
		   WHEN 'more than' THEN
			   CASE WHEN r.record_at_least > t.figure THEN true
					WHEN r.record_complete THEN false END
	   END AS record_agrees,
	   t.gap_reason,
	   t.published_by,
	   t.source
FROM prisoner_exchange.published_total AS t
LEFT JOIN LATERAL (
	SELECT COALESCE(pg_catalog.sum(v.known), 0)::bigint AS record_at_least,
		   COALESCE(pg_catalog.bool_and(v.published), true) AS record_complete
	FROM (
		SELECT CASE WHEN a.side_a = t.returned_to THEN prisoner_exchange.side_a_at_least(p.counts)
					ELSE prisoner_exchange.side_b_at_least(p.counts) END AS known,
			   CASE WHEN a.side_a = t.returned_to THEN prisoner_exchange.side_a(p.counts)
					ELSE prisoner_exchange.side_b(p.counts) END IS NOT NULL AS published
		FROM prisoner_exchange.phase AS p
		JOIN prisoner_exchange.agreement AS a ON a.id = p.agreement_id
		WHERE t.category IS NULL
		  AND p.exchanged_on <= t.as_of
		  AND t.returned_to IN (a.side_a, a.side_b)
		UNION ALL
		-- A phase with a breakdown and no part of the category returned
		-- none of it; one without a breakdown, an unknown number.
		SELECT COALESCE(CASE WHEN a.side_a = t.returned_to THEN prisoner_exchange.side_a_at_least(c.counts)
							 ELSE prisoner_exchange.side_b_at_least(c.counts) END, 0),
			   CASE WHEN c.id IS NOT NULL
						THEN CASE WHEN a.side_a = t.returned_to THEN prisoner_exchange.side_a(c.counts)
								  ELSE prisoner_exchange.side_b(c.counts) END IS NOT NULL
					ELSE EXISTS (SELECT 1 FROM prisoner_exchange.phase_category AS w WHERE w.phase_id = p.id)
			   END
		FROM prisoner_exchange.phase AS p
		JOIN prisoner_exchange.agreement AS a ON a.id = p.agreement_id
		LEFT JOIN prisoner_exchange.phase_category AS c ON c.phase_id = p.id AND c.category = t.category
		WHERE t.category IS NOT NULL
		  AND p.exchanged_on <= t.as_of
		  AND t.returned_to IN (a.side_a, a.side_b)
	) AS v
) AS r ON t.scope = 'exchanges';

COMMENT ON VIEW prisoner_exchange.published_total_check IS
'Each published running total beside the record''s figure of the same side, scope and category on the same date, with the difference and the stated reason for it';
COMMENT ON COLUMN prisoner_exchange.published_total_check.published_total_id IS 'published_total.id';
COMMENT ON COLUMN prisoner_exchange.published_total_check.returned_to IS 'The side whose people came home';
COMMENT ON COLUMN prisoner_exchange.published_total_check.as_of IS 'The date of the published total';
COMMENT ON COLUMN prisoner_exchange.published_total_check.scope IS 'exchanges, outside exchanges or all returned';
COMMENT ON COLUMN prisoner_exchange.published_total_check.category IS 'The category the figure is limited to; NULL for everyone';
COMMENT ON COLUMN prisoner_exchange.published_total_check.bound IS 'exact, at least, more than or about';
COMMENT ON COLUMN prisoner_exchange.published_total_check.figure IS 'The number published';
COMMENT ON COLUMN prisoner_exchange.published_total_check.record_at_least IS 'What the phases recorded up to that date show for the same side, scope and category (a lower bound unless record_complete); NULL for scopes the phases do not hold';
COMMENT ON COLUMN prisoner_exchange.published_total_check.record_complete IS 'true when every count behind record_at_least was published';
COMMENT ON COLUMN prisoner_exchange.published_total_check.difference IS 'figure - record_at_least: positive when the record falls short';
COMMENT ON COLUMN prisoner_exchange.published_total_check.record_agrees IS 'Whether the record agrees with the figure and its bound; NULL when a count not published, an about, or a scope the phases do not hold leaves it open';
COMMENT ON COLUMN prisoner_exchange.published_total_check.gap_reason IS 'The stated reason for a difference';
COMMENT ON COLUMN prisoner_exchange.published_total_check.published_by IS 'Who published the figure';
COMMENT ON COLUMN prisoner_exchange.published_total_check.source IS 'Public source of the figure';
