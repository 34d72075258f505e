/*
 * fuzz_phase_text.c: libFuzzer harness for the exchange_phase text parser.
 *
 * Any bytes, of any length, with NULs anywhere, are either refused with a
 * reason or read as a value that prints canonically and reads back the
 * same ("?" and "130+" included): anything else aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "phase_core.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	PhaseCounts counts;
	PhaseCounts again;
	PhaseParseError error;
	char		text[PE_FORMAT_BUFSIZE];
	size_t		length;

	if (!pe_parse_counts((const char *) data, size, &counts, &error))
	{
		if (error.status == PE_PARSE_OK || error.offset > size ||
			error.offset + error.length > size)
			abort();
		return 0;
	}
	length = pe_format_counts(counts, text);
	if (length != strlen(text) || length >= PE_FORMAT_BUFSIZE)
		abort();
	if (!pe_parse_counts(text, length, &again, &error) ||
		again.side_a != counts.side_a || again.side_b != counts.side_b)
		abort();
	if (pe_compare_counts(counts, again) != 0 ||
		pe_counts_fit_within(counts, again) !=
		(pe_counts_complete(counts) ? PE_TRUE : PE_UNKNOWN))
		abort();
	return 0;
}
