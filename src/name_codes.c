/*-------------------------------------------------------------------------
 *
 * name_codes.c
 *	  The phonetic alphabet: a word, Cyrillic or Latin, spelled in the codes
 *	  of name_core.h.
 *
 * Cyrillic letters map straight to the phonetic alphabet.  Latin letters
 * are first spelled in lower-case ASCII (š becomes "sh"), and the ASCII
 * spelling is read with the digraphs of the transliteration systems in
 * use for Ukrainian and Russian names: the national systems, BGN/PCGN,
 * ICAO passports, and German, French and Polish spellings.  Both roads
 * lead to the same codes for the same sounds, which is the point.
 *
 *-------------------------------------------------------------------------
 */
#include "name_core_internal.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

/* Working buffer for one token's ASCII spelling of a Latin run. */
#define NK_MAX_SPELLING		(NK_MAX_CODE * 2)

typedef struct CodeBuilder
{
	char		code[NK_MAX_CODE + 1];
	int			length;
} CodeBuilder;

static void
emit(CodeBuilder *b, const char *classes)
{
	for (; *classes; classes++)
	{
		/* Runs of one sound are one sound: "nn", "ii", "sz" + "sh"... */
		if (b->length > 0 && b->code[b->length - 1] == *classes)
			continue;
		if (b->length < NK_MAX_CODE)
			b->code[b->length++] = *classes;
	}
}

/*
 * Cyrillic: Ukrainian, Russian and Belarusian letters, lower case.  The
 * vowels merge as Ukrainian and Russian forms of one name alternate them
 * (Олександр/Александр, Олійник/Олейник, Сергій/Сергей).
 */
static const char *
cyrillic_classes(UChar32 c)
{
	switch (c)
	{
		case 0x0430: return "A";	/* а */
		case 0x0431: return "B";	/* б */
		case 0x0432: return "V";	/* в */
		case 0x0433: return "G";	/* г */
		case 0x0491: return "G";	/* ґ */
		case 0x0434: return "D";	/* д */
		case 0x0435: return "I";	/* е */
		case 0x0454: return "I";	/* є */
		case 0x0451: return "IA";	/* ё: yo, as Pjotr and Artiom write it */
		case 0x0436: return "X";	/* ж */
		case 0x0437: return "Z";	/* з */
		case 0x0438: return "I";	/* и */
		case 0x0456: return "I";	/* і */
		case 0x0457: return "I";	/* ї */
		case 0x0439: return "I";	/* й */
		case 0x043A: return "K";	/* к */
		case 0x043B: return "L";	/* л */
		case 0x043C: return "M";	/* м */
		case 0x043D: return "N";	/* н */
		case 0x043E: return "A";	/* о */
		case 0x043F: return "P";	/* п */
		case 0x0440: return "R";	/* р */
		case 0x0441: return "S";	/* с */
		case 0x0442: return "T";	/* т */
		case 0x0443: return "U";	/* у */
		case 0x045E: return "U";	/* ў */
		case 0x0444: return "F";	/* ф */
		case 0x0445: return "C";	/* х */
		case 0x0446: return "Q";	/* ц */
		case 0x0447: return "C";	/* ч */
		case 0x0448: return "X";	/* ш */
		case 0x0449: return "XC";	/* щ */
		case 0x044A: return "";		/* ъ */
		case 0x044B: return "I";	/* ы */
		case 0x044C: return "";		/* ь */
		case 0x044D: return "I";	/* э */
		case 0x044E: return "IU";	/* ю */
		case 0x044F: return "IA";	/* я */
		default:
			return NULL;
	}
}

/* Latin letters with marks that are spelled with more than their base. */
static const char *
latin_spelling(UChar32 c)
{
	switch (c)
	{
		case 0x0161: return "sh";	/* š */
		case 0x010D: return "ch";	/* č */
		case 0x0107: return "ch";	/* ć */
		case 0x017E: return "zh";	/* ž */
		case 0x017C: return "zh";	/* ż */
		case 0x017A: return "z";	/* ź */
		case 0x015B: return "s";	/* ś */
		case 0x0142: return "l";	/* ł */
		case 0x00DF: return "ss";	/* ß */
		case 0x00F8: return "o";	/* ø */
		case 0x00E6: return "ae";	/* æ */
		case 0x0153: return "oe";	/* œ */
		case 0x0111: return "d";	/* đ */
		case 0x0131: return "i";	/* ı */
		case 0x0130: return "i";	/* İ: case folding keeps it, and its
									 * decomposition's base is upper case */
		default:
			return NULL;
	}
}

/* Letters that look alike in the two scripts, for repairing mixed words. */
static const UChar32 lookalikes[][2] = {
	/* Cyrillic, Latin */
	{0x0430, 'a'}, {0x0441, 'c'}, {0x0435, 'e'}, {0x0456, 'i'}, {0x043E, 'o'},
	{0x0440, 'p'}, {0x0445, 'x'}, {0x0443, 'y'}, {0x043A, 'k'},
	{0x0410, 'A'}, {0x0412, 'B'}, {0x0421, 'C'}, {0x0415, 'E'}, {0x041D, 'H'},
	{0x0406, 'I'}, {0x041A, 'K'}, {0x041C, 'M'}, {0x041E, 'O'}, {0x0420, 'P'},
	{0x0422, 'T'}, {0x0425, 'X'}, {0x0423, 'Y'},
};

/*
 * The look-alike of c in the other script (from = 0: Cyrillic to Latin).
 * Every character of a name is looked up several times, so the table is
 * spread once into two small arrays indexed by code point.
 */
#define CYRILLIC_BASE		0x0400
#define CYRILLIC_SPAN		0x60
static UChar32 latin_for_cyrillic[CYRILLIC_SPAN];
static UChar32 cyrillic_for_latin[128];
static bool lookalike_arrays_ready = false;

static UChar32
lookalike(UChar32 c, int from)
{
	if (!lookalike_arrays_ready)
	{
		size_t		i;

		for (i = 0; i < sizeof(lookalikes) / sizeof(lookalikes[0]); i++)
		{
			latin_for_cyrillic[lookalikes[i][0] - CYRILLIC_BASE] = lookalikes[i][1];
			cyrillic_for_latin[lookalikes[i][1]] = lookalikes[i][0];
		}
		lookalike_arrays_ready = true;
	}
	if (from == 0)
		return (c >= CYRILLIC_BASE && c < CYRILLIC_BASE + CYRILLIC_SPAN)
			? latin_for_cyrillic[c - CYRILLIC_BASE] : 0;
	return (c >= 0 && c < 128) ? cyrillic_for_latin[c] : 0;
}

static inline UChar32
latin_lookalike_of_cyrillic(UChar32 c)
{
	return lookalike(c, 0);
}

static inline UChar32
cyrillic_lookalike_of_latin(UChar32 c)
{
	return lookalike(c, 1);
}

static bool
is_cyrillic(UChar32 c)
{
	UErrorCode	status = U_ZERO_ERROR;

	return uscript_getScript(c, &status) == USCRIPT_CYRILLIC;
}

/*
 * Which script text[start, end) is written in, counted on the letters
 * that have no look-alike in the other script (з, й, ч; n, s, v): a
 * letter that looks the same in both may have been typed from either
 * keyboard.
 */
void
nk_count_script_letters(const UChar *text, int32_t start, int32_t end,
					 int *cyrillic, int *latin)
{
	int32_t		i = start;

	*cyrillic = 0;
	*latin = 0;
	while (i < end)
	{
		UChar32		c;

		U16_NEXT(text, i, end, c);
		if (!nk_is_letter(c) || latin_lookalike_of_cyrillic(c) || cyrillic_lookalike_of_latin(c))
			continue;
		if (is_cyrillic(c))
			(*cyrillic)++;
		else
			(*latin)++;
	}
}

bool
nk_is_apostrophe(UChar32 c)
{
	return c == 0x0027 || c == 0x2019 || c == 0x02BC || c == 0x0060 ||
		c == 0x00B4 || c == 0x2018 || c == 0x02B9 || c == 0x02C8;
}

static inline bool
is_front_vowel(char c)
{
	return c == 'e' || c == 'i' || c == 'y';
}

static inline bool
starts_with(const char *s, int len, int pos, const char *prefix)
{
	int			n = (int) strlen(prefix);

	return pos + n <= len && memcmp(s + pos, prefix, n) == 0;
}

/*
 * The letter groups of the Latin spellings, longest first, so that "tsch"
 * is read before "tch" and "ts".  "ch" has no fixed reading: see below.
 */
typedef struct LatinDigraph
{
	const char *spelling;
	const char *classes;
} LatinDigraph;

static const LatinDigraph latin_digraphs[] = {
	{"schtsch", "XC"}, {"shch", "XC"}, {"szcz", "XC"}, {"tsch", "C"},
	{"sch", "X"}, {"tch", "C"},
	{"zh", "X"}, {"sh", "X"}, {"sz", "X"}, {"ch", NULL}, {"cz", "C"}, {"kh", "C"},
	{"gh", "G"}, {"ph", "F"}, {"th", "T"}, {"ts", "Q"}, {"tz", "Q"}, {"ck", "K"},
	{"qu", "KV"}, {"ou", "U"},
	{NULL, NULL}
};

/*
 * Read a lower-case ASCII spelling with the digraphs of the systems in
 * use.  "ch" is ч in English, ICAO and the national systems and х in
 * German and Polish; both go to C.  In French it is ш, which a French
 * spelling gives away by writing ч as "tch" (Chevtchenko).
 */
static void
emit_latin_run(CodeBuilder *b, const char *s, int len)
{
	bool		french = false;
	int			p = 0;
	int			i;

	for (i = 0; i + 2 < len; i++)
		if (memcmp(s + i, "tch", 3) == 0 && (i == 0 || s[i - 1] != 's'))
			french = true;
	/* French writes у as "ou" (Jouk, Lioubov), and no other system does. */
	for (i = 0; i + 1 < len; i++)
		if (s[i] == 'o' && s[i + 1] == 'u')
			french = true;

	while (p < len)
	{
		char		c = s[p];
		const LatinDigraph *d;

		for (d = latin_digraphs; d->spelling != NULL; d++)
			if (starts_with(s, len, p, d->spelling))
				break;
		if (d->spelling != NULL)
		{
			emit(b, d->classes != NULL ? d->classes : (french ? "X" : "C"));
			p += (int) strlen(d->spelling);
		}
		else if (starts_with(s, len, p, "gu") && p + 2 < len && is_front_vowel(s[p + 2]))
		{
			/* French "Serguei": the u only keeps the g hard. */
			emit(b, "G");
			p += 2;
		}
		else
		{
			switch (c)
			{
				case 'a':
				case 'o':
					emit(b, "A");
					break;
				case 'e':
				case 'i':
				case 'y':
					emit(b, "I");
					break;
				case 'j':
					/* French j is ж (Jouk); elsewhere j is й or a glide. */
					emit(b, french ? "X" : "I");
					break;
				case 'u':
					emit(b, "U");
					break;
				case 'x':
					emit(b, "KS");
					break;
				case 'c':
					/*
					 * Before e, i, y: ц.  At the end of a word: ч, as the
					 * spellings without marks leave it (-ovic for -ович,
					 * -ić); a Slavic name does not end in a hard c.
					 */
					if (p + 1 < len && is_front_vowel(s[p + 1]))
						emit(b, "Q");
					else
						emit(b, p + 1 == len ? "C" : "K");
					break;
				case 'q':
					emit(b, "K");
					break;
				case 'w':
				case 'v':
					emit(b, "V");
					break;
				case 'h':
					/* Ukrainian г is h in every Latin system for Ukrainian. */
					emit(b, "G");
					break;
				case 'b': emit(b, "B"); break;
				case 'd': emit(b, "D"); break;
				case 'f': emit(b, "F"); break;
				case 'g': emit(b, "G"); break;
				case 'k': emit(b, "K"); break;
				case 'l': emit(b, "L"); break;
				case 'm': emit(b, "M"); break;
				case 'n': emit(b, "N"); break;
				case 'p': emit(b, "P"); break;
				case 'r': emit(b, "R"); break;
				case 's': emit(b, "S"); break;
				case 't': emit(b, "T"); break;
				case 'z': emit(b, "Z"); break;
				default:
					break;
			}
			p++;
		}
	}
}

/*
 * Code one token: text[start, end) holds letters and word-internal marks
 * only.  Returns false when nothing codable was found.
 */
bool
nk_code_token(const UChar *text, int32_t start, int32_t end, bool name_script_cyrillic,
		   NameToken *token)
{
	CodeBuilder b;
	char		spelling[NK_MAX_SPELLING];
	int			spelled = 0;
	int			cyrillic;
	int			latin;
	int			letters = 0;
	char		first_a_or_o = 0;
	int32_t		i;
	UChar32		c;

	/*
	 * The word's script decides how look-alikes typed from the wrong
	 * keyboard are repaired.  A word of look-alikes only ("C." as an
	 * initial) takes the script of the whole name.
	 */
	nk_count_script_letters(text, start, end, &cyrillic, &latin);
	if (cyrillic == 0 && latin == 0)
	{
		cyrillic = name_script_cyrillic;
		latin = !name_script_cyrillic;
	}

	b.length = 0;
	for (i = start; i < end;)
	{
		const char *classes;
		const char *spelled_as;
		UChar32		folded;

		U16_NEXT(text, i, end, c);
		if (cyrillic > latin)
		{
			UChar32		cyr = cyrillic_lookalike_of_latin(c);

			if (cyr)
				c = cyr;
		}
		else if (cyrillic > 0)
		{
			UChar32		lat = latin_lookalike_of_cyrillic(c);

			if (lat)
				c = lat;
		}
		if (!nk_is_letter(c))
		{
			/*
			 * A soft sign written as an apostrophe before a Latin vowel
			 * stands for the glide that ь or the apostrophe brings
			 * (Dar'a for Дарья, Tat'ana for Татьяна in ICU's ASCII).
			 */
			if (nk_is_apostrophe(c) && i < end && spelled > 0 && spelled < NK_MAX_SPELLING)
			{
				UChar32		next;
				int32_t		peek = i;

				U16_NEXT(text, peek, end, next);
				next = u_tolower(next);
				if (next == 'a' || next == 'e' || next == 'o' || next == 'u')
					spelling[spelled++] = 'y';
			}
			continue;
		}
		letters++;
		folded = nk_fold_case(c);
		if (letters == 1)
			first_a_or_o = (folded == 'a' || folded == 0x0430) ? 'A'
				: (folded == 'o' || folded == 0x043E) ? 'O' : 0;

		classes = cyrillic_classes(folded);
		if (classes != NULL)
		{
			emit_latin_run(&b, spelling, spelled);
			spelled = 0;
			emit(&b, classes);
			continue;
		}

		spelled_as = latin_spelling(folded);
		if (spelled_as == NULL && folded >= 'a' && folded <= 'z')
		{
			if (spelled < NK_MAX_SPELLING)
				spelling[spelled++] = (char) folded;
			continue;
		}
		if (spelled_as == NULL)
		{
			/* Other marked Latin letters: their base letter (é -> e). */
			UChar32		base = u_getIntPropertyValue(folded, UCHAR_SCRIPT) == USCRIPT_LATIN
				? folded : 0;
			UChar		decomposed[8];
			int32_t		n;
			UErrorCode	status = U_ZERO_ERROR;
			const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);

			if (base == 0 || U_FAILURE(status))
				continue;
			n = unorm2_getDecomposition(nfd, folded, decomposed, 8, &status);
			if (U_FAILURE(status) || n <= 0)
				continue;
			decomposed[0] = (UChar) u_tolower(decomposed[0]);
			if (decomposed[0] < 'a' || decomposed[0] > 'z')
				continue;
			if (spelled < NK_MAX_SPELLING)
				spelling[spelled++] = (char) decomposed[0];
			continue;
		}
		for (; *spelled_as; spelled_as++)
			if (spelled < NK_MAX_SPELLING)
				spelling[spelled++] = *spelled_as;
	}
	emit_latin_run(&b, spelling, spelled);

	/*
	 * A final "-er" after a consonant loses its vowel: Alexander meets
	 * Aleksandr, Peter meets Petr, whatever script they came in.
	 */
	if (b.length >= 3 && b.code[b.length - 1] == 'R' &&
		b.code[b.length - 2] == 'I' && !nk_is_vowel_class(b.code[b.length - 3]))
	{
		b.code[b.length - 2] = 'R';
		b.length--;
	}

	if (b.length == 0)
		return false;
	memcpy(token->code, b.code, b.length);
	token->code[b.length] = '\0';
	token->length = (uint8_t) b.length;
	token->is_initial = (letters == 1);
	token->first_a_or_o = first_a_or_o;
	token->is_given_name = false;
	return true;
}
