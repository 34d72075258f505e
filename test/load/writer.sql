\set agreement random(1, 5)
\set n random(1, 3)
\set off random(0, 9)
SELECT record_phase(:agreement, :n, :n + CASE WHEN :off = 0 THEN 1 ELSE 0 END);
