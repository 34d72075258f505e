/*-------------------------------------------------------------------------
 *
 * name_icu.c
 *	  ICU inside the backend: conversion between the server encoding and
 *	  UTF-16, NFKC normalization, a per-backend cache of transliterators,
 *	  and the SQL function transliterate().
 *
 * Transliterators are expensive to open (icu_ext opens or reuses only the
 * last one), so each one is opened once per backend and kept in a small
 * hash table, keyed by its ID.  An entry is built completely before it is
 * published, so an error while opening leaves the cache as it was.  ICU
 * allocates with malloc: the cache's objects are closed when the cache is
 * dropped, and nothing ICU allocates per call outlives the call.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include <ctype.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "name_icu.h"
#include "pg_compat.h"

/* Transliterator IDs are short; one longer than this is refused. */
#define TRANSLITERATOR_ID_MAX	200

/*
 * More distinct IDs than this in one backend: close them all and start
 * over.  The IDs in use (the name functions' one, a user's few) are
 * reopened on their next use.
 */
#define TRANSLITERATOR_CACHE_SIZE	16

typedef struct TransliteratorEntry
{
	char		id[TRANSLITERATOR_ID_MAX + 1];	/* hash key */
	UTransliterator *transliterator;
} TransliteratorEntry;

static HTAB *transliterator_cache = NULL;

/* What the name functions use for letters of scripts they do not code. */
#define OTHER_SCRIPTS_TO_LATIN	"Any-Latin"

static void
drop_transliterator_cache(void)
{
	HASH_SEQ_STATUS scan;
	TransliteratorEntry *entry;

	hash_seq_init(&scan, transliterator_cache);
	while ((entry = hash_seq_search(&scan)) != NULL)
		utrans_close(entry->transliterator);
	hash_destroy(transliterator_cache);	/* and its memory context */
	transliterator_cache = NULL;
}

/*
 * The transliterator for "id", opened on first use.  A bad ID is the
 * caller's mistake (22023), not an internal error.
 */
static UTransliterator *
get_transliterator(const char *id)
{
	TransliteratorEntry *entry;
	UTransliterator *opened;
	UChar		uid[TRANSLITERATOR_ID_MAX + 1];
	int32_t		uid_length;
	UParseError parse_error;
	UErrorCode	status = U_ZERO_ERROR;
	bool		found;

	if (strlen(id) > TRANSLITERATOR_ID_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("transliterator ID is too long (%zu bytes)", strlen(id)),
				 errhint("An ID names ICU transforms, such as 'Any-Latin; Latin-ASCII; Lower', in at most %d bytes.",
						 TRANSLITERATOR_ID_MAX)));

	if (transliterator_cache != NULL)
	{
		entry = hash_search(transliterator_cache, id, HASH_FIND, NULL);
		if (entry != NULL)
			return entry->transliterator;
	}

	u_strFromUTF8(uid, TRANSLITERATOR_ID_MAX + 1, &uid_length, id, -1, &status);
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid transliterator ID \"%s\"", id),
				 errdetail("ICU error: %s.", u_errorName(status))));
	opened = utrans_openU(uid, uid_length, UTRANS_FORWARD, NULL, 0,
						  &parse_error, &status);
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid transliterator ID \"%s\"", id),
				 errdetail("ICU error: %s.", u_errorName(status)),
				 errhint("Use IDs that ICU knows, such as 'Any-Latin', 'Ukrainian-Latin/BGN' or compounds like 'Any-Latin; Latin-ASCII; Lower'.")));

	/*
	 * Publish only now: nothing below can fail but for memory.  The table
	 * lives in a memory context of its own (dynahash makes one under
	 * TopMemoryContext), which hash_destroy() frees with it.
	 */
	PG_TRY();
	{
		if (transliterator_cache != NULL &&
			hash_get_num_entries(transliterator_cache) >= TRANSLITERATOR_CACHE_SIZE)
			drop_transliterator_cache();
		if (transliterator_cache == NULL)
		{
			HASHCTL		ctl;

			ctl.keysize = TRANSLITERATOR_ID_MAX + 1;
			ctl.entrysize = sizeof(TransliteratorEntry);
			ctl.hcxt = TopMemoryContext;
			transliterator_cache = hash_create("prisoner_exchange ICU transliterators",
											   TRANSLITERATOR_CACHE_SIZE, &ctl,
											   HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
		}
		entry = hash_search(transliterator_cache, id, HASH_ENTER, &found);
	}
	PG_CATCH();
	{
		utrans_close(opened);
		PG_RE_THROW();
	}
	PG_END_TRY();
	Assert(!found);
	entry->transliterator = opened;
	return opened;
}

/*
 * UTF-16 of a string in the server encoding.  Text in the database is
 * valid in its encoding, so conversion can fail only in SQL_ASCII, where
 * bytes above 127 mean nothing in particular: there, names are read as
 * UTF-8 and anything else is refused.
 */
/* In a SQL_ASCII database a name is read as UTF-8: whether it is UTF-8. */
static bool
readable_as_utf8(const char *s, int length)
{
	return GetDatabaseEncoding() != PG_SQL_ASCII ||
		pg_verify_mbstr_len(PG_UTF8, s, length, true) >= 0;
}

static UChar *
server_to_uchars(const char *s, int length, int32_t *ulength)
{
	const char *utf8 = s;
	int			utf8_length = length;
	UChar	   *result;
	UErrorCode	status = U_ZERO_ERROR;

	if (GetDatabaseEncoding() == PG_SQL_ASCII)
	{
		if (!readable_as_utf8(s, length))
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("name is not valid UTF-8"),
					 errdetail("The name has %d bytes, not all of them UTF-8.", length),
					 errhint("In a SQL_ASCII database, names are read as UTF-8; store them in UTF-8 or use a UTF8 database.")));
	}
	else if (GetDatabaseEncoding() != PG_UTF8)
	{
		utf8 = (const char *) pg_do_encoding_conversion((unsigned char *) s, length,
														GetDatabaseEncoding(), PG_UTF8);
		utf8_length = strlen(utf8);
	}

	u_strFromUTF8(NULL, 0, ulength, utf8, utf8_length, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("could not convert a name to UTF-16"),
				 errdetail("ICU error: %s.", u_errorName(status))));
	result = palloc((*ulength + 1) * sizeof(UChar));
	status = U_ZERO_ERROR;
	u_strFromUTF8(result, *ulength + 1, ulength, utf8, utf8_length, &status);
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("could not convert a name to UTF-16"),
				 errdetail("ICU error: %s.", u_errorName(status))));
	return result;
}

/* The server-encoded string of UTF-16 text. */
static char *
uchars_to_server(const UChar *u, int32_t ulength)
{
	int32_t		utf8_length;
	char	   *utf8;
	UErrorCode	status = U_ZERO_ERROR;

	u_strToUTF8(NULL, 0, &utf8_length, u, ulength, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		elog(ERROR, "u_strToUTF8 failed: %s", u_errorName(status));
	utf8 = palloc(utf8_length + 1);
	status = U_ZERO_ERROR;
	u_strToUTF8(utf8, utf8_length + 1, &utf8_length, u, ulength, &status);
	if (U_FAILURE(status))
		elog(ERROR, "u_strToUTF8 failed: %s", u_errorName(status));
	if (GetDatabaseEncoding() == PG_UTF8 || GetDatabaseEncoding() == PG_SQL_ASCII)
		return utf8;
	return (char *) pg_do_encoding_conversion((unsigned char *) utf8, utf8_length,
											  PG_UTF8, GetDatabaseEncoding());
}

/*
 * Run a transliterator over UTF-16 text in a palloc'd buffer, growing it
 * as ICU asks.  Returns the (possibly new) buffer.
 */
static UChar *
run_transliterator(UTransliterator *transliterator, UChar *text,
				   int32_t *length, int32_t *capacity)
{
	UChar	   *work;
	int32_t		limit;
	int32_t		result_length;
	UErrorCode	status;

	for (;;)
	{
		CHECK_FOR_INTERRUPTS();
		work = palloc(*capacity * sizeof(UChar));
		memcpy(work, text, *length * sizeof(UChar));
		result_length = *length;
		limit = *length;
		status = U_ZERO_ERROR;
		utrans_transUChars(transliterator, work, &result_length, *capacity,
						   0, &limit, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR)
			break;
		pfree(work);
		if (*capacity > (int32_t) (MaxAllocSize / sizeof(UChar) / 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("transliterated text would exceed the maximum allocation size")));
		*capacity *= 2;
	}
	if (U_FAILURE(status))
		elog(ERROR, "utrans_transUChars failed: %s", u_errorName(status));
	*length = result_length;
	return work;
}

static UChar *
normalize_nfkc(const UChar *text, int32_t length, int32_t *result_length)
{
	UErrorCode	status = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
	int32_t		capacity = length * 3 + 16;
	UChar	   *result;

	if (U_FAILURE(status))
		elog(ERROR, "unorm2_getNFKCInstance failed: %s", u_errorName(status));

	/*
	 * Most names are in NFKC already: a quick check spares the copy (every
	 * candidate of a reconciliation is analysed, so this counts).
	 */
	if (unorm2_quickCheck(nfkc, text, length, &status) == UNORM_YES && U_SUCCESS(status))
	{
		*result_length = length;
		return (UChar *) text;
	}
	status = U_ZERO_ERROR;
	result = palloc(capacity * sizeof(UChar));
	*result_length = unorm2_normalize(nfkc, text, length, result, capacity, &status);
	if (status == U_BUFFER_OVERFLOW_ERROR)
	{
		capacity = *result_length + 1;
		result = repalloc(result, capacity * sizeof(UChar));
		status = U_ZERO_ERROR;
		*result_length = unorm2_normalize(nfkc, text, length, result, capacity, &status);
	}
	if (U_FAILURE(status))
		elog(ERROR, "unorm2_normalize failed: %s", u_errorName(status));
	return result;
}

/* Letters of scripts other than Latin and Cyrillic (Greek, Georgian...). */
static bool
has_other_script(const UChar *text, int32_t length)
{
	int32_t		i = 0;

	while (i < length)
	{
		UChar32		c;
		UErrorCode	status = U_ZERO_ERROR;
		UScriptCode script;

		U16_NEXT(text, i, length, c);
		/* Latin to Latin Extended-B and the Cyrillic blocks: Latin, Cyrillic or Common. */
		if (c < 0x0250 || (c >= 0x0400 && c <= 0x052F))
			continue;
		if (!u_isalpha(c))
			continue;
		script = uscript_getScript(c, &status);
		if (script != USCRIPT_LATIN && script != USCRIPT_CYRILLIC &&
			script != USCRIPT_COMMON && script != USCRIPT_INHERITED)
			return true;
	}
	return false;
}

/*
 * A name's characters when they are more than a name may have, else 0:
 * characters, not UTF-16 units, so a letter outside the BMP counts once.
 */
static int32_t
characters_beyond_limit(const UChar *text, int32_t ulength)
{
	int32_t		characters;

	if (ulength <= PE_MAX_NAME_LENGTH)
		return 0;
	characters = u_countChar32(text, ulength);
	return characters > PE_MAX_NAME_LENGTH ? characters : 0;
}

static bool
uchars_have_letters(const UChar *u, int32_t ulength)
{
	int32_t		i = 0;

	while (i < ulength)
	{
		UChar32		c;

		U16_NEXT(u, i, ulength, c);
		if (u_isalpha(c))
			return true;
	}
	return false;
}

void
pe_analyze_name(const char *name, int length, NameCodes *codes)
{
	int32_t		ulength;
	UChar	   *text = server_to_uchars(name, length, &ulength);
	int32_t		normalized_length;
	UChar	   *normalized;

	int32_t		characters = characters_beyond_limit(text, ulength);

	if (characters > 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("name of %d characters is too long to match", characters),
				 errhint("A name is at most %d characters.", PE_MAX_NAME_LENGTH)));

	normalized = normalize_nfkc(text, ulength, &normalized_length);
	if (has_other_script(normalized, normalized_length))
	{
		int32_t		capacity = normalized_length * 4 + 16;

		normalized = run_transliterator(get_transliterator(OTHER_SCRIPTS_TO_LATIN),
										normalized, &normalized_length, &capacity);
	}
	nk_analyze(normalized, normalized_length, codes);
}

/*
 * transliterate() is open to every role, so its work is bounded: the
 * input is at most TRANSLITERATE_MAX_INPUT characters, and a compound ID
 * is run one step at a time, with a check for cancellation and of the
 * text's size after each step.  Run as one ICU call, a compound such as
 * 'Any-Name; Any-Name; Any-Name; Any-Name' multiplies one letter into
 * millions of characters inside ICU, where no cancel reaches it.
 */
#define TRANSLITERATE_MAX_INPUT		10000
#define TRANSLITERATE_MAX_OUTPUT	262144
#define TRANSLITERATE_MAX_STEPS		16

/* A transform ID taken apart: ICU's global filter, if any, and the steps. */
typedef struct TransformPlan
{
	const char *id;
	char	   *global_filter;	/* a leading bare [set], or NULL */
	int			step_count;
	char	   *steps[TRANSLITERATE_MAX_STEPS];
} TransformPlan;

/* Whether a step is a bare [set]: its first bracket closes at its end. */
static bool
is_bare_set(const char *step)
{
	int			depth = 0;
	const char *p;

	if (step[0] != '[')
		return false;
	for (p = step; *p; p++)
	{
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '[')
			depth++;
		else if (*p == ']' && --depth == 0)
			return p[1] == '\0';
	}
	return false;
}

/*
 * Split a transform ID at the semicolons that separate its steps (not
 * those inside a [set] or an (inverse)).
 */
static void
plan_transform(const char *id, TransformPlan *plan)
{
	const char *start = id;
	const char *p;
	int			depth = 0;

	plan->id = id;
	plan->global_filter = NULL;
	plan->step_count = 0;
	for (p = id;; p++)
	{
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '[' || *p == '(')
			depth++;
		else if ((*p == ']' || *p == ')') && depth > 0)
			depth--;
		else if ((*p == ';' && depth == 0) || *p == '\0')
		{
			const char *end = p;

			while (start < end && isspace((unsigned char) *start))
				start++;
			while (end > start && isspace((unsigned char) end[-1]))
				end--;
			if (end > start)
			{
				char	   *step = pnstrdup(start, end - start);

				if (plan->step_count == 0 && plan->global_filter == NULL &&
					is_bare_set(step))
					plan->global_filter = step;
				else if (plan->step_count == TRANSLITERATE_MAX_STEPS)
					ereport(ERROR,
							(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
							 errmsg("transform ID \"%s\" has more than %d steps", id,
									TRANSLITERATE_MAX_STEPS),
							 errhint("Chain at most %d transforms, such as 'Any-Latin; Latin-ASCII; Lower'.",
									 TRANSLITERATE_MAX_STEPS)));
				else
					plan->steps[plan->step_count++] = step;
			}
			if (*p == '\0')
				break;
			start = p + 1;
		}
	}
	if (plan->step_count == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid transliterator ID \"%s\"", id),
				 errdetail("It names no transform."),
				 errhint("Use IDs that ICU knows, such as 'Any-Latin', 'Ukrainian-Latin/BGN' or compounds like 'Any-Latin; Latin-ASCII; Lower'.")));
}

/* Which step of which compound an error is about. */
typedef struct TransformStep
{
	const char *id;
	int			number;
} TransformStep;

static void
transform_step_context(void *arg)
{
	TransformStep *step = (TransformStep *) arg;

	errcontext("step %d of transform ID \"%s\"", step->number, step->id);
}

/* Run every step of a plan over a text; returns the new text. */
static UChar *
run_steps(const TransformPlan *plan, UChar *text, int32_t *length)
{
	int			i;

	for (i = 0; i < plan->step_count; i++)
	{
		UTransliterator *transliterator;
		TransformStep step = {plan->id, i + 1};
		ErrorContextCallback callback = {error_context_stack, transform_step_context, &step};
		int32_t		capacity = *length * 2 + 16;

		/* Opening may drop the cache: the previous step is no longer used. */
		error_context_stack = &callback;
		transliterator = get_transliterator(plan->steps[i]);
		error_context_stack = callback.previous;

		text = run_transliterator(transliterator, text, length, &capacity);
		CHECK_FOR_INTERRUPTS();
		if (*length > TRANSLITERATE_MAX_OUTPUT)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("transliteration with \"%s\" grew to %d characters after step %d (\"%s\")",
							plan->id, *length, i + 1, plan->steps[i]),
					 errhint("transliterate() returns at most %d characters.",
							 TRANSLITERATE_MAX_OUTPUT)));
	}
	return text;
}

/*
 * A compound with a global filter, as ICU runs it: every run of
 * characters in the filter's set goes through all the steps on its own,
 * and the characters outside it stay as they are.
 */
static UChar *
run_filtered(const TransformPlan *plan, const UChar *text, int32_t *length)
{
	UChar		upattern[TRANSLITERATOR_ID_MAX + 1];
	int32_t		upattern_length;
	UErrorCode	status = U_ZERO_ERROR;
	USet	   *set;
	StringInfoData out;
	int32_t		i = 0;

	u_strFromUTF8(upattern, TRANSLITERATOR_ID_MAX + 1, &upattern_length,
				  plan->global_filter, -1, &status);
	set = U_SUCCESS(status) ? uset_openPattern(upattern, upattern_length, &status) : NULL;
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid filter \"%s\" in transform ID \"%s\"", plan->global_filter, plan->id),
				 errdetail("ICU error: %s.", u_errorName(status)),
				 errhint("A filter is a Unicode set, such as '[:Cyrillic:]' or '[а-яіїєґ]'.")));

	initStringInfo(&out);
	PG_TRY();
	{
		while (i < *length)
		{
			int32_t		run_start = i;
			UChar32		c;
			bool		inside;

			U16_GET(text, 0, i, *length, c);
			inside = uset_contains(set, c);
			while (i < *length)
			{
				int32_t		next = i;

				U16_NEXT(text, next, *length, c);
				if ((bool) uset_contains(set, c) != inside)
					break;
				i = next;
			}
			if (inside)
			{
				int32_t		run_length = i - run_start;
				UChar	   *run = palloc(run_length * sizeof(UChar));

				memcpy(run, text + run_start, run_length * sizeof(UChar));
				run = run_steps(plan, run, &run_length);
				appendBinaryStringInfo(&out, (char *) run, run_length * sizeof(UChar));
				pfree(run);
			}
			else
				appendBinaryStringInfo(&out, (char *) (text + run_start),
									   (i - run_start) * sizeof(UChar));
			if (out.len / (int) sizeof(UChar) > TRANSLITERATE_MAX_OUTPUT)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("transliteration with \"%s\" grew beyond %d characters",
								plan->id, TRANSLITERATE_MAX_OUTPUT),
						 errhint("transliterate() returns at most %d characters.",
								 TRANSLITERATE_MAX_OUTPUT)));
		}
	}
	PG_FINALLY();
	{
		uset_close(set);
	}
	PG_END_TRY();
	*length = out.len / sizeof(UChar);
	return (UChar *) out.data;
}

/* transliterate(text, id): any ICU transform, with its transliterators cached */
PG_FUNCTION_INFO_V1(pe_transliterate);
Datum
pe_transliterate(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);
	char	   *id = text_to_cstring(PG_GETARG_TEXT_PP(1));
	TransformPlan plan;
	int32_t		length;
	UChar	   *u;

	if (strlen(id) > TRANSLITERATOR_ID_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("transliterator ID is too long (%zu bytes)", strlen(id)),
				 errhint("An ID names ICU transforms, such as 'Any-Latin; Latin-ASCII; Lower', in at most %d bytes.",
						 TRANSLITERATOR_ID_MAX)));
	plan_transform(id, &plan);

	u = server_to_uchars(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input), &length);
	if (length > TRANSLITERATE_MAX_INPUT)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text of %d characters is too long to transliterate", length),
				 errhint("transliterate() takes at most %d characters; split longer text.",
						 TRANSLITERATE_MAX_INPUT)));

	if (plan.global_filter != NULL)
		u = run_filtered(&plan, u, &length);
	else
		u = run_steps(&plan, u, &length);
	PG_RETURN_TEXT_P(cstring_to_text(uchars_to_server(u, length)));
}

/*
 * Whether a text has a letter (ICU's Alphabetic property), whatever the
 * database's locale: a regular expression's [[:alpha:]] follows LC_CTYPE,
 * and under LC_CTYPE C, or in SQL_ASCII, no Cyrillic letter is one.
 */
/*
 * Why a name cannot be matched, or NULL when it can: the checks that make
 * pe_analyze_name() raise an error, made without raising one, so that
 * reconcile() can give one bad line of a list a verdict of its own and go
 * on with the others.  Kept in step with server_to_uchars() and
 * pe_analyze_name().
 */
char *
pe_name_problem(const char *s, int length)
{
	int32_t		ulength;
	int32_t		characters;
	UChar	   *u;

	if (!readable_as_utf8(s, length))
		return psprintf("not valid UTF-8 (names are read as UTF-8 in a SQL_ASCII database)");
	u = server_to_uchars(s, length, &ulength);
	characters = characters_beyond_limit(u, ulength);
	if (characters > 0)
		return psprintf("%d characters, more than the %d a name may have",
						characters, PE_MAX_NAME_LENGTH);
	if (!uchars_have_letters(u, ulength))
		return psprintf("no letters");
	return NULL;
}

bool
pe_text_has_letters(const char *s, int length)
{
	int32_t		ulength;
	UChar	   *u = server_to_uchars(s, length, &ulength);

	return uchars_have_letters(u, ulength);
}
