--
-- phase_copy: COPY round trips in text and binary, and the binary wire format
--
SET search_path = prisoner_exchange, public;

-- The wire format is pinned: side A then side B, each a big-endian int4.
SELECT exchange_phase_send('390:307'), exchange_phase_send('0:2147483647');

CREATE TEMP TABLE copy_source (id int, counts exchange_phase);
INSERT INTO copy_source VALUES
    (1, '390:390'), (2, '307:307'), (3, '303:303'), (4, NULL), (5, '0:0'),
    (6, '2147483647:2147483647'), (7, '1:9');
CREATE TEMP TABLE copy_target (LIKE copy_source);

-- Text.
\copy copy_source TO 'results/phase_copy.txt'
\copy copy_target FROM 'results/phase_copy.txt'
SELECT count(*) AS differences FROM copy_source s FULL JOIN copy_target t USING (id)
WHERE s.counts IS DISTINCT FROM t.counts;

-- Binary.
TRUNCATE copy_target;
\copy copy_source TO 'results/phase_copy.bin' WITH (FORMAT binary)
\copy copy_target FROM 'results/phase_copy.bin' WITH (FORMAT binary)
SELECT count(*) AS differences FROM copy_source s FULL JOIN copy_target t USING (id)
WHERE s.counts IS DISTINCT FROM t.counts;
SELECT * FROM copy_target ORDER BY id;

-- An int8 column has the same 8-byte size: every 8 bytes read as a phase.
-- A half with its top bit set is a count not published or a lower bound
-- (1.5): -1 is "?", -1 - N is "at least N".
CREATE TEMP TABLE wire_int8 (id int, raw int8);
INSERT INTO wire_int8 VALUES (1, (390::int8 << 32) | 307);
\copy wire_int8 TO 'results/phase_wire_ok.bin' WITH (FORMAT binary)
TRUNCATE copy_target;
\copy copy_target FROM 'results/phase_wire_ok.bin' WITH (FORMAT binary)
SELECT * FROM copy_target;

TRUNCATE wire_int8, copy_target;
INSERT INTO wire_int8 VALUES (1, -1), (2, (390::int8 << 32) | 2147483648::int8),
	(3, ((-131)::int8 << 32) | 4294967295::int8);
\copy wire_int8 TO 'results/phase_wire_bounds.bin' WITH (FORMAT binary)
\copy copy_target FROM 'results/phase_wire_bounds.bin' WITH (FORMAT binary)
SELECT id, counts, prisoner_exchange.side_a(counts), prisoner_exchange.side_a_at_least(counts),
	   prisoner_exchange.side_b(counts), prisoner_exchange.side_b_at_least(counts)
FROM copy_target ORDER BY id;
-- And they go back out as they came in.
\copy copy_target TO 'results/phase_wire_bounds_out.bin' WITH (FORMAT binary)
TRUNCATE wire_int8;
\copy wire_int8 FROM 'results/phase_wire_bounds_out.bin' WITH (FORMAT binary)
SELECT * FROM wire_int8 ORDER BY id;
TRUNCATE copy_target;

-- A field of the wrong size (4 or 16 bytes) is refused too.
CREATE TEMP TABLE wire_int4 (id int, raw int4);
INSERT INTO wire_int4 VALUES (1, 390);
\copy wire_int4 TO 'results/phase_wire_short.bin' WITH (FORMAT binary)
\copy copy_target FROM 'results/phase_wire_short.bin' WITH (FORMAT binary)
CREATE TEMP TABLE wire_uuid (id int, raw uuid);
INSERT INTO wire_uuid VALUES (1, '00000186-0000-0186-0000-000000000000');
\copy wire_uuid TO 'results/phase_wire_long.bin' WITH (FORMAT binary)
\copy copy_target FROM 'results/phase_wire_long.bin' WITH (FORMAT binary)

-- psql does not record the SQLSTATE of a failed \copy: show it instead.
\set VERBOSITY sqlstate
\copy copy_target FROM 'results/phase_wire_short.bin' WITH (FORMAT binary)
\copy copy_target FROM 'results/phase_wire_long.bin' WITH (FORMAT binary)
\set VERBOSITY default

-- Nothing of the failed loads was written.
SELECT count(*) AS rows_after_failed_loads FROM copy_target;
