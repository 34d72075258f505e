--
-- phase_functions: constructor, accessors, arithmetic, fits-within, balance
--
SET search_path = prisoner_exchange, public;
SET datestyle = ISO;
\set sqlstate '\\echo SQLSTATE: :LAST_ERROR_SQLSTATE'

-- The May 2025 exchange agreed in Istanbul: 1,000 for 1,000 in three phases.
CREATE TEMP TABLE may_2025 (exchanged_on date, counts exchange_phase);
INSERT INTO may_2025 VALUES
    ('2025-05-23', '390:390'), ('2025-05-24', '307-for-307'), ('2025-05-25', '303 for 303');

SELECT exchanged_on, counts, side_a(counts), side_b(counts), total(counts),
       balance(counts), is_balanced(counts)
FROM may_2025 ORDER BY exchanged_on;

-- What is left of the quota after each phase.
SELECT exchanged_on,
       sum(counts) OVER w AS returned_so_far,
       '1,000-for-1,000'::exchange_phase - sum(counts) OVER w AS quota_left,
       sum(counts) OVER w <@ '1000:1000' AS within_quota
FROM may_2025 WINDOW w AS (ORDER BY exchanged_on) ORDER BY exchanged_on;

-- Constructor.
SELECT exchange_phase(390, 307), exchange_phase(0, 0), exchange_phase(2147483647, 0);
SELECT exchange_phase(-1, 5);
:sqlstate
SELECT exchange_phase(5, -2147483648);
:sqlstate
SELECT exchange_phase(NULL, 5) IS NULL AS strict_null;

-- total is a bigint: the largest value does not overflow it.
SELECT total('2147483647:2147483647'), pg_typeof(total('1:1'));

-- Addition and subtraction side by side; errors, never wrap-around.
SELECT '390:390'::exchange_phase + '307:307', '1000:1000'::exchange_phase - '697:697';
SELECT '2147483647:0'::exchange_phase + '0:2147483647', '1073741823:1' + '1073741824:2147483646'::exchange_phase;
SELECT '2147483647:0'::exchange_phase + '1:0';
:sqlstate
SELECT '0:2147483000'::exchange_phase + '0:1000';
:sqlstate
SELECT '303:303'::exchange_phase - '390:390';
:sqlstate
SELECT '303:400'::exchange_phase - '300:401';
:sqlstate
SELECT '5:5'::exchange_phase + NULL IS NULL AS null_plus;

-- Fits within: each side no larger.
SELECT a, b, a <@ b AS a_fits_b, b @> a AS b_has_room_for_a
FROM (VALUES ('390:390'::exchange_phase, '1000:1000'::exchange_phase),
             ('1000:1000', '1000:1000'),
             ('1001:0', '1000:1000'),
             ('0:1001', '1000:1000'),
             ('5:1', '1:5')) AS v(a, b);

-- A quota written as a CHECK constraint.
CREATE TEMP TABLE quota_check (counts exchange_phase CHECK (counts <@ '1000:1000'));
INSERT INTO quota_check VALUES ('390:390');
INSERT INTO quota_check VALUES ('1001:1');
:sqlstate

-- Balance: 0 when kept, positive when side A received more than its share.
SELECT p, ratio, balance(p, ratio), is_balanced(p, ratio)
FROM (VALUES ('390:390'::exchange_phase, '1:1'::exchange_phase),
             ('5:1', '1:1'),
             ('1:9', '1:1'),
             ('50:150', '1:3'),
             ('50:149', '1:3'),
             ('51:150', '1:3'),
             ('0:0', '1:3'),
             ('2147483647:0', '1:2147483647'),
             ('0:2147483647', '2147483647:1')) AS v(p, ratio);

-- The default ratio is 1:1.
SELECT balance('10:7'), is_balanced('10:10'), is_balanced('10:7');

-- A ratio with a zero side means nothing.
SELECT balance('1:1', '0:1');
:sqlstate
SELECT is_balanced('1:1', '3:0');
:sqlstate
SELECT balance('1:1', NULL) IS NULL AS strict_null;
