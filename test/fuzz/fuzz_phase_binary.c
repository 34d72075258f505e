/*
 * fuzz_phase_binary.c: libFuzzer harness for the exchange_phase binary
 * (send/receive) format.  A value is accepted only from exactly 8 bytes
 * with both counts non-negative, and then encodes back to the same bytes;
 * arithmetic on accepted values never leaves the valid range.
 */
#include <stdlib.h>
#include <string.h>

#include "phase_core.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	PhaseCounts counts;
	PhaseCounts other;
	PhaseCounts result;
	unsigned char wire[PE_WIRE_SIZE];

	if (!pe_decode_counts(data, size, &counts))
	{
		if (size == PE_WIRE_SIZE && !(data[0] & 0x80) && !(data[4] & 0x80))
			abort();			/* a valid value was refused */
		if (size == PE_WIRE_SIZE)
		{
			/* A refused value is given back as sent, for the message. */
			pe_encode_counts(counts, wire);
			if (memcmp(wire, data, PE_WIRE_SIZE) != 0)
				abort();
		}
		return 0;
	}
	if (size != PE_WIRE_SIZE || !pe_counts_valid(counts))
		abort();
	pe_encode_counts(counts, wire);
	if (memcmp(wire, data, PE_WIRE_SIZE) != 0)
		abort();

	/* Subtraction of a value from itself, and balance against 1:1. */
	other = counts;
	if (!pe_subtract_counts(counts, other, &result) || result.side_a != 0 || result.side_b != 0)
		abort();
	if (pe_balance(counts, (PhaseCounts) {1, 1}) != (int64_t) counts.side_a - counts.side_b)
		abort();
	return 0;
}
