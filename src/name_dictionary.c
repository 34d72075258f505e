/*-------------------------------------------------------------------------
 *
 * name_dictionary.c
 *	  The given names of both languages, and patronymic stems: Павло and
 *	  Павел, Миколайович and Николаевич, each given one code.
 *
 *-------------------------------------------------------------------------
 */
#include "name_core_internal.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>

/*
 * Ukrainian and Russian forms of one given name differ in more than
 * spelling: Павло/Павел, Микола/Николай, Олена/Елена, Надія/Надежда.
 * Each group below is one name; its members' codes, and the stems that
 * patronymics are made of (Миколайович/Николаевич), are mapped to the
 * first member's.  The groups are common names of both languages, not
 * the evaluation set's: see docs/names.md.
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
#define NK_MAX_GROUPS		128

static CanonicalCode canonical_names[NK_MAX_CANONICAL];
static int	canonical_name_count = -1;
static CanonicalCode canonical_stems[NK_MAX_CANONICAL];
static int	canonical_stem_count = 0;

/*
 * The given names again, keyed by their codes read through the confusable
 * classes (1.6): ICU's ASCII writes Надежда "Nadezda", whose code differs
 * from Надежда's only by a class.  A coarse code that two names share is
 * left out: it would not say which name it is.
 */
static CanonicalCode canonical_coarse[NK_MAX_CANONICAL + NK_MAX_GROUPS];
static int	canonical_coarse_count = 0;

static void
coarse_code(const char *code, char *out)
{
	int			n = 0;

	for (; *code; code++)
	{
		char		c = nk_confusable_class(*code);

		if (n == 0 || out[n - 1] != c)
			out[n++] = c;
	}
	out[n] = '\0';
}

static void
add_coarse(const char *code, const char *canonical)
{
	char		coarse[NK_MAX_CODE + 1];
	int			i;

	coarse_code(code, coarse);
	for (i = 0; i < canonical_coarse_count; i++)
		if (strcmp(canonical_coarse[i].code, coarse) == 0)
		{
			if (strcmp(canonical_coarse[i].canonical, canonical) != 0)
				canonical_coarse[i].canonical[0] = '\0';	/* two names: neither */
			return;
		}
	if (canonical_coarse_count >= NK_MAX_CANONICAL + NK_MAX_GROUPS)
		return;
	strcpy(canonical_coarse[canonical_coarse_count].code, coarse);
	strcpy(canonical_coarse[canonical_coarse_count].canonical, canonical);
	canonical_coarse_count++;
}

static char name_group_firsts[NK_MAX_GROUPS + 1][NK_MAX_CODE + 1];

/*
 * The canonical codes (and patronymic stems) of the groups whose forms begin
 * with both А and О: Олександр and Александр, Олена and Алёна.  Only these
 * cross from one letter to the other between the languages.
 */
static char a_and_o_names[NK_MAX_GROUPS][NK_MAX_CODE + 1];
static char a_and_o_stems[NK_MAX_GROUPS][NK_MAX_CODE + 1];
static int	a_and_o_count = 0;

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
bool
nk_patronymic_stem(const char *code, int length, char *stem, const char **suffix)
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
	while (n > 0 && nk_is_vowel_class(code[n - 1]))
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

	while (n > 1 && nk_is_vowel_class(code[n - 1]))
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
	a_and_o_count = 0;
	for (g = 0; name_groups[g] != NULL; g++)
	{
		const char *p = name_groups[g];
		char		first[NK_MAX_CODE + 1] = "";
		char		first_stem[NK_MAX_CODE + 1] = "";
		bool		begins_with_a = false;
		bool		begins_with_o = false;

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
			if (U_SUCCESS(status) && nk_code_token(u, 0, ulen, true, &token))
			{
				begins_with_a |= token.first_a_or_o == 'A';
				begins_with_o |= token.first_a_or_o == 'O';
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
		if (begins_with_a && begins_with_o && a_and_o_count < NK_MAX_GROUPS)
		{
			strcpy(a_and_o_names[a_and_o_count], first);
			strcpy(a_and_o_stems[a_and_o_count], first_stem);
			a_and_o_count++;
		}
	}
	qsort(canonical_names, canonical_name_count, sizeof(CanonicalCode), compare_canonical);
	qsort(canonical_stems, canonical_stem_count, sizeof(CanonicalCode), compare_canonical);

	canonical_coarse_count = 0;
	for (g = 0; g < canonical_name_count; g++)
		add_coarse(canonical_names[g].code, canonical_names[g].canonical);
	for (g = 0; g < NK_MAX_GROUPS && name_group_firsts[g][0] != '\0'; g++)
		add_coarse(name_group_firsts[g], name_group_firsts[g]);
	qsort(canonical_coarse, canonical_coarse_count, sizeof(CanonicalCode), compare_canonical);

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
bool
nk_is_known_given_name(const char *code)
{
	if (canonical_name_count < 0)
		load_canonical_names();
	if (strlen(code) > NK_MAX_CODE)
		return false;
	return bsearch(code, known_names, known_name_count, sizeof(known_names[0]),
				   compare_known) != NULL;
}

bool
nk_is_patronymic(const NameToken *token)
{
	char		stem[NK_MAX_CODE + 1];
	const char *suffix;

	return nk_patronymic_stem(token->code, token->length, stem, &suffix);
}

/*
 * Replace a token's code by its name's canonical code, if it has one, and
 * say whether it is a given name of the dictionary.
 */
void
nk_canonicalize(NameToken *token)
{
	char		stem[NK_MAX_CODE + 1];
	const char *suffix;
	const char *canonical;

	if (canonical_name_count < 0)
		load_canonical_names();
	if (token->is_initial)
		return;
	canonical = lookup_canonical(canonical_names, canonical_name_count, token->code);
	if (canonical == NULL && nk_patronymic_stem(token->code, token->length, stem, &suffix))
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

	/*
	 * Not a form the dictionary lists: perhaps one written through the
	 * confusable classes.  A group's first form finds itself there, and a
	 * coarse code two names share finds nothing.
	 */
	if (canonical == NULL)
	{
		char		coarse[NK_MAX_CODE + 1];

		coarse_code(token->code, coarse);
		canonical = lookup_canonical(canonical_coarse, canonical_coarse_count, coarse);
		if (canonical != NULL && canonical[0] == '\0')
			canonical = NULL;
	}
	if (canonical != NULL)
	{
		strcpy(token->code, canonical);
		token->length = (uint8_t) strlen(canonical);
	}

	/*
	 * A canonical code found is a given name; without one, a group's first
	 * form whose coarse code another name shares is one too.
	 */
	token->is_given_name = canonical != NULL || nk_is_known_given_name(token->code);
}

/*
 * Whether a canonical given name (or, for a patronymic, its stem) has forms
 * beginning with А and with О (Олександр, Александр; Олександрович,
 * Александрович), so that either initial may stand for it.
 */
static bool
has_a_and_o_forms(const char *code, bool patronymic)
{
	int			i;

	for (i = 0; i < a_and_o_count; i++)
		if (strcmp(patronymic ? a_and_o_stems[i] : a_and_o_names[i], code) == 0)
			return true;
	return false;
}

/*
 * Whether a name written as an initial may be this full word: its own first
 * letter, or that of another form of the same name (Н. for Микола, whose
 * Russian form is Николай; Е. for Олена, Елена; Н. for Миколайович,
 * Николаевич), or the vowel of a word that begins with я or ю (U. for
 * Юрій in ICU's ASCII, "Urij").
 *
 * Letters are read by confusable class, as the keys read them, except
 * where an initial says more than its class (1.7).  А and О share a code,
 * as the Russian forms of Ukrainian names need, but as initials they are
 * two letters: O. is not Анатолій, and only a name with forms beginning
 * with each takes either.  No system writes Г (G, H) as K or К as G: K.
 * is not Галина.  And O. never stands for я (A. may: "Aroslav").
 */
bool
nk_initial_fits(const NameToken *full, const NameToken *initial)
{
	char		letter = initial->code[0];
	char		stem[NK_MAX_CODE + 1];
	const char *suffix;
	const char *code = full->code;
	const CanonicalCode *table = canonical_names;
	int			count;
	bool		patronymic;
	bool		fits = false;
	int			i;

	if (canonical_name_count < 0)
		load_canonical_names();
	count = canonical_name_count;
	patronymic = nk_patronymic_stem(full->code, full->length, stem, &suffix);
	if (patronymic)
	{
		code = stem;
		table = canonical_stems;
		count = canonical_stem_count;
	}
	/* S. for Шевченко in ICU's ASCII. */
	if (nk_confusable_class(full->code[0]) == nk_confusable_class(letter))
		fits = true;
	else if (full->length >= 2 && full->code[0] == 'I' &&
			 (full->code[1] == 'A' || full->code[1] == 'U') && full->code[1] == letter)
		fits = true;
	for (i = 0; !fits && i < count; i++)
		if (nk_confusable_class(table[i].code[0]) == nk_confusable_class(letter) &&
			strcmp(table[i].canonical, code) == 0)
			fits = true;
	if (!fits)
		return false;

	if (initial->first_a_or_o != 0 && full->first_a_or_o != 0 &&
		initial->first_a_or_o != full->first_a_or_o)
		return has_a_and_o_forms(code, patronymic);
	if ((letter == 'K' && full->code[0] == 'G') || (letter == 'G' && full->code[0] == 'K'))
		return false;
	if (initial->first_a_or_o == 'O' && full->first_a_or_o == 0)
		return false;
	return true;
}
