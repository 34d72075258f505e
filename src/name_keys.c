/*-------------------------------------------------------------------------
 *
 * name_keys.c
 *	  The blocking keys of the index: hashes of pairs of words and of words
 *	  with initials, so that probably-same names share one.
 *
 *-------------------------------------------------------------------------
 */
#include "name_core_internal.h"

#include <string.h>

/* FNV-1a: stable across platforms, so index keys are too. */
static int32_t
hash_key(char kind, const char *x, const char *y, int ylen)
{
	uint32_t	h = 2166136261u;
	const char *p;
	int			k;

	h = (h ^ (uint8_t) kind) * 16777619u;
	for (p = x; *p; p++)
		h = (h ^ (uint8_t) *p) * 16777619u;
	h = (h ^ (uint8_t) '/') * 16777619u;
	for (k = 0; k < ylen; k++)
		h = (h ^ (uint8_t) y[k]) * 16777619u;
	return (int32_t) h;
}

/*
 * The consonants of a code, for blocking that forgives vowel spellings,
 * each read through nk_confusable_class: the spellings that drop the
 * marks of ISO 9 (ICU's "Any-Latin; Latin-ASCII": Шевченко "Sevcenko",
 * Жук "Zuk", Хоменко "Homenko", Щербак "Serbak") must still share a key
 * with the name they come from (1.6, Щ 1.7).  The similarity then weighs
 * each such letter.
 */
static void
skeleton(const NameToken *token, char *out)
{
	int			n = 0;
	int			i;

	for (i = 0; i < token->length; i++)
	{
		char		c = token->code[i];

		if (nk_is_vowel_class(c))
			continue;
		/* Щ (XC) is ŝ in ISO 9, "s" once its mark is gone: Щербак "Serbak" (1.7). */
		if (c == 'C' && i > 0 && token->code[i - 1] == 'X')
			continue;
		c = nk_confusable_class(c);
		if (n == 0 || out[n - 1] != c)
			out[n++] = c;
	}
	if (n == 0)
		memcpy(out, token->code, (n = token->length));
	out[n] = '\0';
}

/* A given name with a patronymic: see is_known_given_name. */
static bool
common_pair(const NameCodes *codes, int i, int j)
{
	const NameToken *x = &codes->tokens[i];
	const NameToken *y = &codes->tokens[j];

	return (nk_is_patronymic(x) && y->is_given_name) ||
		(nk_is_patronymic(y) && x->is_given_name);
}

static int
add_key(int32_t *keys, int n, int32_t key)
{
	int			i;

	for (i = 0; i < n; i++)
		if (keys[i] == key)
			return n;
	if (n >= NK_MAX_BLOCKING_KEYS)
		return n;
	keys[n] = key;
	return n + 1;
}

/*
 * The keys of a pair of full words: the pair itself, or, for a given name
 * with a patronymic, the pair with the first letter of each other word
 * (Олександр Олександрович with the surname's initial), which is still
 * selective where the pair alone is shared by thousands.
 */
static int
add_pair_keys(const NameCodes *codes, char skel[][NK_MAX_CODE + 1], int i, int j,
			  int32_t *keys, int n)
{
	const char *lo = strcmp(skel[i], skel[j]) <= 0 ? skel[i] : skel[j];
	const char *hi = lo == skel[i] ? skel[j] : skel[i];
	char		hi_with_initial[NK_MAX_CODE + 3];
	int			k;

	if (!common_pair(codes, i, j))
		return add_key(keys, n, hash_key('2', lo, hi, (int) strlen(hi)));
	for (k = 0; k < codes->ntokens; k++)
	{
		int			len = (int) strlen(hi);

		if (k == i || k == j)
			continue;
		memcpy(hi_with_initial, hi, len);
		hi_with_initial[len] = '/';
		hi_with_initial[len + 1] = nk_confusable_class(codes->tokens[k].code[0]);
		n = add_key(keys, n, hash_key('4', lo, hi_with_initial, len + 2));
	}
	return n;
}

/*
 * Keys, all from consonant skeletons: a one-word name gives its word; a
 * longer name gives every pair of its full words (so surname and given
 * name, in either order, find each other) and every full word with the
 * first letter of each other word (so "Shevchenko O. V." finds the
 * registry's "Шевченко Олександр Володимирович").
 *
 * A name being looked up gives fewer: the pairs of full words, and a
 * full word with an initial only where the name has that initial.  A
 * lookup without initials that used the word-and-initial keys would draw
 * in every namesake whose other names merely start alike.
 */
static int
collect_keys(const NameCodes *codes, int32_t *keys, bool for_lookup)
{
	char		skel[NK_MAX_TOKENS][NK_MAX_CODE + 1];
	int			n = 0;
	int			i;
	int			j;

	for (i = 0; i < codes->ntokens; i++)
		skeleton(&codes->tokens[i], skel[i]);
	if (codes->ntokens == 1)
		return add_key(keys, 0, hash_key('1', skel[0], "", 0));
	for (i = 0; i < codes->ntokens; i++)
	{
		if (codes->tokens[i].is_initial)
			continue;
		for (j = 0; j < codes->ntokens; j++)
		{
			if (j == i)
				continue;
			if (!for_lookup || codes->tokens[j].is_initial)
			{
				char		initial = nk_confusable_class(codes->tokens[j].code[0]);

				n = add_key(keys, n, hash_key('3', skel[i], &initial, 1));
			}
			if (j > i && !codes->tokens[j].is_initial)
				n = add_pair_keys(codes, skel, i, j, keys, n);
		}
	}
	return n;
}

int
nk_blocking_keys(const NameCodes *codes, int32_t *keys)
{
	return collect_keys(codes, keys, false);
}

int
nk_lookup_keys(const NameCodes *codes, int32_t *keys)
{
	return collect_keys(codes, keys, true);
}

bool
nk_keys_overlap(const NameCodes *stored, const NameCodes *lookup)
{
	int32_t		stored_keys[NK_MAX_BLOCKING_KEYS];
	int32_t		lookup_keys[NK_MAX_BLOCKING_KEYS];
	int			ns = nk_blocking_keys(stored, stored_keys);
	int			nl = nk_lookup_keys(lookup, lookup_keys);
	int			i;
	int			j;

	for (i = 0; i < nl; i++)
		for (j = 0; j < ns; j++)
			if (lookup_keys[i] == stored_keys[j])
				return true;
	return false;
}
