/*-------------------------------------------------------------------------
 *
 * exchange_phase.h
 *	  How an exchange_phase travels through the function manager.
 *
 * The value is passed by value in one 8-byte Datum: side A in the high
 * 32 bits, side B in the low 32 bits.  That is the in-memory and on-disk
 * representation, frozen once rows exist.  The binary wire format is
 * separate and endian-independent (see pe_encode_counts).
 *
 *-------------------------------------------------------------------------
 */
#ifndef EXCHANGE_PHASE_H
#define EXCHANGE_PHASE_H

#include "postgres.h"

#include "fmgr.h"

#include "phase_core.h"

#if SIZEOF_DATUM != 8
#error "exchange_phase is passed by value and needs an 8-byte Datum"
#endif

static inline Datum
ExchangePhaseGetDatum(PhaseCounts counts)
{
	return (Datum) (((uint64) (uint32) counts.side_a << 32) |
					(uint64) (uint32) counts.side_b);
}

static inline PhaseCounts
DatumGetExchangePhase(Datum datum)
{
	PhaseCounts counts;

	counts.side_a = (int32) (uint32) ((uint64) datum >> 32);
	counts.side_b = (int32) (uint32) ((uint64) datum & 0xFFFFFFFF);
	return counts;
}

#define PG_GETARG_EXCHANGE_PHASE(n)	DatumGetExchangePhase(PG_GETARG_DATUM(n))
#define PG_RETURN_EXCHANGE_PHASE(x)	return ExchangePhaseGetDatum(x)

#endif							/* EXCHANGE_PHASE_H */
