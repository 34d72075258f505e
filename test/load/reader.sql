\set agreement random(1, 5)
SELECT count(*), sum(returned_total) FROM prisoner_exchange.agreement_progress;
SELECT max(cumulative_total) FROM prisoner_exchange.phase_progress WHERE agreement_id = :agreement;
