/*-------------------------------------------------------------------------
 *
 * name_sql.c
 *	  SQL-callable name functions: name_key(), name_similarity(), the
 *	  "probably the same name" operator and its GIN operator class.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "name_icu.h"
#include "name_sql.h"
#include "pg_compat.h"

/*
 * Threshold of the %~ operator.  0.8 was chosen on the evaluation set
 * (test/names/): it keeps precision above 0.99 with the best recall.
 */
static double name_match_threshold = 0.8;

#define THRESHOLD_MIN	0.0
#define THRESHOLD_MAX	1.0

/*
 * A value SET before the module was loaded is kept by PostgreSQL as a
 * placeholder, unchecked; when the module then defines the setting, a bad
 * value is dropped with no more than a WARNING, and %~ would quietly use
 * 0.8.  Refuse it here instead: loading fails, with the reason, until the
 * value is corrected.
 */
static void
check_pending_threshold(void)
{
	const char *pending = GetConfigOption("prisoner_exchange.name_match_threshold", true, false);
	double		value;

	/*
	 * Nothing pending: never set, or RESET (which 16 and later report as an
	 * empty string).  Otherwise the same parser PostgreSQL applies to the
	 * setting once it is defined.
	 */
	if (pending == NULL || pending[0] == '\0' ||
		(parse_real(pending, &value, 0, NULL) &&
		 value >= THRESHOLD_MIN && value <= THRESHOLD_MAX))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for parameter \"prisoner_exchange.name_match_threshold\": \"%s\"",
					pending),
			 errdetail("It was set before the prisoner_exchange module was loaded, so it could not be checked then."),
			 errhint("RESET prisoner_exchange.name_match_threshold, or set it to a number from 0 to 1; "
					 "add prisoner_exchange to session_preload_libraries to have every value checked when it is set.")));
}

void
pe_define_name_settings(void)
{
	check_pending_threshold();
	DefineCustomRealVariable("prisoner_exchange.name_match_threshold",
							 "Similarity from which %~ calls two names probably the same.",
							 "name_similarity() of the two names must reach this value; "
							 "they must also share a blocking key.",
							 &name_match_threshold,
							 0.8, THRESHOLD_MIN, THRESHOLD_MAX,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
}

static void
analyze_text(text *t, NameCodes *codes)
{
	pe_analyze_name(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), codes);
}

/*
 * In a join one name meets many: reconcile() compares a list entry with
 * every registry candidate that shares a key, so the entry's name comes
 * back unchanged row after row.  Analysing a name (UTF-16, NFKC, codes,
 * dictionary) is most of a comparison's cost, so each argument's last
 * analysis is kept for the call site, in fn_extra.
 */
typedef struct AnalyzedName
{
	int			length;			/* bytes of the name; -1 while none is kept */
	int			capacity;
	char	   *bytes;
	NameCodes	codes;
} AnalyzedName;

#define CACHED_ARGUMENTS	2

/* The GIN strategy of &% in name_match_ops (that of %~ is 1). */
#define NAME_SHARES_KEY_STRATEGY	2

static const NameCodes *
analyze_argument(FunctionCallInfo fcinfo, int argno)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);
	int			length = VARSIZE_ANY_EXHDR(t);
	AnalyzedName *cache = (AnalyzedName *) fcinfo->flinfo->fn_extra;
	AnalyzedName *slot;

	Assert(argno < CACHED_ARGUMENTS);
	if (cache == NULL)
	{
		int			i;

		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
									   CACHED_ARGUMENTS * sizeof(AnalyzedName));
		for (i = 0; i < CACHED_ARGUMENTS; i++)
			cache[i].length = -1;
		fcinfo->flinfo->fn_extra = cache;
	}
	slot = &cache[argno];
	if (slot->length == length && memcmp(slot->bytes, VARDATA_ANY(t), length) == 0)
		return &slot->codes;

	/* Forget the old name first: an error below must not leave it half-replaced. */
	slot->length = -1;
	pe_analyze_name(VARDATA_ANY(t), length, &slot->codes);
	if (slot->bytes == NULL || slot->capacity < length)
	{
		int			capacity = Max(length, 64);

		slot->bytes = slot->bytes
			? repalloc(slot->bytes, capacity)
			: MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, capacity);
		slot->capacity = capacity;
	}
	memcpy(slot->bytes, VARDATA_ANY(t), length);
	slot->length = length;
	return &slot->codes;
}

/* name_key(name): the phonetic matching key, tokens sorted */
PG_FUNCTION_INFO_V1(pe_name_key);
Datum
pe_name_key(PG_FUNCTION_ARGS)
{
	char		key[NK_KEY_BUFSIZE];

	nk_key(analyze_argument(fcinfo, 0), key);
	PG_RETURN_TEXT_P(cstring_to_text(key));
}

/* name_similarity(a, b): 0 (nothing alike) to 1 (same codes) */
PG_FUNCTION_INFO_V1(pe_name_similarity);
Datum
pe_name_similarity(PG_FUNCTION_ARGS)
{
	const NameCodes *a = analyze_argument(fcinfo, 0);
	const NameCodes *b = analyze_argument(fcinfo, 1);

	PG_RETURN_FLOAT4((float4) nk_similarity(a, b));
}

/*
 * stored %~ lookup: the two share a blocking key and their similarity
 * reaches prisoner_exchange.name_match_threshold.  The key condition is
 * part of the definition, so an index scan and a sequential scan agree.
 */
PG_FUNCTION_INFO_V1(pe_name_match);
Datum
pe_name_match(PG_FUNCTION_ARGS)
{
	const NameCodes *stored = analyze_argument(fcinfo, 0);
	const NameCodes *lookup = analyze_argument(fcinfo, 1);

	/* Most candidates an index scan rechecks share a key but fail here. */
	PG_RETURN_BOOL(nk_similarity_reaches(stored, lookup, name_match_threshold) &&
				   nk_keys_overlap(stored, lookup));
}

static void
check_threshold_argument(float8 threshold)
{
	/* NaN fails both comparisons, so it is refused too. */
	if (!(threshold >= 0.0 && threshold <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("name match threshold %g is out of range", threshold),
				 errhint("Give a similarity from 0 to 1, as name_similarity() returns; "
						 "the setting's default is 0.8.")));
}

/*
 * name_match(stored, lookup, threshold): %~ at a threshold given in the call.
 * Immutable, unlike the setting, so that every node of a cluster (Citus
 * workers, postgres_fdw shards) answers alike whatever its sessions set.
 */
PG_FUNCTION_INFO_V1(pe_name_match_at);
Datum
pe_name_match_at(PG_FUNCTION_ARGS)
{
	float8		threshold = PG_GETARG_FLOAT8(2);
	const NameCodes *stored;
	const NameCodes *lookup;

	check_threshold_argument(threshold);
	stored = analyze_argument(fcinfo, 0);
	lookup = analyze_argument(fcinfo, 1);
	PG_RETURN_BOOL(nk_similarity_reaches(stored, lookup, threshold) &&
				   nk_keys_overlap(stored, lookup));
}

/*
 * Stored analyses (1.7).  name_codes(name) is what person.name_codes keeps;
 * the functions below take a name together with its stored analysis and
 * analyse the name afresh only when the bytes are of another format (a
 * module update changed the analysis) or not an analysis at all.
 */
PG_FUNCTION_INFO_V1(pe_name_codes);
Datum
pe_name_codes(PG_FUNCTION_ARGS)
{
	uint8_t		bytes[NK_SERIALIZED_MAX];
	int			n = nk_serialize(analyze_argument(fcinfo, 0), bytes);
	bytea	   *result = (bytea *) palloc(VARHDRSZ + n);

	SET_VARSIZE(result, VARHDRSZ + n);
	memcpy(VARDATA(result), bytes, n);
	PG_RETURN_BYTEA_P(result);
}

static void
stored_or_analyzed(FunctionCallInfo fcinfo, int text_argno, int codes_argno, NameCodes *codes)
{
	bytea	   *stored = PG_GETARG_BYTEA_PP(codes_argno);

	/* Rare (after a module update, before the codes are stored again): no cache. */
	if (!nk_deserialize((const uint8_t *) VARDATA_ANY(stored), VARSIZE_ANY_EXHDR(stored), codes))
		analyze_text(PG_GETARG_TEXT_PP(text_argno), codes);
}

/* The two similarities of stored analyses differ only in the core function. */
typedef double (*NameSimilarity) (const NameCodes *a, const NameCodes *b);

static float4
stored_similarity(FunctionCallInfo fcinfo, NameSimilarity similarity)
{
	NameCodes	stored;
	NameCodes	lookup;

	stored_or_analyzed(fcinfo, 0, 1, &stored);
	stored_or_analyzed(fcinfo, 2, 3, &lookup);
	return (float4) similarity(&stored, &lookup);
}

/* name_similarity(stored, stored_codes, lookup, lookup_codes) */
PG_FUNCTION_INFO_V1(pe_name_similarity_coded);
Datum
pe_name_similarity_coded(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT4(stored_similarity(fcinfo, nk_similarity));
}

/* name_similarity_allowing_slip(stored, stored_codes, lookup, lookup_codes) */
PG_FUNCTION_INFO_V1(pe_name_similarity_allowing_slip);
Datum
pe_name_similarity_allowing_slip(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT4(stored_similarity(fcinfo, nk_similarity_allowing_slip));
}

/* name_similarity_reaches(stored, stored_codes, lookup, lookup_codes, threshold) */
PG_FUNCTION_INFO_V1(pe_name_similarity_reaches_coded);
Datum
pe_name_similarity_reaches_coded(PG_FUNCTION_ARGS)
{
	float8		threshold = PG_GETARG_FLOAT8(4);
	NameCodes	stored;
	NameCodes	lookup;

	check_threshold_argument(threshold);
	stored_or_analyzed(fcinfo, 0, 1, &stored);
	stored_or_analyzed(fcinfo, 2, 3, &lookup);
	PG_RETURN_BOOL(nk_similarity_reaches(&stored, &lookup, threshold));
}

/*
 * stored &% lookup: the two share a blocking key, which is what a
 * name_match_ops index finds, exactly (its strategy 2, with no recheck).
 */
PG_FUNCTION_INFO_V1(pe_name_shares_key);
Datum
pe_name_shares_key(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(nk_keys_overlap(analyze_argument(fcinfo, 0), analyze_argument(fcinfo, 1)));
}

/* The keys as the Datum array GIN wants; NULL for none. */
static Datum *
keys_to_datums(const int32_t *keys, int32 nkeys)
{
	Datum	   *entries;
	int32		i;

	if (nkeys == 0)
		return NULL;
	entries = palloc(sizeof(Datum) * nkeys);
	for (i = 0; i < nkeys; i++)
		entries[i] = Int32GetDatum(keys[i]);
	return entries;
}

/*
 * Each pair of functions below differs only in which keys it takes: a
 * stored name's, or the keys a name is looked up by.
 */
typedef int (*KeyCollector) (const NameCodes *codes, int32_t *keys);

static ArrayType *
keys_array(FunctionCallInfo fcinfo, KeyCollector collect)
{
	int32_t		keys[NK_MAX_BLOCKING_KEYS];
	int			n = collect(analyze_argument(fcinfo, 0), keys);

	return construct_array(keys_to_datums(keys, n), n, INT4OID,
						   sizeof(int32), true, TYPALIGN_INT);
}

/* name_index_keys(name): the blocking keys an index stores, for inspection */
PG_FUNCTION_INFO_V1(pe_name_index_keys);
Datum
pe_name_index_keys(PG_FUNCTION_ARGS)
{
	PG_RETURN_ARRAYTYPE_P(keys_array(fcinfo, nk_blocking_keys));
}

/*
 * name_lookup_keys(name): the keys a name is looked up by.  A stored name
 * can match it only if name_index_keys(stored) && name_lookup_keys(name),
 * which an ordinary GIN index on name_index_keys() serves.
 */
PG_FUNCTION_INFO_V1(pe_name_lookup_keys);
Datum
pe_name_lookup_keys(PG_FUNCTION_ARGS)
{
	PG_RETURN_ARRAYTYPE_P(keys_array(fcinfo, nk_lookup_keys));
}

static Datum *
gin_name_keys(FunctionCallInfo fcinfo, KeyCollector collect)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	NameCodes	codes;
	int32_t		keys[NK_MAX_BLOCKING_KEYS];

	analyze_text(PG_GETARG_TEXT_PP(0), &codes);
	*nkeys = collect(&codes, keys);
	return keys_to_datums(keys, *nkeys);
}

/* GIN: the keys of a stored name */
PG_FUNCTION_INFO_V1(pe_name_gin_extract_value);
Datum
pe_name_gin_extract_value(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(gin_name_keys(fcinfo, nk_blocking_keys));
}

/*
 * GIN: the keys a name is looked up by.  No keys: nothing can share one,
 * so nothing matches (GIN's default search mode).
 */
PG_FUNCTION_INFO_V1(pe_name_gin_extract_query);
Datum
pe_name_gin_extract_query(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(gin_name_keys(fcinfo, nk_lookup_keys));
}

/* GIN: any shared key makes a candidate; the operator rechecks it */
PG_FUNCTION_INFO_V1(pe_name_gin_consistent);
Datum
pe_name_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);
	int32		i;

	/* %~ (1) weighs the names too; &% (2) asks only for a shared key. */
	*recheck = strategy != NAME_SHARES_KEY_STRATEGY;
	for (i = 0; i < nkeys; i++)
		if (check[i])
			PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(false);
}

/*
 * name_match_threshold(): the setting, read with the module loaded, so that
 * reconcile() uses the value %~ uses and no default of its own.
 */
PG_FUNCTION_INFO_V1(pe_name_match_threshold);
Datum
pe_name_match_threshold(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT4((float4) name_match_threshold);
}

/* name_has_letters(text): the CHECK of names in the registry and lists */
PG_FUNCTION_INFO_V1(pe_name_has_letters);
Datum
pe_name_has_letters(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(pe_text_has_letters(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

/*
 * name_problem(name): why the name cannot be matched, or NULL.  reconcile()
 * asks it of every line first, so that a bad line gets its own verdict.
 */
PG_FUNCTION_INFO_V1(pe_name_problem_sql);
Datum
pe_name_problem_sql(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *problem = pe_name_problem(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

	if (problem == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(problem));
}
