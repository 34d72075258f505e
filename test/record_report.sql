-- record_report.sql: the report over the public record (data/record/),
-- the end of 'make demo'.  Run after data/record/load.sql.
\set ON_ERROR_STOP on
\pset footer off
SET search_path = prisoner_exchange, pg_catalog;
SET datestyle = ISO;

\echo
\echo '9. The public record, 2022 to 2025: exchanges per year (side A / side B as each agreement names them;'
\echo '   "at least" where a count in the sum was not published)'
\echo '----------------------------------------------------------------'
-- What is known, and whether it is the whole figure: the sum of
-- exchange_phase marks a side with an unknown in it as a lower bound.
SELECT a.notes AS conflict, date_part('year', p.exchanged_on)::int AS year, count(*) AS phases,
       CASE WHEN side_a(sum(p.counts)) IS NULL THEN 'at least ' ELSE '' END
       || side_a_at_least(sum(p.counts)) AS returned_to_side_a,
       CASE WHEN side_b(sum(p.counts)) IS NULL THEN 'at least ' ELSE '' END
       || side_b_at_least(sum(p.counts)) AS returned_to_side_b
FROM phase AS p JOIN agreement AS a ON a.id = p.agreement_id
GROUP BY 1, 2 ORDER BY 1, 2;

\echo 'People returned per side, whole record:'
SELECT a.notes AS conflict, a.side_a,
       CASE WHEN side_a(sum(p.counts)) IS NULL THEN 'at least ' ELSE '' END
       || side_a_at_least(sum(p.counts)) AS returned_to_a,
       a.side_b,
       CASE WHEN side_b(sum(p.counts)) IS NULL THEN 'at least ' ELSE '' END
       || side_b_at_least(sum(p.counts)) AS returned_to_b
FROM phase AS p JOIN agreement AS a ON a.id = p.agreement_id
GROUP BY 1, 2, 4 ORDER BY 1, total_at_least(sum(p.counts)) DESC;

\echo 'The ten largest exchanges:'
SELECT p.exchanged_on, a.name AS agreement, p.counts, total(p.counts) AS people
FROM phase AS p JOIN agreement AS a ON a.id = p.agreement_id
ORDER BY total_at_least(p.counts) DESC, p.exchanged_on LIMIT 10;

\echo 'The phases that did not keep their agreement''s ratio (balance > 0: side A received more):'
SELECT pp.exchanged_on, pp.agreement_name AS agreement,
       exchange_phase(pp.returned_side_a, pp.returned_side_b) AS counts,
       ap.ratio_side_a || ':' || ap.ratio_side_b AS ratio, pp.balance
FROM phase_progress AS pp
JOIN agreement_progress AS ap ON ap.agreement_id = pp.agreement_id
WHERE NOT pp.keeps_ratio
ORDER BY pp.exchanged_on, pp.agreement_name;

\echo 'Exchanges whose counts were not published ("?" in the phases: unknown is not'
\echo 'zero); what is known of them, per side, is a lower bound:'
SELECT a.notes AS conflict,
       CASE WHEN side_a(p.counts) IS NULL AND side_b(p.counts) IS NULL THEN 'neither side published'
            WHEN side_b(p.counts) IS NULL THEN 'only side A published'
            ELSE 'only side B published' END AS published,
       count(*) AS exchanges,
       a.side_a, CASE WHEN bool_or(side_a(p.counts) IS NOT NULL)
                      THEN 'at least ' || sum(side_a_at_least(p.counts)) ELSE 'unknown' END AS returned_to_a,
       a.side_b, CASE WHEN bool_or(side_b(p.counts) IS NOT NULL)
                      THEN 'at least ' || sum(side_b_at_least(p.counts)) ELSE 'unknown' END AS returned_to_b
FROM phase AS p JOIN agreement AS a ON a.id = p.agreement_id
WHERE NOT is_complete(p.counts)
GROUP BY 1, 2, 4, 6 ORDER BY 1, 2, 4;

\echo 'Remains of the dead handed over (never added to the people returned; "at least" where'
\echo 'a handover''s number was not published):'
SELECT receiving_side, handing_side, transfers, transfers_unpublished AS unpublished,
       CASE WHEN bodies_complete THEN bodies_at_least::text ELSE 'at least ' || bodies_at_least END AS bodies,
       first_transferred_on AS first, last_transferred_on AS last
FROM prisoner_exchange.remains_returned ORDER BY receiving_side DESC;

\echo 'The running totals officials published, against the record''s figure of the same side, scope and'
\echo 'date (difference > 0: the record falls short), each gap with its stated reason:'
SELECT returned_to, as_of, scope, bound, figure,
       CASE WHEN record_complete THEN record_at_least::text ELSE 'at least ' || record_at_least END AS record,
       difference, record_agrees AS agrees, gap_reason
FROM published_total_check ORDER BY returned_to, as_of, scope;
