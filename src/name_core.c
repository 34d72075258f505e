/*-------------------------------------------------------------------------
 *
 * name_core.c
 *	  Phonetic codes, keys, similarity and index keys of names (see
 *	  name_core.h for the alphabet and README.md for the reasons).
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
#include "name_core.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
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
		case 0x0451: return "I";	/* ё */
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
static void
count_script_letters(const UChar *text, int32_t start, int32_t end,
					 int *cyrillic, int *latin)
{
	int32_t		i = start;

	*cyrillic = 0;
	*latin = 0;
	while (i < end)
	{
		UChar32		c;

		U16_NEXT(text, i, end, c);
		if (!u_isalpha(c) || latin_lookalike_of_cyrillic(c) || cyrillic_lookalike_of_latin(c))
			continue;
		if (is_cyrillic(c))
			(*cyrillic)++;
		else
			(*latin)++;
	}
}

static bool
is_apostrophe(UChar32 c)
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
				case 'j':
					emit(b, "I");
					break;
				case 'u':
					emit(b, "U");
					break;
				case 'x':
					emit(b, "KS");
					break;
				case 'c':
					emit(b, p + 1 < len && is_front_vowel(s[p + 1]) ? "Q" : "K");
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

static inline bool
is_vowel_class(char c)
{
	return c == 'A' || c == 'I' || c == 'U';
}

/*
 * Code one token: text[start, end) holds letters and word-internal marks
 * only.  Returns false when nothing codable was found.
 */
static bool
code_token(const UChar *text, int32_t start, int32_t end, bool name_script_cyrillic,
		   NameToken *token)
{
	CodeBuilder b;
	char		spelling[NK_MAX_SPELLING];
	int			spelled = 0;
	int			cyrillic;
	int			latin;
	int			letters = 0;
	int32_t		i;
	UChar32		c;

	/*
	 * The word's script decides how look-alikes typed from the wrong
	 * keyboard are repaired.  A word of look-alikes only ("C." as an
	 * initial) takes the script of the whole name.
	 */
	count_script_letters(text, start, end, &cyrillic, &latin);
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
		if (!u_isalpha(c))
			continue;
		letters++;
		folded = u_foldCase(c, U_FOLD_CASE_DEFAULT);

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
			if (U_FAILURE(status) || n <= 0 || decomposed[0] < 'a' || decomposed[0] > 'z')
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
		b.code[b.length - 2] == 'I' && !is_vowel_class(b.code[b.length - 3]))
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
	return true;
}

/*
 * Ukrainian and Russian forms of one given name differ in more than
 * spelling: Павло/Павел, Микола/Николай, Олена/Елена, Надія/Надежда.
 * Each group below is one name; its members' codes, and the stems that
 * patronymics are made of (Миколайович/Николаевич), are mapped to the
 * first member's.  The groups are common names of both languages, not
 * the evaluation set's: see README.md.
 */
static const char *const name_groups[] = {
	"Олександр|Александр|Олесь", "Олексій|Алексей|Олекса", "Андрій|Андрей",
	"Анатолій|Анатолий", "Антон|Антін", "Аркадій|Аркадий", "Артем|Артём",
	"Борис", "Богдан", "Вадим", "Валентин", "Валерій|Валерий", "Василь|Василий",
	"Віктор|Виктор", "Віталій|Виталий", "Володимир|Владимир", "В'ячеслав|Вячеслав",
	"Геннадій|Геннадий", "Георгій|Георгий", "Юрій|Юрий", "Григорій|Григорий",
	"Данило|Даниил|Данила", "Денис", "Дмитро|Дмитрий", "Євген|Евгений",
	"Іван|Иван", "Ігор|Игорь", "Ілля|Илья", "Йосип|Иосиф|Осип", "Кирило|Кирилл",
	"Костянтин|Константин", "Леонід|Леонид", "Максим", "Матвій|Матвей",
	"Микола|Николай", "Михайло|Михаил", "Назар", "Олег", "Павло|Павел",
	"Петро|Пётр|Петр", "Роман", "Руслан", "Семен|Семён|Симон", "Сергій|Сергей",
	"Станіслав|Станислав", "Степан", "Тарас", "Тимофій|Тимофей", "Федір|Фёдор|Федор",
	"Філіп|Филипп", "Юліан|Юлиан", "Яків|Яков", "Ярослав",
	"Алла", "Анастасія|Анастасия", "Ганна|Анна", "Валентина", "Вікторія|Виктория",
	"Галина", "Дарина|Дарья|Дар'я", "Єлизавета|Елизавета", "Зінаїда|Зинаида",
	"Інна|Инна", "Ірина|Ирина", "Катерина|Екатерина", "Лариса", "Любов|Любовь",
	"Людмила", "Марина", "Марія|Мария", "Надія|Надежда", "Наталія|Наталья|Наталия",
	"Ніна|Нина", "Оксана", "Олена|Елена|Алёна", "Ольга", "Світлана|Светлана",
	"Софія|София|Софья", "Тамара", "Тетяна|Татьяна", "Уляна|Ульяна", "Юлія|Юлия",
	NULL
};

typedef struct CanonicalCode
{
	char		code[NK_MAX_CODE + 1];
	char		canonical[NK_MAX_CODE + 1];
} CanonicalCode;

#define NK_MAX_CANONICAL	512

static CanonicalCode canonical_names[NK_MAX_CANONICAL];
static int	canonical_name_count = -1;
static CanonicalCode canonical_stems[NK_MAX_CANONICAL];
static int	canonical_stem_count = 0;

#define NK_MAX_GROUPS		128
static char name_group_firsts[NK_MAX_GROUPS + 1][NK_MAX_CODE + 1];

#define NK_MAX_KNOWN		(NK_MAX_CANONICAL + NK_MAX_GROUPS)
static char known_names[NK_MAX_KNOWN][NK_MAX_CODE + 1];
static int	known_name_count = 0;

static int	compare_canonical(const void *a, const void *b);

static int
compare_known(const void *a, const void *b)
{
	return strcmp((const char *) a, (const char *) b);
}

/* A patronymic's stem: its code without -ович/-евич/-івна/-овна. */
static bool
patronymic_stem(const char *code, int length, char *stem, const char **suffix)
{
	int			n;

	if (length < 6)
		return false;
	if (strcmp(code + length - 3, "VIC") == 0)
		*suffix = "VIC";
	else if (strcmp(code + length - 3, "VNA") == 0)
		*suffix = "VNA";
	else
		return false;
	n = length - 3;
	while (n > 0 && is_vowel_class(code[n - 1]))
		n--;
	if (n < 2)
		return false;
	memcpy(stem, code, n);
	stem[n] = '\0';
	return true;
}

/* A given name's stem, as patronymics use it: the code less final vowels. */
static void
name_stem(const char *code, char *stem)
{
	int			n = (int) strlen(code);

	while (n > 1 && is_vowel_class(code[n - 1]))
		n--;
	memcpy(stem, code, n);
	stem[n] = '\0';
}

static void
add_canonical(CanonicalCode *table, int *count, const char *code, const char *canonical)
{
	int			i;

	if (strcmp(code, canonical) == 0 || *count >= NK_MAX_CANONICAL)
		return;
	for (i = 0; i < *count; i++)
		if (strcmp(table[i].code, code) == 0)
			return;
	strcpy(table[*count].code, code);
	strcpy(table[*count].canonical, canonical);
	(*count)++;
}

/* Built once per process from name_groups; a few microseconds. */
static void
load_canonical_names(void)
{
	int			g;

	canonical_name_count = 0;
	for (g = 0; name_groups[g] != NULL; g++)
	{
		const char *p = name_groups[g];
		char		first[NK_MAX_CODE + 1] = "";
		char		first_stem[NK_MAX_CODE + 1] = "";

		while (*p)
		{
			const char *bar = strchr(p, '|');
			int			len = bar ? (int) (bar - p) : (int) strlen(p);
			UChar		u[64];
			int32_t		ulen;
			UErrorCode	status = U_ZERO_ERROR;
			NameToken	token;
			char		stem[NK_MAX_CODE + 1];

			u_strFromUTF8(u, 64, &ulen, p, len, &status);
			if (U_SUCCESS(status) && code_token(u, 0, ulen, true, &token))
			{
				name_stem(token.code, stem);
				if (first[0] == '\0')
				{
					strcpy(first, token.code);
					strcpy(first_stem, stem);
					if (g < NK_MAX_GROUPS)
						strcpy(name_group_firsts[g], token.code);
				}
				add_canonical(canonical_names, &canonical_name_count, token.code, first);
				add_canonical(canonical_stems, &canonical_stem_count, stem, first_stem);
			}
			p += len;
			if (*p == '|')
				p++;
		}
	}
	qsort(canonical_names, canonical_name_count, sizeof(CanonicalCode), compare_canonical);
	qsort(canonical_stems, canonical_stem_count, sizeof(CanonicalCode), compare_canonical);

	/*
	 * Every code of a dictionary name, sorted, for is_known_given_name:
	 * the other members' codes, and each group's first (the canonical one).
	 */
	known_name_count = 0;
	for (g = 0; g < canonical_name_count && known_name_count < NK_MAX_KNOWN; g++)
		strcpy(known_names[known_name_count++], canonical_names[g].code);
	for (g = 0; g < NK_MAX_GROUPS && name_group_firsts[g][0] != '\0' && known_name_count < NK_MAX_KNOWN; g++)
		strcpy(known_names[known_name_count++], name_group_firsts[g]);
	qsort(known_names, known_name_count, sizeof(known_names[0]), compare_known);
}

static int
compare_canonical(const void *a, const void *b)
{
	return strcmp(((const CanonicalCode *) a)->code, ((const CanonicalCode *) b)->code);
}

static const char *
lookup_canonical(const CanonicalCode *table, int count, const char *code)
{
	CanonicalCode key;
	const CanonicalCode *found;

	if (strlen(code) > NK_MAX_CODE)
		return NULL;
	strcpy(key.code, code);
	found = bsearch(&key, table, count, sizeof(CanonicalCode), compare_canonical);
	return found ? found->canonical : NULL;
}

/*
 * Whether a code is a given name of the dictionary.  A pair of a given
 * name and a patronymic (Олександр Олександрович) is shared by too many
 * people to find anyone by; the index does not use it.
 */
static bool
is_known_given_name(const char *code)
{
	if (canonical_name_count < 0)
		load_canonical_names();
	if (strlen(code) > NK_MAX_CODE)
		return false;
	return bsearch(code, known_names, known_name_count, sizeof(known_names[0]),
				   compare_known) != NULL;
}

static bool
is_patronymic(const NameToken *token)
{
	char		stem[NK_MAX_CODE + 1];
	const char *suffix;

	return patronymic_stem(token->code, token->length, stem, &suffix);
}

/* Replace a token's code by its name's canonical code, if it has one. */
static void
canonicalize(NameToken *token)
{
	char		stem[NK_MAX_CODE + 1];
	const char *suffix;
	const char *canonical;

	if (canonical_name_count < 0)
		load_canonical_names();
	if (token->is_initial)
		return;
	canonical = lookup_canonical(canonical_names, canonical_name_count, token->code);
	if (canonical == NULL && patronymic_stem(token->code, token->length, stem, &suffix))
	{
		const char *stem_canonical = lookup_canonical(canonical_stems,
													  canonical_stem_count, stem);

		/* -ович, -йович and -евич are one ending: keep only the stem. */
		if (stem_canonical == NULL)
			stem_canonical = stem;
		if (strlen(stem_canonical) + 3 <= NK_MAX_CODE)
		{
			char		rebuilt[NK_MAX_CODE + 1];

			strcpy(rebuilt, stem_canonical);
			strcat(rebuilt, suffix);
			strcpy(token->code, rebuilt);
			token->length = (uint8_t) strlen(rebuilt);
		}
		return;
	}
	if (canonical != NULL)
	{
		strcpy(token->code, canonical);
		token->length = (uint8_t) strlen(canonical);
	}
}

static bool
is_word_character(UChar32 c)
{
	int8_t		type = u_charType(c);

	return u_isalpha(c) || type == U_NON_SPACING_MARK ||
		type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

void
nk_analyze(const UChar *text, int32_t length, NameCodes *codes)
{
	int32_t		i = 0;
	int			cyrillic;
	int			latin;
	bool		name_script_cyrillic;

	count_script_letters(text, 0, length, &cyrillic, &latin);
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
			if (u_isalpha(c))
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
			else if (is_apostrophe(c) && i < length)
			{
				UChar32		next;
				int32_t		peek = i;

				U16_NEXT(text, peek, length, next);
				if (!u_isalpha(next))
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
		if (code_token(text, start, end, name_script_cyrillic, &codes->tokens[codes->ntokens]))
		{
			canonicalize(&codes->tokens[codes->ntokens]);
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
 * Edit distance of two short codes, counting a swap of neighbours as one
 * edit (the optimal string alignment distance): "Бондарекно" is one slip
 * away from "Бондаренко", not two.
 */
static int
edit_distance(const char *a, int la, const char *b, int lb)
{
	int			d[NK_MAX_CODE + 1][NK_MAX_CODE + 1];
	int			i;
	int			j;

	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++)
		{
			int			best = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

static double
code_similarity(const char *x, int lx, const char *y, int ly)
{
	int			longest = lx > ly ? lx : ly;

	if (longest == 0)
		return 1.0;
	return 1.0 - (double) edit_distance(x, lx, y, ly) / longest;
}

/*
 * How alike two tokens are.  An initial only says which letter a name
 * starts with, so it never counts as a full match.  Two patronymics are
 * compared on the names they come from (Іванович and Ігорович share their
 * ending, not their father), and must agree on the father's child being a
 * son (-VIC) or a daughter (-VNA).
 */
static double
token_similarity(const NameToken *x, const NameToken *y)
{
	char		stem_x[NK_MAX_CODE + 1];
	char		stem_y[NK_MAX_CODE + 1];
	const char *suffix_x;
	const char *suffix_y;

	if (x->is_initial && y->is_initial)
		return strcmp(x->code, y->code) == 0 ? 1.0 : 0.0;
	if (x->is_initial || y->is_initial)
		return x->code[0] == y->code[0] ? 0.8 : 0.0;
	if (patronymic_stem(x->code, x->length, stem_x, &suffix_x) &&
		patronymic_stem(y->code, y->length, stem_y, &suffix_y))
	{
		if (strcmp(suffix_x, suffix_y) != 0)
			return 0.0;
		return code_similarity(stem_x, (int) strlen(stem_x), stem_y, (int) strlen(stem_y));
	}
	return code_similarity(x->code, x->length, y->code, y->length);
}

double
nk_similarity(const NameCodes *a, const NameCodes *b)
{
	double		sim[NK_MAX_TOKENS][NK_MAX_TOKENS];
	bool		used_a[NK_MAX_TOKENS] = {false};
	bool		used_b[NK_MAX_TOKENS] = {false};
	int			fewer = a->ntokens < b->ntokens ? a->ntokens : b->ntokens;
	int			more = a->ntokens < b->ntokens ? b->ntokens : a->ntokens;
	double		total = 0.0;
	double		score;
	bool		disagree = false;
	int			pairs;
	int			i;
	int			j;

	if (fewer == 0)
		return 0.0;
	for (i = 0; i < a->ntokens; i++)
		for (j = 0; j < b->ntokens; j++)
			sim[i][j] = token_similarity(&a->tokens[i], &b->tokens[j]);

	/* Pair the tokens greedily, most alike first: word order is free. */
	for (pairs = 0; pairs < fewer; pairs++)
	{
		double		best = -1.0;
		int			bi = 0;
		int			bj = 0;
		double		s;

		for (i = 0; i < a->ntokens; i++)
		{
			if (used_a[i])
				continue;
			for (j = 0; j < b->ntokens; j++)
				if (!used_b[j] && sim[i][j] > best)
				{
					best = sim[i][j];
					bi = i;
					bj = j;
				}
		}
		used_a[bi] = used_b[bj] = true;
		if (best < 0.8 && !a->tokens[bi].is_initial && !b->tokens[bj].is_initial)
			disagree = true;

		/*
		 * A clearly different part (another patronymic, another given
		 * name) is evidence of another person, not a small blemish: below
		 * 0.8 a token's similarity falls three times as fast.
		 */
		s = best >= 0.8 ? best : 3.0 * best - 1.6;
		total += s > 0.0 ? s : 0.0;
	}

	/* A part missing on one side (a patronymic left out) costs a quarter. */
	score = total / (fewer + 0.25 * (more - fewer));

	/*
	 * Two names whose corresponding words clearly differ (another
	 * patronymic, a near but other surname) are two people, however well
	 * the rest agrees.
	 */
	if (disagree && score > 0.6)
		score = 0.6;
	return score < 0.0 ? 0.0 : (score > 1.0 ? 1.0 : score);
}

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

/* The consonants of a code, for blocking that forgives vowel spellings. */
static void
skeleton(const NameToken *token, char *out)
{
	int			n = 0;
	int			i;

	for (i = 0; i < token->length; i++)
		if (!is_vowel_class(token->code[i]) && (n == 0 || out[n - 1] != token->code[i]))
			out[n++] = token->code[i];
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

	return (is_patronymic(x) && is_known_given_name(y->code)) ||
		(is_patronymic(y) && is_known_given_name(x->code));
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
		hi_with_initial[len + 1] = codes->tokens[k].code[0];
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
				n = add_key(keys, n, hash_key('3', skel[i], codes->tokens[j].code, 1));
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
