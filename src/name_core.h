/*-------------------------------------------------------------------------
 *
 * name_core.h
 *	  Phonetic name codes for matching names across Cyrillic and Latin
 *	  spellings: the server-independent core of name_key(), the similarity
 *	  and the index keys.
 *
 * The core works on UTF-16 text that is already in NFKC form and holds
 * only Latin, Cyrillic and script-neutral characters (name_icu.c sees to
 * that with ICU); it uses ICU only for character properties.  No
 * PostgreSQL header is included, so a fuzzing harness can call it as is.
 *
 * A name is split into tokens (words), and each token is spelled in a
 * small phonetic alphabet of upper-case ASCII letters:
 *
 *	  vowels      A (a, o)   I (e, i, y, j, й, є, ...)   U (u, ou, у)
 *	  consonants  B V F G D K L M N P R S T Z, and
 *	              Q (ц: ts, tz, c before e/i/y)
 *	              C (ч and х: ch, tch, tsch, cz, kh, č)
 *	              X (ш and ж: sh, sch, sz, zh, š, ž)
 *
 * with runs of one letter collapsed.  docs/names.md explains each merge from
 * how Ukrainian and Russian names are written in Latin letters.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NAME_CORE_H
#define NAME_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

/* Tokens beyond this many are ignored; no real name comes close. */
#define NK_MAX_TOKENS		12

/* A token's code is cut at this many letters (a name part is far shorter). */
#define NK_MAX_CODE			48

typedef struct NameToken
{
	char		code[NK_MAX_CODE + 1];	/* phonetic code, NUL-terminated */
	uint8_t		length;			/* strlen(code) */
	bool		is_initial;		/* written as a single letter ("O.") */

	/*
	 * 'A' or 'O' when the word begins with that letter (а or о in Cyrillic),
	 * else 0.  The code folds the two into one vowel, as the Russian forms
	 * of Ukrainian names do (Олександр, Александр), but as initials they are
	 * two letters: O. is not Анатолій.
	 */
	char		first_a_or_o;

	/*
	 * A given name of the dictionary (in any of its forms), found once when
	 * the name is analysed: every comparison of two names asks it of each
	 * pair of words.
	 */
	bool		is_given_name;
} NameToken;

typedef struct NameCodes
{
	int			ntokens;
	NameToken	tokens[NK_MAX_TOKENS];
} NameCodes;

/*
 * Analyse a name.  "text" is NFKC-normalized UTF-16 of "length" units.
 * Tokens that produce no code (punctuation, digits, other scripts) are
 * dropped.  Never fails: any input gives some (possibly empty) result.
 */
extern void nk_analyze(const UChar *text, int32_t length, NameCodes *codes);

/*
 * The matching key: the tokens' codes sorted and joined by single spaces.
 * "buf" must hold NK_KEY_BUFSIZE bytes; returns the key's length.
 */
#define NK_KEY_BUFSIZE		(NK_MAX_TOKENS * (NK_MAX_CODE + 1) + 1)
extern size_t nk_key(const NameCodes *codes, char *buf);

/* Similarity of two analysed names, in [0, 1]. */
extern double nk_similarity(const NameCodes *a, const NameCodes *b);

/*
 * nk_similarity, but a surname one slip away ("Мооз" for Мороз) is weighed
 * as it is instead of making the names disagree: for reconcile() to use
 * where a birth year agrees, never for %~.
 */
extern double nk_similarity_allowing_slip(const NameCodes *a, const NameCodes *b);

/* nk_similarity(a, b) >= threshold, often decided sooner. */
extern bool nk_similarity_reaches(const NameCodes *a, const NameCodes *b,
								  double threshold);

/*
 * Blocking keys for the index: 32-bit hashes of token pairs (and of the
 * single token of a one-word name).  Two names that are probably the same
 * share at least one; see nk_keys_overlap.  "keys" must hold
 * NK_MAX_BLOCKING_KEYS entries; returns how many were written, without
 * duplicates.
 */
/*
 * At most: every pair of words, each either itself or, for a given name
 * with a patronymic, with every other word's initial (66 * 11), plus every
 * word with every other's initial (132).  add_key also stops at the bound.
 */
#define NK_MAX_BLOCKING_KEYS	1024
extern int	nk_blocking_keys(const NameCodes *codes, int32_t *keys);

/*
 * The keys a name is looked up by (a subset of its blocking keys: the
 * word-and-initial keys only for the initials it has).
 */
extern int	nk_lookup_keys(const NameCodes *codes, int32_t *keys);

/* Whether a lookup name shares a key with a stored name. */
extern bool nk_keys_overlap(const NameCodes *stored, const NameCodes *lookup);

/*
 * A name's analysis as bytes, so that a registry can keep it beside the
 * name (person.name_codes) and a comparison need not analyse the stored
 * name again: analysis is most of what comparing two names costs.
 *
 * NK_CODES_FORMAT must change whenever analysis would give any name other
 * codes (a rule, the dictionary, a field of NameToken): bytes of another
 * format are refused by nk_deserialize, and the caller analyses the name
 * afresh.  So a module update never reads stale codes as current.
 */
#define NK_CODES_FORMAT			1
#define NK_SERIALIZED_MAX		(2 + NK_MAX_TOKENS * (2 + NK_MAX_CODE))
extern int	nk_serialize(const NameCodes *codes, uint8_t *out);

/* False, leaving *codes unusable, for bytes of another format or malformed. */
extern bool nk_deserialize(const uint8_t *in, int length, NameCodes *codes);

#endif							/* NAME_CORE_H */
