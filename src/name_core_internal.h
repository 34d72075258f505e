/*-------------------------------------------------------------------------
 *
 * name_core_internal.h
 *	  What the files of the name core share among themselves and do not
 *	  offer outside it: name_codes.c, name_dictionary.c, name_core.c,
 *	  name_similarity.c and name_keys.c.  Like name_core.h, no PostgreSQL
 *	  header: the fuzzing harness links these files as they are.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NAME_CORE_INTERNAL_H
#define NAME_CORE_INTERNAL_H

#include "name_core.h"

#include <unicode/uchar.h>

/*
 * A letter (u_isalpha) and its simple case fold (u_foldCase), answered
 * without ICU for the letters names are mostly made of, ASCII and the
 * Cyrillic block's letters (U+0400..U+0481): a name's every character is
 * asked both, and ICU's property lookup was a fifth of name_key's time.
 * Every other character goes to ICU, so the answers are ICU's.
 */
static inline bool
nk_is_letter(UChar32 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c >= 0x0400 && c <= 0x0481)
		return true;
	return u_isalpha(c);
}

static inline UChar32
nk_fold_case(UChar32 c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
	if (c >= 0x0410 && c <= 0x042F)
		return c + 0x20;		/* А..Я */
	if (c >= 0x0430 && c <= 0x045F)
		return c;				/* а..я, ѐ..џ */
	if (c >= 0x0400 && c <= 0x040F)
		return c + 0x50;		/* Ѐ..Џ */
	return u_foldCase(c, U_FOLD_CASE_DEFAULT);
}

/* name_codes.c: the phonetic alphabet */

/* Count the Cyrillic and the Latin letters of text[start, end). */
extern void nk_count_script_letters(const UChar *text, int32_t start, int32_t end,
									int *cyrillic, int *latin);
extern bool nk_is_apostrophe(UChar32 c);

/* The vowel classes of the phonetic alphabet. */
static inline bool
nk_is_vowel_class(char c)
{
	return c == 'A' || c == 'I' || c == 'U';
}

/*
 * The classes that one Latin spelling or another writes alike: ш, ж, с
 * and з lose their difference once ISO 9's marks are stripped (š, ž to s,
 * z) or in German (з is s), and ч, ц, х, к and г in ICU's ASCII (c, c, h)
 * and in the Latin h of г and х.  The blocking keys compare consonants by
 * these classes; the similarity counts a swap inside one as half an edit.
 */
static inline char
nk_confusable_class(char c)
{
	switch (c)
	{
		case 'X':
		case 'Z':
			return 'S';
		case 'C':
		case 'Q':
		case 'G':
			return 'K';
		default:
			return c;
	}
}

/*
 * Spell the word text[start, end) in the phonetic alphabet into *token;
 * false when it yields no code.  name_script_cyrillic says which script
 * most of the name is in (for look-alike letters).
 */
extern bool nk_code_token(const UChar *text, int32_t start, int32_t end,
						  bool name_script_cyrillic, NameToken *token);

/* name_dictionary.c: given names and patronymics */

/*
 * Replace a token's code by its name's canonical code, if it has one, and
 * set is_given_name.
 */
extern void nk_canonicalize(NameToken *token);
extern bool nk_is_known_given_name(const char *code);
extern bool nk_is_patronymic(const NameToken *token);

/* Whether an initial may stand for this full word, in any form of the name. */
extern bool nk_initial_fits(const NameToken *full, const NameToken *initial);

/* A patronymic's stem (its code without -ович, -івна...) and its suffix. */
extern bool nk_patronymic_stem(const char *code, int length, char *stem,
							   const char **suffix);

#endif							/* NAME_CORE_INTERNAL_H */
