/*
 * fuzz_phase_binary.c: libFuzzer harness for the exchange_phase binary
 * (send/receive) format.  Exactly 8 bytes are always a value (a negative
 * side is a lower bound), which encodes back to the same bytes; any other
 * length is refused.  On every value the arithmetic keeps its promises:
 * x - x is 0:0 when x is complete and refused otherwise, x + 0:0 is x,
 * x compares equal to itself and fits within itself exactly when complete.
 */
#include <stdlib.h>
#include <string.h>

#include "phase_core.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	PhaseCounts counts;
	PhaseCounts result;
	PhaseCounts zero = {0, 0};
	unsigned char wire[PE_WIRE_SIZE];
	char		text[PE_FORMAT_BUFSIZE];
	PhaseCounts reread;
	PhaseParseError error;
	PhaseTruth	fits;

	if (!pe_decode_counts(data, size, &counts))
	{
		if (size == PE_WIRE_SIZE)
			abort();			/* every 8 bytes are a value */
		return 0;
	}
	if (size != PE_WIRE_SIZE)
		abort();
	pe_encode_counts(counts, wire);
	if (memcmp(wire, data, PE_WIRE_SIZE) != 0)
		abort();

	/* The text form reads back as the same value. */
	if (!pe_parse_counts(text, pe_format_counts(counts, text), &reread, &error) ||
		reread.side_a != counts.side_a || reread.side_b != counts.side_b)
		abort();

	if (pe_subtract_counts(counts, counts, &result) != pe_counts_complete(counts))
		abort();
	if (pe_counts_complete(counts) && (result.side_a != 0 || result.side_b != 0))
		abort();
	if (!pe_add_sides(counts.side_a, zero.side_a, &result.side_a) ||
		!pe_add_sides(counts.side_b, zero.side_b, &result.side_b) ||
		result.side_a != counts.side_a || result.side_b != counts.side_b)
		abort();
	if (pe_compare_counts(counts, counts) != 0)
		abort();
	fits = pe_counts_fit_within(counts, counts);
	if (fits != (pe_counts_complete(counts) ? PE_TRUE : PE_UNKNOWN))
		abort();
	if (pe_counts_complete(counts) &&
		pe_balance(counts, (PhaseCounts) {1, 1}) != (int64_t) counts.side_a - counts.side_b)
		abort();
	return 0;
}
