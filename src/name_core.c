/*-------------------------------------------------------------------------
 *
 * name_core.c
 *	  A name analysed: split into words, each spelled in the phonetic
 *	  alphabet (name_codes.c) and given its dictionary code
 *	  (name_dictionary.c); and the matching key built from the codes.
 *	  The similarity is in name_similarity.c, the index keys in
 *	  name_keys.c.
 *
 *-------------------------------------------------------------------------
 */
#include "name_core_internal.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>

/*
 * Letters and marks continue a word, and so do the invisible characters
 * (soft hyphen, zero-width space and joiners, word joiner, direction
 * marks): lists copied from documents and web pages carry them inside
 * words, where they must not split "Шев<soft hyphen>ченко" in two.
 * nk_code_token skips them, as it skips every non-letter.
 */
static bool
is_word_character(UChar32 c)
{
	int8_t		type;

	if (nk_is_letter(c))
		return true;
	type = u_charType(c);
	return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
		type == U_ENCLOSING_MARK ||
		u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

void
nk_analyze(const UChar *text, int32_t length, NameCodes *codes)
{
	int32_t		i = 0;
	int			cyrillic;
	int			latin;
	bool		name_script_cyrillic;

	nk_count_script_letters(text, 0, length, &cyrillic, &latin);
	name_script_cyrillic = cyrillic > latin;

	codes->ntokens = 0;
	while (i < length && codes->ntokens < NK_MAX_TOKENS)
	{
		int32_t		start;
		int32_t		end;
		UChar32		c;

		/* Skip to the next letter. */
		for (;;)
		{
			int32_t		here = i;

			if (i >= length)
				return;
			U16_NEXT(text, i, length, c);
			if (nk_is_letter(c))
			{
				start = here;
				break;
			}
		}
		/* The word runs on through letters, marks and inner apostrophes. */
		end = i;
		while (i < length)
		{
			int32_t		here = i;

			U16_NEXT(text, i, length, c);
			if (is_word_character(c))
				end = i;
			else if (nk_is_apostrophe(c) && i < length)
			{
				UChar32		next;
				int32_t		peek = i;

				U16_NEXT(text, peek, length, next);
				/* A doubled apostrophe (Tsybul''ko) is one mark typed twice. */
				while (nk_is_apostrophe(next) && peek < length)
				{
					i = peek;
					U16_NEXT(text, peek, length, next);
				}
				if (!nk_is_letter(next))
				{
					i = here;
					break;
				}
			}
			else
			{
				i = here;
				break;
			}
		}
		if (nk_code_token(text, start, end, name_script_cyrillic, &codes->tokens[codes->ntokens]))
		{
			nk_canonicalize(&codes->tokens[codes->ntokens]);
			codes->ntokens++;
		}
	}
}

static int
compare_codes(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

size_t
nk_key(const NameCodes *codes, char *buf)
{
	const char *sorted[NK_MAX_TOKENS];
	size_t		n = 0;
	int			i;

	for (i = 0; i < codes->ntokens; i++)
		sorted[i] = codes->tokens[i].code;
	qsort(sorted, codes->ntokens, sizeof(const char *), compare_codes);
	for (i = 0; i < codes->ntokens; i++)
	{
		size_t		len = strlen(sorted[i]);

		if (i > 0)
			buf[n++] = ' ';
		memcpy(buf + n, sorted[i], len);
		n += len;
	}
	buf[n] = '\0';
	return n;
}

/*
 * The format: NK_CODES_FORMAT, the number of tokens, then per token its
 * code's length, its flags (1: an initial; 2 or 4: begins with A or O; 8: a
 * given name of the dictionary) and the code's letters.
 */
#define TOKEN_INITIAL		1
#define TOKEN_BEGINS_A		2
#define TOKEN_BEGINS_O		4
#define TOKEN_GIVEN_NAME	8

int
nk_serialize(const NameCodes *codes, uint8_t *out)
{
	int			n = 0;
	int			i;

	out[n++] = NK_CODES_FORMAT;
	out[n++] = (uint8_t) codes->ntokens;
	for (i = 0; i < codes->ntokens; i++)
	{
		const NameToken *token = &codes->tokens[i];

		out[n++] = token->length;
		out[n++] = (token->is_initial ? TOKEN_INITIAL : 0) |
			(token->first_a_or_o == 'A' ? TOKEN_BEGINS_A : 0) |
			(token->first_a_or_o == 'O' ? TOKEN_BEGINS_O : 0) |
			(token->is_given_name ? TOKEN_GIVEN_NAME : 0);
		memcpy(out + n, token->code, token->length);
		n += token->length;
	}
	return n;
}

bool
nk_deserialize(const uint8_t *in, int length, NameCodes *codes)
{
	int			n = 0;
	int			i;

	if (length < 2 || in[0] != NK_CODES_FORMAT || in[1] > NK_MAX_TOKENS)
		return false;
	codes->ntokens = in[1];
	n = 2;
	for (i = 0; i < codes->ntokens; i++)
	{
		NameToken  *token = &codes->tokens[i];
		int			code_length;
		int			flags;
		int			k;

		if (n + 2 > length)
			return false;
		code_length = in[n];
		flags = in[n + 1];
		n += 2;
		if (code_length == 0 || code_length > NK_MAX_CODE || n + code_length > length ||
			(flags & ~(TOKEN_INITIAL | TOKEN_BEGINS_A | TOKEN_BEGINS_O | TOKEN_GIVEN_NAME)) != 0 ||
			(flags & TOKEN_BEGINS_A && flags & TOKEN_BEGINS_O))
			return false;
		/* Codes are capital letters; anything else was never written here. */
		for (k = 0; k < code_length; k++)
			if (in[n + k] < 'A' || in[n + k] > 'Z')
				return false;
		memcpy(token->code, in + n, code_length);
		token->code[code_length] = '\0';
		token->length = (uint8_t) code_length;
		token->is_initial = (flags & TOKEN_INITIAL) != 0;
		token->first_a_or_o = (flags & TOKEN_BEGINS_A) ? 'A' : (flags & TOKEN_BEGINS_O) ? 'O' : 0;
		token->is_given_name = (flags & TOKEN_GIVEN_NAME) != 0;
		n += code_length;
	}
	return n == length;
}
