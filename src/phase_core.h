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
 * How many people each side received in one handover.  Both counts are
 * in [0, PE_COUNT_MAX]; every function below keeps that invariant, so a
 * value that exists is always valid.
 */
typedef struct PhaseCounts
{
	int32_t		side_a;
	int32_t		side_b;
} PhaseCounts;

#define PE_COUNT_MAX		INT32_MAX

/* Longest canonical text form: two 10-digit counts, ':' and a NUL. */
#define PE_FORMAT_BUFSIZE	22

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
	PE_PARSE_OUT_OF_RANGE		/* a count above PE_COUNT_MAX */
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
 * Wire format: exactly PE_WIRE_SIZE bytes, side A then side B.  Decoding is
 * false for another length (result untouched) or for a negative count
 * (result then holds the counts as sent, for the error message).
 */
extern void pe_encode_counts(PhaseCounts counts, unsigned char *wire);
extern bool pe_decode_counts(const unsigned char *wire, size_t len,
							 PhaseCounts *result);

/*
 * Subtraction that refuses to leave the valid range.  (Addition is done on
 * the packed Datum in phase_ops.c, where the representation is known.)
 */
extern bool pe_subtract_counts(PhaseCounts x, PhaseCounts y,
							   PhaseCounts *result);

/* Sort order: by total, then by side A (so equal totals still differ). */
extern int	pe_compare_counts(PhaseCounts x, PhaseCounts y);

/* Each side of "inner" no larger than the same side of "outer". */
extern bool pe_counts_fit_within(PhaseCounts inner, PhaseCounts outer);

/*
 * side_a(p) * side_b(ratio) - side_b(p) * side_a(ratio).  Both products
 * are below 2^62, so the difference cannot overflow an int64.
 */
extern int64_t pe_balance(PhaseCounts counts, PhaseCounts ratio);

static inline int64_t
pe_total(PhaseCounts counts)
{
	return (int64_t) counts.side_a + (int64_t) counts.side_b;
}

static inline bool
pe_counts_valid(PhaseCounts counts)
{
	return counts.side_a >= 0 && counts.side_b >= 0;
}

#endif							/* PHASE_CORE_H */
