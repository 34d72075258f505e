/*-------------------------------------------------------------------------
 *
 * phase_core.h
 *	  The server-independent core of the exchange_phase type: parsing,
 *	  formatting, the wire format and the arithmetic rules.
 *
 * Nothing here includes a PostgreSQL header, so that the same code that
 * the server runs can be compiled into a fuzzing harness or a small test
 * program and read on its own.  The fmgr glue lives in phase_io.c and
 * phase_ops.c; it maps the outcomes reported here onto SQLSTATEs.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PHASE_CORE_H
#define PHASE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * How many people each side received in one handover.
 *
 * A side is either a published count, 0 to PE_COUNT_MAX, or (from 1.5) a
 * known lower bound: the count was not published, or only as "more than".
 * A lower bound L is stored as the negative number ~L (= -L - 1), so
 * that every 32-bit pattern is a valid side and a value of only
 * published counts keeps the representation it had before 1.5:
 *
 *	  stored  0 .. 2147483647	exactly that many         text "390"
 *	  stored -1					not published (at least 0)    text "?"
 *	  stored ~L, L >= 1			at least L, exact unknown     text "L+"
 *
 * Because every pattern is valid, a value that exists is always valid.
 */
typedef struct PhaseCounts
{
	int32_t		side_a;
	int32_t		side_b;
} PhaseCounts;

#define PE_COUNT_MAX		INT32_MAX

/* The stored form of a side that was not published at all. */
#define PE_SIDE_UNPUBLISHED	(-1)

/* Longest canonical text form: two 10-digit counts with "+", ':', NUL. */
#define PE_FORMAT_BUFSIZE	24

/* Size of the binary (send/receive) form: two big-endian int32. */
#define PE_WIRE_SIZE		8

/* Why a text value was refused. */
typedef enum PhaseParseStatus
{
	PE_PARSE_OK = 0,
	PE_PARSE_EMPTY,				/* nothing but white space */
	PE_PARSE_EXPECTED_COUNT,	/* a count was due, something else came */
	PE_PARSE_EXPECTED_SEPARATOR,	/* after the first count */
	PE_PARSE_TRAILING,			/* junk after the second count */
	PE_PARSE_BAD_GROUPING,		/* commas not in groups of three */
	PE_PARSE_NEGATIVE,			/* a minus sign before a count */
	PE_PARSE_OUT_OF_RANGE,		/* a count above PE_COUNT_MAX */
	PE_PARSE_BAD_UNKNOWN		/* "?" followed by digits or "+" */
} PhaseParseStatus;

typedef struct PhaseParseError
{
	PhaseParseStatus status;
	size_t		offset;			/* byte offset of the offending input */
	size_t		length;			/* bytes of the offending token, if any */
} PhaseParseError;

/*
 * Parse the text form.  "input" need not be NUL-terminated; a NUL byte
 * inside the first "len" bytes is an ordinary invalid character.  On
 * success fills *result and returns true; otherwise fills *error.
 */
extern bool pe_parse_counts(const char *input, size_t len,
							PhaseCounts *result, PhaseParseError *error);

/* Write the canonical "A:B" form into buf (PE_FORMAT_BUFSIZE bytes). */
extern size_t pe_format_counts(PhaseCounts counts, char *buf);

/*
 * Wire format: exactly PE_WIRE_SIZE bytes, side A then side B, each the
 * stored int32 (so a lower bound travels as ~L).  Decoding is false only
 * for another length: every 32-bit pattern is a valid side.
 */
extern void pe_encode_counts(PhaseCounts counts, unsigned char *wire);
extern bool pe_decode_counts(const unsigned char *wire, size_t len,
							 PhaseCounts *result);

/* A side's published count is known (not a lower bound). */
static inline bool
pe_side_known(int32_t side)
{
	return side >= 0;
}

/* What a side is known to be at least: its count, or its lower bound. */
static inline int32_t
pe_side_at_least(int32_t side)
{
	return side >= 0 ? side : ~side;
}

/* The stored form of "at least bound" (0 gives PE_SIDE_UNPUBLISHED). */
static inline int32_t
pe_side_lower_bound(int32_t bound)
{
	return ~bound;
}

/* Both sides published. */
static inline bool
pe_counts_complete(PhaseCounts counts)
{
	return counts.side_a >= 0 && counts.side_b >= 0;
}

/* Both known lower bounds together; exact when pe_counts_complete. */
static inline int64_t
pe_total(PhaseCounts counts)
{
	return (int64_t) pe_side_at_least(counts.side_a) +
		(int64_t) pe_side_at_least(counts.side_b);
}

/*
 * Addition of two sides: exact when both are, otherwise the lower bound
 * of the sum.  False when the count or bound would pass PE_COUNT_MAX.
 */
extern bool pe_add_sides(int32_t x, int32_t y, int32_t *result);

/*
 * Subtraction that refuses to leave the valid range.  y must be complete
 * (false otherwise: what is left after an unknown number is unknown).  A
 * lower bound less a count is the lower bound of the difference.  Addition
 * of whole values is done on the packed Datum in phase_ops.c, where the
 * representation is known, with pe_add_sides for the rare lower bound.
 */
extern bool pe_subtract_counts(PhaseCounts x, PhaseCounts y,
							   PhaseCounts *result);

/*
 * Sort order: by the known total, then by side A's known count, then a
 * count before a bound of the same number, on side A and then side B.  It
 * is a total order in which only identical values compare equal.
 */
extern int	pe_compare_counts(PhaseCounts x, PhaseCounts y);

/* Three-valued answers, for the comparisons an unknown can undecide. */
typedef enum PhaseTruth
{
	PE_FALSE = 0,
	PE_TRUE,
	PE_UNKNOWN
} PhaseTruth;

/*
 * Each side of "inner" no larger than the same side of "outer": true or
 * false when the published counts and bounds decide it, else unknown.
 */
extern PhaseTruth pe_counts_fit_within(PhaseCounts inner, PhaseCounts outer);

/*
 * side_a(p) * side_b(ratio) - side_b(p) * side_a(ratio), for complete p
 * and ratio.  Both products are below 2^62, so the difference cannot
 * overflow an int64.
 */
extern int64_t pe_balance(PhaseCounts counts, PhaseCounts ratio);

#endif							/* PHASE_CORE_H */
