-- sql/install/25_remains.sql: the remains of the dead, handed over beside the living

------------------------------------------------------------------------
-- Remains (1.4)
------------------------------------------------------------------------
-- Sides hand over the bodies of the dead as well as living people: in
-- June 2025, 6,057 bodies to Ukraine and 78 to Russia.  They belong in
-- the same record, and must never be counted as people returned alive:
-- they have a table of their own, outside phase and its rules, and a view
-- that reports them beside the living.  A transfer is attached to a phase,
-- or to an agreement, or to neither (a repatriation under no agreement).
-- A number not published stays NULL: unknown, not zero.

CREATE TABLE prisoner_exchange.remains_transfer (
	id bigserial PRIMARY KEY,
	agreement_id bigint REFERENCES prisoner_exchange.agreement (id),
	phase_id bigint REFERENCES prisoner_exchange.phase (id),
	transferred_on date NOT NULL,
	to_side text NOT NULL CHECK (to_side <> ''),
	from_side text NOT NULL CHECK (from_side <> ''),
	bodies integer CHECK (bodies >= 0),
	place text,
	source text,
	notes text,
	CONSTRAINT remains_transfer_sides_differ CHECK (to_side <> from_side),
	CONSTRAINT remains_transfer_one_parent CHECK (pg_catalog.num_nonnulls(agreement_id, phase_id) <= 1)
);

COMMENT ON TABLE prisoner_exchange.remains_transfer IS
'A handover of the remains of the dead from one side to the other, under a phase, an agreement or neither; never counted as people returned alive';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.id IS 'Surrogate key';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.agreement_id IS 'The agreement it was carried out under, when it is not attached to a phase; NULL with phase_id NULL: under no agreement';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.phase_id IS 'The phase it was part of, if any (the agreement is then the phase''s)';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.transferred_on IS 'Date of the handover';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.to_side IS 'The side that received the remains (e.g. Ukraine)';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.from_side IS 'The side that handed them over';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.bodies IS 'Number of bodies handed over; NULL when not published (unknown, not zero)';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.place IS 'Handover place';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.source IS 'Public source of the figure (URL or citation)';
COMMENT ON COLUMN prisoner_exchange.remains_transfer.notes IS 'Free-text notes';

CREATE INDEX remains_transfer_agreement ON prisoner_exchange.remains_transfer (agreement_id);
CREATE INDEX remains_transfer_phase ON prisoner_exchange.remains_transfer (phase_id);

SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.remains_transfer', '');
SELECT pg_catalog.pg_extension_config_dump('prisoner_exchange.remains_transfer_id_seq', '');

-- Per agreement (NULL: under none) and receiving side: the remains handed
-- over, the published numbers summed into a lower bound, the handovers
-- whose number was not published counted apart, and, beside them, the
-- people returned alive to that side under the same agreement.
CREATE VIEW prisoner_exchange.remains_returned AS
SELECT r.agreement_id,
	   a.name AS agreement_name,
	   r.to_side AS receiving_side,
	   r.from_side AS handing_side,
	   r.transfers,
	   r.transfers_unpublished,
	   r.bodies_published AS bodies_at_least,
	   r.transfers_unpublished = 0 AS bodies_complete,
	   r.first_transferred_on,
	   r.last_transferred_on,
	   CASE WHEN a.id IS NULL THEN NULL
			WHEN r.to_side = a.side_a THEN prisoner_exchange.side_a(alive.returned)
			WHEN r.to_side = a.side_b THEN prisoner_exchange.side_b(alive.returned)
			ELSE 0 END::bigint AS returned_alive,
	   CASE WHEN a.id IS NULL THEN NULL
			WHEN r.to_side = a.side_a THEN prisoner_exchange.side_a_at_least(alive.returned)
			WHEN r.to_side = a.side_b THEN prisoner_exchange.side_b_at_least(alive.returned)
			ELSE 0 END::bigint AS returned_alive_at_least
FROM (
	SELECT COALESCE(t.agreement_id, ph.agreement_id) AS agreement_id,
		   t.to_side, t.from_side,
		   pg_catalog.count(*) AS transfers,
		   pg_catalog.count(*) FILTER (WHERE t.bodies IS NULL) AS transfers_unpublished,
		   COALESCE(pg_catalog.sum(t.bodies), 0) AS bodies_published,
		   pg_catalog.min(t.transferred_on) AS first_transferred_on,
		   pg_catalog.max(t.transferred_on) AS last_transferred_on
	FROM prisoner_exchange.remains_transfer AS t
	LEFT JOIN prisoner_exchange.phase AS ph ON ph.id = t.phase_id
	GROUP BY 1, 2, 3
) AS r
LEFT JOIN prisoner_exchange.agreement AS a ON a.id = r.agreement_id
LEFT JOIN LATERAL (
	SELECT COALESCE(prisoner_exchange.sum(p.counts), '0:0') AS returned
	FROM prisoner_exchange.phase AS p
	WHERE p.agreement_id = a.id
) AS alive ON a.id IS NOT NULL;

COMMENT ON VIEW prisoner_exchange.remains_returned IS
'Remains of the dead handed over, per agreement (NULL: under none) and receiving side, beside the people returned alive; never added into them';
COMMENT ON COLUMN prisoner_exchange.remains_returned.agreement_id IS 'agreement.id; NULL for handovers under no agreement';
COMMENT ON COLUMN prisoner_exchange.remains_returned.agreement_name IS 'agreement.name; NULL under no agreement';
COMMENT ON COLUMN prisoner_exchange.remains_returned.receiving_side IS 'The side that received the remains';
COMMENT ON COLUMN prisoner_exchange.remains_returned.handing_side IS 'The side that handed them over';
COMMENT ON COLUMN prisoner_exchange.remains_returned.transfers IS 'Handovers recorded';
COMMENT ON COLUMN prisoner_exchange.remains_returned.transfers_unpublished IS 'Handovers whose number of bodies was not published';
COMMENT ON COLUMN prisoner_exchange.remains_returned.bodies_at_least IS 'Sum of the published numbers: the whole number when bodies_complete, a lower bound otherwise';
COMMENT ON COLUMN prisoner_exchange.remains_returned.bodies_complete IS 'true when every handover''s number was published, so bodies_at_least is the number';
COMMENT ON COLUMN prisoner_exchange.remains_returned.first_transferred_on IS 'Date of the first handover';
COMMENT ON COLUMN prisoner_exchange.remains_returned.last_transferred_on IS 'Date of the latest handover';
COMMENT ON COLUMN prisoner_exchange.remains_returned.returned_alive IS 'People returned alive to the receiving side under the same agreement, for comparison (never including the remains); NULL under no agreement, or when a count was not published';
COMMENT ON COLUMN prisoner_exchange.remains_returned.returned_alive_at_least IS 'What is known of the people returned alive to the receiving side under the same agreement: returned_alive, or its lower bound when a count was not published';
