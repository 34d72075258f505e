/*-------------------------------------------------------------------------
 *
 * phase_core.c
 *	  Parsing, formatting and arithmetic of exchange_phase values, free of
 *	  any server dependency (see phase_core.h for why).
 *
 * The text grammar, with white space meaning ASCII space, tab, newline,
 * carriage return, vertical tab and form feed:
 *
 *	  input     := ws* side separator side ws*
 *	  side      := count | count "+" | "?"
 *	  count     := digit+ | digit{1,3} ("," digit{3})+    (ASCII digits)
 *	  separator := ws* ":" ws* | "-for-" | ws+ "for" ws+  ("for" in any case)
 *
 * "?" is a count that was not published; "130+" one published only as a
 * lower bound (at least 130).  "0+" means the same as "?" and is written
 * so on output.
 *
 * The grammar is deliberately closed: anything a person might mean in
 * more than one way ("5-3", "1.5:1", "1e3:1") is refused rather than
 * guessed at, because a misread count in an exchange is worse than an
 * error message.
 *
 *-------------------------------------------------------------------------
 */
#include "phase_core.h"

static inline bool
is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\v' || c == '\f';
}

static inline bool
is_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline char
ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

static size_t
skip_space(const char *input, size_t len, size_t pos)
{
	while (pos < len && is_ascii_space(input[pos]))
		pos++;
	return pos;
}

static bool
matches_for(const char *input, size_t len, size_t pos)
{
	return pos + 3 <= len &&
		ascii_lower(input[pos]) == 'f' &&
		ascii_lower(input[pos + 1]) == 'o' &&
		ascii_lower(input[pos + 2]) == 'r';
}

static bool
fail(PhaseParseError *error, PhaseParseStatus status,
	 size_t offset, size_t length)
{
	error->status = status;
	error->offset = offset;
	error->length = length;
	return false;
}

/*
 * Accumulate a run of digits from *pos into *value, saturating: once past
 * the range, further digits are consumed but not added.
 */
static void
accumulate_digits(const char *input, size_t len, size_t *pos,
				  uint64_t *value, bool *overflow)
{
	size_t		p = *pos;

	while (p < len && is_ascii_digit(input[p]))
	{
		if (!*overflow)
		{
			*value = *value * 10 + (uint64_t) (input[p] - '0');
			if (*value > PE_COUNT_MAX)
				*overflow = true;
		}
		p++;
	}
	*pos = p;
}

/*
 * Read one count starting at *pos.  Digits beyond the range are still
 * consumed (saturating), so that the error can name the whole number
 * however long it is, in time linear in its length.
 */
static bool
parse_count(const char *input, size_t len, size_t *pos,
			int32_t *result, PhaseParseError *error)
{
	size_t		start = *pos;
	size_t		p = start;
	size_t		first_group;
	uint64_t	value = 0;
	bool		overflow = false;

	if (p < len && input[p] == '-' && p + 1 < len && is_ascii_digit(input[p + 1]))
	{
		p++;
		while (p < len && (is_ascii_digit(input[p]) || input[p] == ','))
			p++;
		return fail(error, PE_PARSE_NEGATIVE, start, p - start);
	}
	if (p >= len || !is_ascii_digit(input[p]))
		return fail(error, PE_PARSE_EXPECTED_COUNT, start, p < len ? 1 : 0);

	accumulate_digits(input, len, &p, &value, &overflow);
	first_group = p - start;

	if (p < len && input[p] == ',')
	{
		/* Thousands separators: "1,000" and "12,345,678", nothing looser. */
		if (first_group > 3 || input[start] == '0')
			return fail(error, PE_PARSE_BAD_GROUPING, start, p - start + 1);
		while (p < len && input[p] == ',')
		{
			size_t		group_start = ++p;

			accumulate_digits(input, len, &p, &value, &overflow);
			if (p - group_start != 3)
			{
				while (p < len && (is_ascii_digit(input[p]) || input[p] == ','))
					p++;
				return fail(error, PE_PARSE_BAD_GROUPING, start, p - start);
			}
		}
	}

	if (overflow)
		return fail(error, PE_PARSE_OUT_OF_RANGE, start, p - start);

	*result = (int32_t) value;
	*pos = p;
	return true;
}

/* A side: a count, a count with "+", or "?". */
static bool
parse_side(const char *input, size_t len, size_t *pos,
		   int32_t *result, PhaseParseError *error)
{
	size_t		p = *pos;
	int32_t		count;

	if (p < len && input[p] == '?')
	{
		/* "?5" or "?+" would mean something, but nothing we could know. */
		if (p + 1 < len && (is_ascii_digit(input[p + 1]) || input[p + 1] == '+'))
			return fail(error, PE_PARSE_BAD_UNKNOWN, p, 2);
		*result = PE_SIDE_UNPUBLISHED;
		*pos = p + 1;
		return true;
	}
	if (!parse_count(input, len, &p, &count, error))
		return false;
	if (p < len && input[p] == '+')
	{
		count = pe_side_lower_bound(count);
		p++;
	}
	*result = count;
	*pos = p;
	return true;
}

static bool
parse_separator(const char *input, size_t len, size_t *pos,
				PhaseParseError *error)
{
	size_t		start = *pos;
	size_t		p = skip_space(input, len, start);
	bool		had_space = p > start;

	if (p < len && input[p] == ':')
	{
		*pos = skip_space(input, len, p + 1);
		return true;
	}
	if (!had_space && p < len && input[p] == '-' &&
		matches_for(input, len, p + 1) &&
		p + 4 < len && input[p + 4] == '-')
	{
		*pos = p + 5;
		return true;
	}
	if (had_space && matches_for(input, len, p) &&
		p + 3 < len && is_ascii_space(input[p + 3]))
	{
		*pos = skip_space(input, len, p + 3);
		return true;
	}
	return fail(error, PE_PARSE_EXPECTED_SEPARATOR, p, p < len ? 1 : 0);
}

bool
pe_parse_counts(const char *input, size_t len,
				PhaseCounts *result, PhaseParseError *error)
{
	size_t		pos = skip_space(input, len, 0);
	PhaseCounts counts;

	if (pos == len)
		return fail(error, PE_PARSE_EMPTY, 0, 0);
	if (!parse_side(input, len, &pos, &counts.side_a, error))
		return false;
	if (!parse_separator(input, len, &pos, error))
		return false;
	if (!parse_side(input, len, &pos, &counts.side_b, error))
		return false;
	pos = skip_space(input, len, pos);
	if (pos != len)
		return fail(error, PE_PARSE_TRAILING, pos, 1);

	*result = counts;
	error->status = PE_PARSE_OK;
	error->offset = 0;
	error->length = 0;
	return true;
}

/* Writes the decimal digits of a non-negative count; returns its length. */
static size_t
format_count(int32_t count, char *buf)
{
	char		reversed[10];
	uint32_t	value = (uint32_t) count;
	size_t		n = 0;
	size_t		i;

	do
	{
		reversed[n++] = (char) ('0' + value % 10);
		value /= 10;
	} while (value != 0);
	for (i = 0; i < n; i++)
		buf[i] = reversed[n - 1 - i];
	return n;
}

/* Writes one side: "390", "130+" or "?"; returns its length. */
static size_t
format_side(int32_t side, char *buf)
{
	size_t		n;

	if (side == PE_SIDE_UNPUBLISHED)
	{
		buf[0] = '?';
		return 1;
	}
	n = format_count(pe_side_at_least(side), buf);
	if (!pe_side_known(side))
		buf[n++] = '+';
	return n;
}

size_t
pe_format_counts(PhaseCounts counts, char *buf)
{
	size_t		n = format_side(counts.side_a, buf);

	buf[n++] = ':';
	n += format_side(counts.side_b, buf + n);
	buf[n] = '\0';
	return n;
}

void
pe_encode_counts(PhaseCounts counts, unsigned char *wire)
{
	uint32_t	a = (uint32_t) counts.side_a;
	uint32_t	b = (uint32_t) counts.side_b;

	wire[0] = (unsigned char) (a >> 24);
	wire[1] = (unsigned char) (a >> 16);
	wire[2] = (unsigned char) (a >> 8);
	wire[3] = (unsigned char) a;
	wire[4] = (unsigned char) (b >> 24);
	wire[5] = (unsigned char) (b >> 16);
	wire[6] = (unsigned char) (b >> 8);
	wire[7] = (unsigned char) b;
}

bool
pe_decode_counts(const unsigned char *wire, size_t len, PhaseCounts *result)
{
	uint32_t	a;
	uint32_t	b;

	if (len != PE_WIRE_SIZE)
		return false;
	a = ((uint32_t) wire[0] << 24) | ((uint32_t) wire[1] << 16) |
		((uint32_t) wire[2] << 8) | (uint32_t) wire[3];
	b = ((uint32_t) wire[4] << 24) | ((uint32_t) wire[5] << 16) |
		((uint32_t) wire[6] << 8) | (uint32_t) wire[7];
	/* A set top bit is a lower bound (see phase_core.h): all are valid. */
	result->side_a = (int32_t) a;
	result->side_b = (int32_t) b;
	return true;
}

bool
pe_add_sides(int32_t x, int32_t y, int32_t *result)
{
	int64_t		sum = (int64_t) pe_side_at_least(x) + pe_side_at_least(y);

	if (sum > PE_COUNT_MAX)
		return false;
	*result = (pe_side_known(x) && pe_side_known(y)) ?
		(int32_t) sum : pe_side_lower_bound((int32_t) sum);
	return true;
}

/*
 * One side of x - y, y's side published.  A bound less a count is the
 * bound of the difference, and no less than nothing.
 */
static bool
subtract_side(int32_t x, int32_t y, int32_t *result)
{
	if (pe_side_known(x))
	{
		if (y > x)
			return false;
		*result = x - y;
	}
	else
	{
		int32_t		bound = pe_side_at_least(x);

		*result = pe_side_lower_bound(bound > y ? bound - y : 0);
	}
	return true;
}

bool
pe_subtract_counts(PhaseCounts x, PhaseCounts y, PhaseCounts *result)
{
	PhaseCounts difference;

	if (!pe_counts_complete(y) ||
		!subtract_side(x.side_a, y.side_a, &difference.side_a) ||
		!subtract_side(x.side_b, y.side_b, &difference.side_b))
		return false;
	*result = difference;
	return true;
}

/* Order of one side: by what it is at least, a count before a bound. */
static int
compare_sides(int32_t x, int32_t y)
{
	int32_t		lx = pe_side_at_least(x);
	int32_t		ly = pe_side_at_least(y);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	if (pe_side_known(x) != pe_side_known(y))
		return pe_side_known(x) ? -1 : 1;
	return 0;
}

int
pe_compare_counts(PhaseCounts x, PhaseCounts y)
{
	int64_t		tx = pe_total(x);
	int64_t		ty = pe_total(y);
	int			side_order;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	side_order = compare_sides(x.side_a, y.side_a);
	if (side_order != 0)
		return side_order;
	/* Equal totals and equal side A bounds: side B's bounds are equal. */
	return compare_sides(x.side_b, y.side_b);
}

/* Whether one side fits within another, as far as is known. */
static PhaseTruth
side_fits_within(int32_t inner, int32_t outer)
{
	int32_t		inner_least = pe_side_at_least(inner);
	int32_t		outer_least = pe_side_at_least(outer);

	if (pe_side_known(inner) && inner_least <= outer_least)
		return PE_TRUE;			/* outer is at least its bound */
	if (pe_side_known(outer) && inner_least > outer_least)
		return PE_FALSE;		/* inner is at least its bound */
	return PE_UNKNOWN;
}

PhaseTruth
pe_counts_fit_within(PhaseCounts inner, PhaseCounts outer)
{
	PhaseTruth	a = side_fits_within(inner.side_a, outer.side_a);
	PhaseTruth	b = side_fits_within(inner.side_b, outer.side_b);

	if (a == PE_FALSE || b == PE_FALSE)
		return PE_FALSE;
	if (a == PE_TRUE && b == PE_TRUE)
		return PE_TRUE;
	return PE_UNKNOWN;
}

int64_t
pe_balance(PhaseCounts counts, PhaseCounts ratio)
{
	return (int64_t) counts.side_a * ratio.side_b -
		(int64_t) counts.side_b * ratio.side_a;
}
