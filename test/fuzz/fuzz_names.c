/*
 * fuzz_names.c: libFuzzer harness for the name functions' input handling:
 * the same path as the server's, from bytes (read as UTF-8, invalid
 * sequences replaced) through NFKC and, for other scripts, ICU's Any-Latin,
 * to the phonetic codes, the key, the similarity and the index keys.
 * Invariants: keys are printable, a name is fully similar to itself,
 * similarity is symmetric and in [0, 1], a name shares an index key
 * with itself whenever it has any, and the quick threshold test of %~
 * answers as the similarity does at every threshold.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "name_core.h"

#define MAX_UNITS 1000

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/*
 * nk_similarity_allowing_slip only ever raises the similarity (a slip is
 * weighed instead of capping the names), stays in range and is symmetric.
 */
static void
check_slip(const NameCodes *a, const NameCodes *b)
{
	double		s = nk_similarity(a, b);
	double		slip = nk_similarity_allowing_slip(a, b);

	if (!(slip >= s - 1e-9 && slip <= 1.0) ||
		fabs(slip - nk_similarity_allowing_slip(b, a)) > 1e-9)
		abort();
}

/* nk_similarity_reaches must agree with nk_similarity at every threshold. */
static void
check_reaches(const NameCodes *a, const NameCodes *b)
{
	static const double thresholds[] = {0.0, 0.3, 0.6, 0.61, 0.65, 0.7, 0.75, 0.78, 0.8, 0.85, 0.9, 0.95, 1.0};
	double		s = nk_similarity(a, b);
	size_t		i;

	for (i = 0; i < sizeof(thresholds) / sizeof(thresholds[0]); i++)
		if (nk_similarity_reaches(a, b, thresholds[i]) != (s >= thresholds[i]))
			abort();
}

/*
 * A stored analysis reads back as the analysis itself, and bytes that are
 * not one are refused, never read past: the bytes arrive from SQL.
 */
static void
check_stored(const NameCodes *codes, const unsigned char *data, size_t size)
{
	uint8_t		bytes[NK_SERIALIZED_MAX];
	uint8_t		again[NK_SERIALIZED_MAX];
	NameCodes	back;
	int			n = nk_serialize(codes, bytes);
	int			i;

	if (n < 2 || n > NK_SERIALIZED_MAX || !nk_deserialize(bytes, n, &back) ||
		back.ntokens != codes->ntokens)
		abort();
	for (i = 0; i < back.ntokens; i++)
		if (strcmp(back.tokens[i].code, codes->tokens[i].code) != 0 ||
			back.tokens[i].length != codes->tokens[i].length ||
			back.tokens[i].is_initial != codes->tokens[i].is_initial ||
			back.tokens[i].first_a_or_o != codes->tokens[i].first_a_or_o ||
			back.tokens[i].is_given_name != codes->tokens[i].is_given_name)
			abort();
	if (nk_similarity(&back, codes) != nk_similarity(codes, codes))
		abort();
	/* The input itself as stored bytes: refused, or exactly what it says. */
	if (size <= NK_SERIALIZED_MAX && nk_deserialize(data, (int) size, &back) &&
		(nk_serialize(&back, again) != (int) size || memcmp(again, data, size) != 0))
		abort();
}

static UTransliterator *other_scripts = NULL;

static int32_t
prepare(const char *bytes, int32_t size, UChar *out)
{
	UChar		raw[MAX_UNITS * 2];
	int32_t		raw_length = 0;
	int32_t		length;
	UErrorCode	status = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
	int32_t		limit;

	u_strFromUTF8WithSub(raw, MAX_UNITS, &raw_length, bytes, size, 0xFFFD, NULL, &status);
	if (U_FAILURE(status))
		return 0;				/* longer than a name may be: the server refuses it */
	length = unorm2_normalize(nfkc, raw, raw_length, out, MAX_UNITS * 4, &status);
	if (U_FAILURE(status))
		return 0;
	if (other_scripts == NULL)
	{
		UParseError perr;

		status = U_ZERO_ERROR;
		other_scripts = utrans_openU(u"Any-Latin", -1, UTRANS_FORWARD, NULL, 0, &perr, &status);
		if (U_FAILURE(status))
			abort();
	}
	limit = length;
	status = U_ZERO_ERROR;
	utrans_transUChars(other_scripts, out, &length, MAX_UNITS * 4, 0, &limit, &status);
	if (U_FAILURE(status))
		return 0;				/* grew past the buffer: the server would grow it */
	return length;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static UChar text[MAX_UNITS * 4];
	NameCodes	whole;
	NameCodes	head;
	char		key[NK_KEY_BUFSIZE];
	int32_t		keys[NK_MAX_BLOCKING_KEYS];
	size_t		key_length;
	size_t		i;
	int32_t		length;
	int			n;
	double		s1;
	double		s2;

	if (size > 4 * MAX_UNITS)
		return 0;
	length = prepare((const char *) data, (int32_t) size, text);
	nk_analyze(text, length, &whole);

	key_length = nk_key(&whole, key);
	if (key_length != strlen(key) || key_length >= NK_KEY_BUFSIZE)
		abort();
	for (i = 0; i < key_length; i++)
		if (!((key[i] >= 'A' && key[i] <= 'Z') || key[i] == ' '))
			abort();

	n = nk_blocking_keys(&whole, keys);
	if (n < 0 || n > NK_MAX_BLOCKING_KEYS)
		abort();
	n = nk_lookup_keys(&whole, keys);
	if (n < 0 || n > NK_MAX_BLOCKING_KEYS)
		abort();
	if (whole.ntokens > 0 && n > 0 && !nk_keys_overlap(&whole, &whole))
		abort();

	s1 = nk_similarity(&whole, &whole);
	if (whole.ntokens > 0 && fabs(s1 - 1.0) > 1e-9)
		abort();

	/* Against its own first half: symmetric and in range. */
	length = prepare((const char *) data, (int32_t) (size / 2), text);
	nk_analyze(text, length, &head);
	s1 = nk_similarity(&whole, &head);
	s2 = nk_similarity(&head, &whole);
	if (!(s1 >= 0.0 && s1 <= 1.0) || fabs(s1 - s2) > 1e-9)
		abort();
	check_reaches(&whole, &head);
	check_reaches(&head, &whole);
	check_slip(&whole, &head);
	check_stored(&whole, data, size);

	/* Against its second half, which shares less with it. */
	length = prepare((const char *) data + size / 2, (int32_t) (size - size / 2), text);
	nk_analyze(text, length, &head);
	check_reaches(&whole, &head);
	check_reaches(&head, &whole);
	return 0;
}
