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
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "name_icu.h"

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
static UChar *
server_to_uchars(const char *s, int length, int32_t *ulength)
{
	const char *utf8 = s;
	int			utf8_length = length;
	UChar	   *result;
	UErrorCode	status = U_ZERO_ERROR;

	if (GetDatabaseEncoding() == PG_SQL_ASCII)
	{
		int			valid = pg_verify_mbstr_len(PG_UTF8, s, length, true);

		if (valid < 0)
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
		if (!u_isalpha(c))
			continue;
		script = uscript_getScript(c, &status);
		if (script != USCRIPT_LATIN && script != USCRIPT_CYRILLIC &&
			script != USCRIPT_COMMON && script != USCRIPT_INHERITED)
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

	if (ulength > PE_MAX_NAME_LENGTH)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("name of %d characters is too long to match", ulength),
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

/* transliterate(text, id): any ICU transform, with its transliterator cached */
PG_FUNCTION_INFO_V1(pe_transliterate);
Datum
pe_transliterate(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);
	char	   *id = text_to_cstring(PG_GETARG_TEXT_PP(1));
	UTransliterator *transliterator = get_transliterator(id);
	int32_t		length;
	UChar	   *u = server_to_uchars(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input), &length);
	int32_t		capacity;

	if (length > (int32_t) (MaxAllocSize / sizeof(UChar) / 8))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text of %d characters is too long to transliterate", length)));
	capacity = length * 2 + 16;
	u = run_transliterator(transliterator, u, &length, &capacity);
	PG_RETURN_TEXT_P(cstring_to_text(uchars_to_server(u, length)));
}
