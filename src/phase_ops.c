/*-------------------------------------------------------------------------
 *
 * phase_ops.c
 *	  Accessors, arithmetic, comparison, hashing and balance checks of
 *	  exchange_phase.
 *
 * Every function here takes and returns values by value and allocates
 * nothing, so that sums and sorts over millions of rows cost no more than
 * the integer arithmetic they are made of.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "utils/sortsupport.h"

#include "exchange_phase.h"

/*
 * The accessors answer NULL for a count not published (unknown is not
 * zero); the _at_least accessors give what is known, for every value.
 */

/* side_a(p): people returned to side A; NULL when not published */
PG_FUNCTION_INFO_V1(exchange_phase_side_a);
Datum
exchange_phase_side_a(PG_FUNCTION_ARGS)
{
	int32		side = PG_GETARG_EXCHANGE_PHASE(0).side_a;

	if (!pe_side_known(side))
		PG_RETURN_NULL();
	PG_RETURN_INT32(side);
}

/* side_b(p): people returned to side B; NULL when not published */
PG_FUNCTION_INFO_V1(exchange_phase_side_b);
Datum
exchange_phase_side_b(PG_FUNCTION_ARGS)
{
	int32		side = PG_GETARG_EXCHANGE_PHASE(0).side_b;

	if (!pe_side_known(side))
		PG_RETURN_NULL();
	PG_RETURN_INT32(side);
}

/* total(p): both sides, as bigint (cannot overflow); NULL unless complete */
PG_FUNCTION_INFO_V1(exchange_phase_total);
Datum
exchange_phase_total(PG_FUNCTION_ARGS)
{
	PhaseCounts counts = PG_GETARG_EXCHANGE_PHASE(0);

	if (!pe_counts_complete(counts))
		PG_RETURN_NULL();
	PG_RETURN_INT64(pe_total(counts));
}

/* side_a_at_least(p): side A's count, or its known lower bound */
PG_FUNCTION_INFO_V1(exchange_phase_side_a_at_least);
Datum
exchange_phase_side_a_at_least(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(pe_side_at_least(PG_GETARG_EXCHANGE_PHASE(0).side_a));
}

/* side_b_at_least(p): side B's count, or its known lower bound */
PG_FUNCTION_INFO_V1(exchange_phase_side_b_at_least);
Datum
exchange_phase_side_b_at_least(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(pe_side_at_least(PG_GETARG_EXCHANGE_PHASE(0).side_b));
}

/* total_at_least(p): both sides' counts or bounds together */
PG_FUNCTION_INFO_V1(exchange_phase_total_at_least);
Datum
exchange_phase_total_at_least(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(pe_total(PG_GETARG_EXCHANGE_PHASE(0)));
}

/* is_complete(p): both counts published */
PG_FUNCTION_INFO_V1(exchange_phase_is_complete);
Datum
exchange_phase_is_complete(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pe_counts_complete(PG_GETARG_EXCHANGE_PHASE(0)));
}

/*
 * Addition works on the packed Datum directly when both values are
 * complete: both halves are then at most 0x7FFFFFFF, so the low halves'
 * sum fits in 32 bits and never carries into the high half, and a count
 * that overflows shows as a set top bit in its half.  One OR, one 64-bit
 * add and one mask test per row keep sum() below the cost of two int4
 * sums.  A lower bound (a set top bit in an operand) takes the slow path,
 * side by side.
 */
#define PACKED_SIGN_BITS	UINT64CONST(0x8000000080000000)

static char *
counts_text(PhaseCounts counts)
{
	char	   *text = palloc(PE_FORMAT_BUFSIZE);

	pe_format_counts(counts, text);
	return text;
}

static pg_noinline void
report_add_overflow(Datum x, Datum y, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s out of range: %s + %s", what,
					counts_text(DatumGetExchangePhase(x)),
					counts_text(DatumGetExchangePhase(y))),
			 errdetail("A count would exceed 2147483647.")));
}

static pg_noinline Datum
add_with_bounds(Datum x, Datum y, const char *what)
{
	PhaseCounts a = DatumGetExchangePhase(x);
	PhaseCounts b = DatumGetExchangePhase(y);
	PhaseCounts sum;

	if (!pe_add_sides(a.side_a, b.side_a, &sum.side_a) ||
		!pe_add_sides(a.side_b, b.side_b, &sum.side_b))
		report_add_overflow(x, y, what);
	return ExchangePhaseGetDatum(sum);
}

static inline Datum
add_packed(Datum x, Datum y, const char *what)
{
	uint64		sum;

	if (unlikely(((uint64) x | (uint64) y) & PACKED_SIGN_BITS))
		return add_with_bounds(x, y, what);
	sum = (uint64) x + (uint64) y;
	if (unlikely(sum & PACKED_SIGN_BITS))
		report_add_overflow(x, y, what);
	return (Datum) sum;
}

/* p + q: the two phases together */
PG_FUNCTION_INFO_V1(exchange_phase_add);
Datum
exchange_phase_add(PG_FUNCTION_ARGS)
{
	return add_packed(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), "exchange_phase");
}

/*
 * Transition and combine function of sum(exchange_phase).  The state is
 * an exchange_phase itself and the function is strict, so the first
 * non-NULL row seeds the state, NULL rows are skipped, no rows give NULL
 * and partial sums of parallel workers combine with the same function.
 */
PG_FUNCTION_INFO_V1(exchange_phase_sum_step);
Datum
exchange_phase_sum_step(PG_FUNCTION_ARGS)
{
	return add_packed(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1),
					  "sum of exchange_phase");
}

/* p - q: what is left of p after q, e.g. of a quota after a phase */
PG_FUNCTION_INFO_V1(exchange_phase_subtract);
Datum
exchange_phase_subtract(PG_FUNCTION_ARGS)
{
	PhaseCounts x = PG_GETARG_EXCHANGE_PHASE(0);
	PhaseCounts y = PG_GETARG_EXCHANGE_PHASE(1);
	PhaseCounts result;

	if (!pe_counts_complete(y))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot subtract %s, whose counts were not all published, from %s",
						counts_text(y), counts_text(x)),
				 errdetail("What is left after an unknown number of people is unknown."),
				 errhint("Subtract only published counts; side_a_at_least() and side_b_at_least() give what is known.")));
	if (!pe_subtract_counts(x, y, &result))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("exchange_phase out of range: %s - %s would leave a negative count",
						counts_text(x), counts_text(y)),
				 errhint("Subtract only a value that fits within the other (q <@ p).")));
	PG_RETURN_EXCHANGE_PHASE(result);
}

/* exchange_phase_cmp: btree support, by total and then by side A */
PG_FUNCTION_INFO_V1(exchange_phase_cmp);
Datum
exchange_phase_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(pe_compare_counts(PG_GETARG_EXCHANGE_PHASE(0),
									  PG_GETARG_EXCHANGE_PHASE(1)));
}

static int
exchange_phase_fastcmp(Datum x, Datum y, SortSupport ssup)
{
	return pe_compare_counts(DatumGetExchangePhase(x), DatumGetExchangePhase(y));
}

/* exchange_phase_sortsupport: lets sorts and index builds skip fmgr */
PG_FUNCTION_INFO_V1(exchange_phase_sortsupport);
Datum
exchange_phase_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = exchange_phase_fastcmp;
	PG_RETURN_VOID();
}

/*
 * Equality is identity of both counts, which for this representation is
 * identity of the Datum; the other comparisons follow the btree order.
 */
PG_FUNCTION_INFO_V1(exchange_phase_eq);
Datum
exchange_phase_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_DATUM(0) == PG_GETARG_DATUM(1));
}

PG_FUNCTION_INFO_V1(exchange_phase_ne);
Datum
exchange_phase_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_DATUM(0) != PG_GETARG_DATUM(1));
}

PG_FUNCTION_INFO_V1(exchange_phase_lt);
Datum
exchange_phase_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pe_compare_counts(PG_GETARG_EXCHANGE_PHASE(0),
									 PG_GETARG_EXCHANGE_PHASE(1)) < 0);
}

PG_FUNCTION_INFO_V1(exchange_phase_le);
Datum
exchange_phase_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pe_compare_counts(PG_GETARG_EXCHANGE_PHASE(0),
									 PG_GETARG_EXCHANGE_PHASE(1)) <= 0);
}

PG_FUNCTION_INFO_V1(exchange_phase_gt);
Datum
exchange_phase_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pe_compare_counts(PG_GETARG_EXCHANGE_PHASE(0),
									 PG_GETARG_EXCHANGE_PHASE(1)) > 0);
}

PG_FUNCTION_INFO_V1(exchange_phase_ge);
Datum
exchange_phase_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pe_compare_counts(PG_GETARG_EXCHANGE_PHASE(0),
									 PG_GETARG_EXCHANGE_PHASE(1)) >= 0);
}

/* exchange_phase_smaller / _larger: support of min() and max() */
PG_FUNCTION_INFO_V1(exchange_phase_smaller);
Datum
exchange_phase_smaller(PG_FUNCTION_ARGS)
{
	PhaseCounts x = PG_GETARG_EXCHANGE_PHASE(0);
	PhaseCounts y = PG_GETARG_EXCHANGE_PHASE(1);

	PG_RETURN_EXCHANGE_PHASE(pe_compare_counts(x, y) <= 0 ? x : y);
}

PG_FUNCTION_INFO_V1(exchange_phase_larger);
Datum
exchange_phase_larger(PG_FUNCTION_ARGS)
{
	PhaseCounts x = PG_GETARG_EXCHANGE_PHASE(0);
	PhaseCounts y = PG_GETARG_EXCHANGE_PHASE(1);

	PG_RETURN_EXCHANGE_PHASE(pe_compare_counts(x, y) >= 0 ? x : y);
}

/*
 * Hashing goes through the wire form rather than the Datum's bytes, so
 * that hash values (and with them hash partitions) do not depend on the
 * machine's byte order.  Hashing the same bytes with hash_any and
 * hash_any_extended keeps the contract that the extended hash with seed 0
 * has the plain hash in its low 32 bits.
 */
PG_FUNCTION_INFO_V1(exchange_phase_hash);
Datum
exchange_phase_hash(PG_FUNCTION_ARGS)
{
	unsigned char wire[PE_WIRE_SIZE];

	pe_encode_counts(PG_GETARG_EXCHANGE_PHASE(0), wire);
	return hash_any(wire, PE_WIRE_SIZE);
}

PG_FUNCTION_INFO_V1(exchange_phase_hash_extended);
Datum
exchange_phase_hash_extended(PG_FUNCTION_ARGS)
{
	unsigned char wire[PE_WIRE_SIZE];

	pe_encode_counts(PG_GETARG_EXCHANGE_PHASE(0), wire);
	return hash_any_extended(wire, PE_WIRE_SIZE, PG_GETARG_INT64(1));
}

/* SQL's three-valued answer: NULL where an unpublished count decides. */
#define PG_RETURN_PHASE_TRUTH(truth) \
	do { \
		PhaseTruth	truth_ = (truth); \
		if (truth_ == PE_UNKNOWN) \
			PG_RETURN_NULL(); \
		PG_RETURN_BOOL(truth_ == PE_TRUE); \
	} while (0)

/* p <@ q: p fits within q, each side no larger; NULL when unknown */
PG_FUNCTION_INFO_V1(exchange_phase_contained);
Datum
exchange_phase_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_PHASE_TRUTH(pe_counts_fit_within(PG_GETARG_EXCHANGE_PHASE(0),
											   PG_GETARG_EXCHANGE_PHASE(1)));
}

/* q @> p: q has room for p; NULL when unknown */
PG_FUNCTION_INFO_V1(exchange_phase_contains);
Datum
exchange_phase_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_PHASE_TRUTH(pe_counts_fit_within(PG_GETARG_EXCHANGE_PHASE(1),
											   PG_GETARG_EXCHANGE_PHASE(0)));
}

/*
 * A ratio says how many people side A receives for how many side B
 * receives; with a zero side it would call any phase with that side empty
 * "balanced", which is never what an agreement means.
 */
static void
check_ratio(PhaseCounts ratio)
{
	if (ratio.side_a <= 0 || ratio.side_b <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ratio %s has a zero or unpublished side", counts_text(ratio)),
				 errhint("A ratio needs a published count of at least 1 on each side, as in '1:1' or '1:3'.")));
}

/*
 * balance(p, ratio): 0 when p keeps the ratio, > 0 when side A got more;
 * NULL when a count of p was not published, since the verdict depends on it.
 */
PG_FUNCTION_INFO_V1(exchange_phase_balance);
Datum
exchange_phase_balance(PG_FUNCTION_ARGS)
{
	PhaseCounts counts = PG_GETARG_EXCHANGE_PHASE(0);
	PhaseCounts ratio = PG_GETARG_EXCHANGE_PHASE(1);

	check_ratio(ratio);
	if (!pe_counts_complete(counts))
		PG_RETURN_NULL();
	PG_RETURN_INT64(pe_balance(counts, ratio));
}

/* is_balanced(p, ratio): p keeps the ratio exactly; NULL when unknown */
PG_FUNCTION_INFO_V1(exchange_phase_is_balanced);
Datum
exchange_phase_is_balanced(PG_FUNCTION_ARGS)
{
	PhaseCounts counts = PG_GETARG_EXCHANGE_PHASE(0);
	PhaseCounts ratio = PG_GETARG_EXCHANGE_PHASE(1);

	check_ratio(ratio);
	if (!pe_counts_complete(counts))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(pe_balance(counts, ratio) == 0);
}
