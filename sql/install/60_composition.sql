-- sql/install/60_composition.sql: phase_composition and its disclosure control

-- min_group_size(): the smallest group phase_composition shows to a role
-- that is not an editor (setting prisoner_exchange.min_group_size, which
-- only a superuser can change).  Read through C so that the module, and
-- with it the setting's protection, is loaded before it is consulted.
CREATE FUNCTION prisoner_exchange.min_group_size()
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'pe_min_group_size'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prisoner_exchange.min_group_size() IS
'The smallest group phase_composition shows to readers (setting prisoner_exchange.min_group_size, default 5, superuser only)';

-- Whether the current role sees every group of phase_composition: a
-- superuser, or a member of prisoner_exchange_editor once setup_roles()
-- has made it.  Before that no role of that name exists, and nobody else
-- is an editor.
CREATE FUNCTION prisoner_exchange.sees_every_group()
RETURNS pg_catalog.bool
LANGUAGE sql STABLE PARALLEL SAFE
RETURN EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r
			   WHERE r.rolname = CURRENT_USER AND r.rolsuper)
	OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r
			   WHERE r.rolname = 'prisoner_exchange_editor'
				 AND pg_catalog.pg_has_role(r.oid, 'MEMBER'));
COMMENT ON FUNCTION prisoner_exchange.sees_every_group() IS
'True for a superuser or a member of prisoner_exchange_editor: phase_composition then shows every group, however small';

-- Who came home in each phase, in total and by service, category and
-- place, from the registry; ages at the date of the phase.  Counts only,
-- no names.  For a role that is not an editor, disclosure control (1.3):
--  * primary suppression: a group smaller than min_group_size() is hidden;
--  * complementary suppression: within each breakdown of a phase, more
--    groups are hidden, smallest first, until the hidden ones together
--    could each hold min_group_size() people or more (their total, less
--    one person for each of the others, reaches it).  The total minus the
--    shown groups then never isolates a hidden group nor bounds one below
--    min_group_size(), and one breakdown's groups are never sums of
--    another's;
--  * the youngest and oldest age are computed without the people of any
--    group smaller than min_group_size(), in any breakdown: no extreme
--    of a small group's member shows, not even in the total.
-- docs/disclosure-control.md gives the argument; sql/disclosure.sql tests it.
CREATE VIEW prisoner_exchange.phase_composition AS
WITH settings AS (
	SELECT prisoner_exchange.min_group_size() AS k,
		   prisoner_exchange.sees_every_group() AS sees_everything
), returned AS (
	SELECT ph.id AS phase_id,
		   COALESCE(p.service, 'unknown') AS service,
		   COALESCE(p.category, 'unknown') AS category,
		   COALESCE(p.place, 'unknown') AS place,
		   CASE
			   WHEN p.birth_date IS NOT NULL
				   THEN pg_catalog.date_part('year', pg_catalog.age(ph.exchanged_on, p.birth_date))::integer
			   WHEN p.birth_year IS NOT NULL
				   THEN pg_catalog.date_part('year', ph.exchanged_on)::integer - p.birth_year
		   END AS age
	FROM prisoner_exchange.phase AS ph
	JOIN prisoner_exchange.person AS p ON p.returned_in_phase_id = ph.id
), small AS (
	-- The groups smaller than k, in each breakdown: one pass.
	SELECT r.phase_id,
		   CASE WHEN GROUPING(r.service) = 0 THEN 'service'
				WHEN GROUPING(r.category) = 0 THEN 'category'
				WHEN GROUPING(r.place) = 0 THEN 'place' ELSE 'all' END AS dimension,
		   COALESCE(r.service, r.category, r.place, 'all') AS value
	FROM returned AS r
	GROUP BY GROUPING SETS ((r.phase_id), (r.phase_id, r.service),
							(r.phase_id, r.category), (r.phase_id, r.place))
	HAVING pg_catalog.count(*) < (SELECT s.k FROM settings AS s)
), flagged AS (
	-- Whether a person is in no small group: only then does their age count for readers.
	SELECT r.*,
		   NOT EXISTS (SELECT 1 FROM small AS m WHERE m.phase_id = r.phase_id AND m.dimension = 'all')
		   AND NOT EXISTS (SELECT 1 FROM small AS m WHERE m.phase_id = r.phase_id
							 AND m.dimension = 'service' AND m.value = r.service)
		   AND NOT EXISTS (SELECT 1 FROM small AS m WHERE m.phase_id = r.phase_id
							 AND m.dimension = 'category' AND m.value = r.category)
		   AND NOT EXISTS (SELECT 1 FROM small AS m WHERE m.phase_id = r.phase_id
							 AND m.dimension = 'place' AND m.value = r.place) AS in_clear
	FROM returned AS r
), cells AS (
	SELECT f.phase_id,
		   CASE WHEN GROUPING(f.service) = 0 THEN 'service'
				WHEN GROUPING(f.category) = 0 THEN 'category'
				WHEN GROUPING(f.place) = 0 THEN 'place' ELSE 'all' END AS dimension,
		   COALESCE(f.service, f.category, f.place, 'all') AS value,
		   pg_catalog.count(*) AS people,
		   pg_catalog.min(f.age) AS youngest_age,
		   pg_catalog.max(f.age) AS oldest_age,
		   pg_catalog.min(f.age) FILTER (WHERE f.in_clear) AS youngest_age_in_clear,
		   pg_catalog.max(f.age) FILTER (WHERE f.in_clear) AS oldest_age_in_clear,
		   pg_catalog.count(f.age) AS people_with_known_age
	FROM flagged AS f
	GROUP BY GROUPING SETS ((f.phase_id), (f.phase_id, f.service),
							(f.phase_id, f.category), (f.phase_id, f.place))
), judged AS (
	SELECT c.*,
		   c.people < s.k
		   OR (pg_catalog.bool_or(c.people < s.k) OVER breakdown
			   AND COALESCE(pg_catalog.sum(c.people) OVER smaller_first, 0)
				   - pg_catalog.count(*) OVER smaller_first + 1 < s.k) AS hidden
	FROM cells AS c
	CROSS JOIN settings AS s
	WINDOW breakdown AS (PARTITION BY c.phase_id, c.dimension),
		   smaller_first AS (PARTITION BY c.phase_id, c.dimension
							 ORDER BY c.people, c.value COLLATE "C"
							 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
)
SELECT j.phase_id,
	   a.name AS agreement_name,
	   ph.exchanged_on,
	   j.dimension,
	   j.value,
	   j.people,
	   CASE WHEN s.sees_everything THEN j.youngest_age ELSE j.youngest_age_in_clear END AS youngest_age,
	   CASE WHEN s.sees_everything THEN j.oldest_age ELSE j.oldest_age_in_clear END AS oldest_age,
	   j.people_with_known_age
FROM judged AS j
CROSS JOIN settings AS s
JOIN prisoner_exchange.phase AS ph ON ph.id = j.phase_id
JOIN prisoner_exchange.agreement AS a ON a.id = ph.agreement_id
WHERE s.sees_everything OR NOT j.hidden;

COMMENT ON VIEW prisoner_exchange.phase_composition IS
'For each phase, the registry''s people it brought home, in total and by service, category and place, with the youngest and oldest age; counts only, no names; for readers, small groups and the groups that would reveal them by subtraction are hidden, and no age of a small group''s member is used';

COMMENT ON COLUMN prisoner_exchange.phase_composition.phase_id IS 'phase.id';
COMMENT ON COLUMN prisoner_exchange.phase_composition.agreement_name IS 'agreement.name';
COMMENT ON COLUMN prisoner_exchange.phase_composition.exchanged_on IS 'Date of the phase';
COMMENT ON COLUMN prisoner_exchange.phase_composition.dimension IS 'all, service, category or place';
COMMENT ON COLUMN prisoner_exchange.phase_composition.value IS 'The service, category or place (unknown where the registry has none); all for the total';
COMMENT ON COLUMN prisoner_exchange.phase_composition.people IS 'People of the registry brought home by the phase';
COMMENT ON COLUMN prisoner_exchange.phase_composition.youngest_age IS 'Age of the youngest on the day of the phase (years), among those with a known birth date or year; for readers, leaving out the members of groups smaller than min_group_size()';
COMMENT ON COLUMN prisoner_exchange.phase_composition.oldest_age IS 'Age of the oldest on the day of the phase (years); for readers, leaving out the members of groups smaller than min_group_size()';
COMMENT ON COLUMN prisoner_exchange.phase_composition.people_with_known_age IS 'How many of them have a known birth date or year';
