-- demo.sql: the exchange_phase type at work on the May 2025 exchange.
-- Run by 'make demo' on a throwaway cluster; runs as is in any database
-- where the extension is installed (it only creates temporary tables).
\set ON_ERROR_STOP on
\pset footer off
SET search_path = prisoner_exchange, pg_catalog;
SET datestyle = ISO;

\echo
\echo 'The May 2025 exchange: agreed in Istanbul on 16 May, "1,000 for 1,000",'
\echo 'side A = Ukraine, side B = Russia.  Each row is one handover.'
CREATE TEMP TABLE may_2025_phase (exchanged_on date PRIMARY KEY, counts exchange_phase NOT NULL);
INSERT INTO may_2025_phase VALUES
    ('2025-05-23', '390-for-390'),
    ('2025-05-24', '307 for 307'),
    ('2025-05-25', '303:303');

\echo
\echo 'Phase by phase: is it balanced 1:1, and what is left of the quota?'
SELECT exchanged_on AS phase_date,
       counts AS returned,
       side_a(counts) AS to_ukraine,
       side_b(counts) AS to_russia,
       CASE WHEN is_balanced(counts) THEN 'yes' ELSE 'no, off by ' || balance(counts) END AS balanced_1_to_1,
       sum(counts) OVER upto AS returned_so_far,
       '1,000-for-1,000'::exchange_phase - sum(counts) OVER upto AS quota_left
FROM may_2025_phase
WINDOW upto AS (ORDER BY exchanged_on)
ORDER BY exchanged_on;

\echo 'All three phases together:'
SELECT sum(counts) AS returned_in_total,
       total(sum(counts)) AS people_home,
       is_balanced(sum(counts)) AS balanced_overall,
       sum(counts) = '1000:1000' AS quota_fulfilled
FROM may_2025_phase;

\echo 'A phase that would overrun the quota is refused by a plain CHECK:'
CREATE TEMP TABLE quota_guard (counts exchange_phase CHECK (counts <@ '1000:1000'));
\set ON_ERROR_STOP off
INSERT INTO quota_guard SELECT sum(counts) + '1:1' FROM may_2025_phase;
\set ON_ERROR_STOP on

\echo
\echo 'Other ratios: the November 2023 Gaza truce exchanged 1 hostage for 3 prisoners.'
\echo 'First day, 24 November 2023 (side A = hostages released, side B = prisoners):'
SELECT '24:39'::exchange_phase AS returned,
       is_balanced('24:39', '1:3') AS balanced_1_to_3,
       balance('24:39', '1:3') AS balance_1_to_3;
\echo 'Positive: side A received more than its 1:3 share.  The 24 included 10 Thai'
\echo 'nationals and 1 Filipino released outside the deal; the deal part, 13 Israeli'
\echo 'hostages for 39 prisoners, keeps 1:3 exactly:'
SELECT '13:39'::exchange_phase AS deal_part, is_balanced('13:39', '1:3') AS balanced_1_to_3;
