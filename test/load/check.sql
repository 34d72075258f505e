-- check.sql: after the load, the invariants; every line must say true.
\pset footer off
SELECT 'no agreement over its quota' AS invariant,
       count(*) = 0 AS holds
FROM (SELECT agreement_id, prisoner_exchange.sum(counts) AS total FROM prisoner_exchange.phase GROUP BY agreement_id) AS t
JOIN prisoner_exchange.agreement AS a ON a.id = t.agreement_id
WHERE NOT t.total OPERATOR(prisoner_exchange.<@) a.quota
UNION ALL
SELECT 'every phase keeps 1:1', count(*) = 0
FROM prisoner_exchange.phase WHERE NOT prisoner_exchange.is_balanced(counts)
UNION ALL
SELECT 'every recorded phase is there',
       (SELECT count(*) FROM prisoner_exchange.phase WHERE exchanged_on = '2025-06-01')
       = (SELECT count(*) FROM load_outcome WHERE outcome = 'recorded')
UNION ALL
SELECT 'agreement_progress agrees with a plain recount', count(*) = 0
FROM prisoner_exchange.agreement_progress AS v
JOIN (SELECT agreement_id, sum(prisoner_exchange.side_a(counts)) AS a, sum(prisoner_exchange.side_b(counts)) AS b,
             count(*) AS n
      FROM prisoner_exchange.phase GROUP BY agreement_id) AS r ON r.agreement_id = v.agreement_id
WHERE v.returned_side_a <> r.a OR v.returned_side_b <> r.b OR v.phase_count <> r.n
UNION ALL
SELECT 'phase_progress ends where agreement_progress is', count(*) = 0
FROM prisoner_exchange.agreement_progress AS v
JOIN (SELECT DISTINCT ON (agreement_id) agreement_id, cumulative_total FROM prisoner_exchange.phase_progress
      ORDER BY agreement_id, phase_number DESC) AS p ON p.agreement_id = v.agreement_id
WHERE p.cumulative_total <> v.returned_total;

SELECT outcome, count(*) AS transactions FROM load_outcome GROUP BY outcome ORDER BY outcome;
SELECT agreement_id,
       prisoner_exchange.exchange_phase(returned_side_a, returned_side_b) AS returned,
       prisoner_exchange.exchange_phase(remaining_side_a, remaining_side_b) AS remaining, status
FROM prisoner_exchange.agreement_progress ORDER BY agreement_id;
