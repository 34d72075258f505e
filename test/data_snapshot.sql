-- data_snapshot.sql: every view and table of the extension, in a stable
-- order, as text, for comparing one database with another (dump and
-- restore, upgrade).  Used by test/dump_restore.sh and test/upgrade.sh.
SET search_path = prisoner_exchange;
SELECT 'agreement_progress', * FROM agreement_progress ORDER BY agreement_id;
SELECT 'phase_progress', * FROM phase_progress ORDER BY agreement_id, phase_number;
SELECT 'captive_ratios', * FROM captive_ratios ORDER BY estimate_id;
SELECT 'agreement_coverage', * FROM agreement_coverage
    ORDER BY agreement_id, receiving_side COLLATE "C", category COLLATE "C";
SELECT 'agreement', * FROM agreement ORDER BY id;
SELECT 'phase', * FROM phase ORDER BY id;
SELECT 'captive_estimate', * FROM captive_estimate ORDER BY id;
SELECT 'list_reconciliation', * FROM list_reconciliation ORDER BY entry_id;
SELECT 'phase_composition', * FROM phase_composition
    ORDER BY phase_id, dimension COLLATE "C", value COLLATE "C";
SELECT 'person', * FROM person ORDER BY id;
