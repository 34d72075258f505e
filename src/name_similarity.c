/*-------------------------------------------------------------------------
 *
 * name_similarity.c
 *	  How alike two analysed names are: words paired in any order, each
 *	  pair compared on its codes, with patronymics, initials and clear
 *	  disagreements weighed.
 *
 *-------------------------------------------------------------------------
 */
#include "name_core_internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * Below this, two words are another word, not the same one misspelled.  A
 * typo in a word spelled in a lossy system ("Krvcuk" for Кравчук: a letter
 * dropped, č written c) scores 0.79; the nearest other surnames
 * (Шевчук/Шевченко, Коваль/Коваленко) and other given names score 0.6 or
 * less (1.6; it was 0.8).
 */
#define CLEARLY_DIFFERENT	0.78

/*
 * What replacing one letter of a code by another costs, in half edits: two
 * letters of one confusable class (nk_confusable_class: "Sevcenko" for
 * Шевченко) cost half an edit, so that a spelling which merely lost its
 * marks stays close, while another letter costs a whole one.
 */
static inline int
substitution_cost(char a, char b)
{
	if (a == b)
		return 0;
	return nk_confusable_class(a) == nk_confusable_class(b) ? 1 : 2;
}

/*
 * Щ (code XC) in ISO 9 is ŝ, which loses its mark in ICU's ASCII: "Serbak"
 * for Щербак.  Written S, it costs half an edit, as a lost mark does (1.7).
 */
static inline bool
shch_unmarked(const char *pair, char written)
{
	return pair[0] == 'X' && pair[1] == 'C' && written == 'S';
}

static int
shch_count(const char *code, int length)
{
	int			n = 0;
	int			i;

	for (i = 1; i < length; i++)
		if (code[i - 1] == 'X' && code[i] == 'C')
			n++;
	return n;
}

/*
 * Edit distance of two short codes in half edits, counting a swap of
 * neighbours as one edit (the optimal string alignment distance):
 * "Бондарекно" is one slip away from "Бондаренко", not two.
 *
 * Only distances up to "limit" are needed exactly; anything further comes
 * back as limit + 1.  Every alignment passes through one of any two
 * consecutive rows (a swap skips a row, never two), so once two rows in a
 * row are all beyond the limit, so is the end: most words a %~ probe
 * compares are other words, and they stop after a few letters.
 */
static int
edit_distance(const char *a, int la, const char *b, int lb, int limit)
{
	int			d[NK_MAX_CODE + 1][NK_MAX_CODE + 1];
	/* Cells further than this off the diagonal cost more than the limit. */
	int			band = limit / 2;
	int			beyond = limit + 1;
	int			i;
	int			j;
	bool		previous_row_beyond = false;

	if (la - lb > band || lb - la > band)
		return beyond;
	for (i = 0; i <= la; i++)
		d[i][0] = 2 * i;
	for (j = 0; j <= lb; j++)
		d[0][j] = 2 * j;
	for (i = 1; i <= la; i++)
	{
		int			first = i - band > 1 ? i - band : 1;
		int			last = i + band < lb ? i + band : lb;
		int			row_min = beyond;

		/* The neighbours outside the band, never computed. */
		if (first > 1)
			d[i][first - 1] = beyond;
		if (i + band <= lb)
			d[i - 1][i + band] = beyond;
		for (j = first; j <= last; j++)
		{
			int			best = d[i - 1][j - 1] + substitution_cost(a[i - 1], b[j - 1]);

			if (d[i - 1][j] + 2 < best)
				best = d[i - 1][j] + 2;
			if (d[i][j - 1] + 2 < best)
				best = d[i][j - 1] + 2;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				d[i - 2][j - 2] + 2 < best)
				best = d[i - 2][j - 2] + 2;
			/* The cells these read, one off the band, hold "beyond". */
			if (i > 1 && shch_unmarked(a + i - 2, b[j - 1]) && d[i - 2][j - 1] + 1 < best)
				best = d[i - 2][j - 1] + 1;
			if (j > 1 && shch_unmarked(b + j - 2, a[i - 1]) && d[i - 1][j - 2] + 1 < best)
				best = d[i - 1][j - 2] + 1;
			d[i][j] = best;
			if (best < row_min)
				row_min = best;
		}
		if (row_min > limit)
		{
			if (previous_row_beyond)
				return beyond;
			previous_row_beyond = true;
		}
		else
			previous_row_beyond = false;
	}
	return d[la][lb] > limit ? beyond : d[la][lb];
}

/*
 * A lower bound of edit_distance from the letters alone: a letter of one
 * word with no letter of its class left in the other must be replaced,
 * inserted or deleted, a whole edit, wherever it stands.  It costs a pass
 * over each word where the distance costs one over every pair of letters.
 */
static int
class_count_distance(const char *a, int la, const char *b, int lb)
{
	int8_t		difference[32] = {0};
	int			surplus = 0;
	int			shortfall = 0;
	int			i;

	for (i = 0; i < la; i++)
		difference[nk_confusable_class(a[i]) & 31]++;
	for (i = 0; i < lb; i++)
		difference[nk_confusable_class(b[i]) & 31]--;
	/* Each class once: its count is taken, then cleared. */
	for (i = 0; i < la + lb; i++)
	{
		int			class = nk_confusable_class(i < la ? a[i] : b[i - la]) & 31;

		if (difference[class] > 0)
			surplus += difference[class];
		else
			shortfall -= difference[class];
		difference[class] = 0;
	}
	return 2 * (surplus > shortfall ? surplus : shortfall);
}

/* A word that begins with я or ю written without its glide (Aroslav, Urij). */
static inline bool
lost_initial_glide(const char *x, int lx, const char *y, int ly)
{
	return lx >= 2 && ly >= 1 && x[0] == 'I' && (x[1] == 'A' || x[1] == 'U') && y[0] == x[1];
}

/*
 * Below this, how alike two words are does not change nk_similarity's
 * result: such a pair adds nothing (3 s - 2 CLEARLY_DIFFERENT <= 0), marks
 * the names as disagreeing, and, once it is the best pair left, so is every
 * pair after it.  code_similarity may return 0 for anything below it, and
 * skips the edit distance of words whose lengths alone put them there (the
 * surname against a given name, most of the pairs it is asked for).
 */
#define NOT_WORTH_WEIGHING	(2.0 * CLEARLY_DIFFERENT / 3.0)

/*
 * How alike two codes are: exact wherever that reaches "needed", and some
 * value under "needed" otherwise (needed 0: always exact, as
 * name_similarity() shows it).  The limit has one half edit to spare, so
 * that rounding never turns a pair that reaches "needed" away.
 */
static double
code_similarity(const char *x, int lx, const char *y, int ly, double needed)
{
	int			longest = lx > ly ? lx : ly;
	int			shortest = lx > ly ? ly : lx;
	int			limit;
	int			distance;

	if (longest == 0)
		return 1.0;
	/* Most words compared are the same word (given names, patronymics). */
	if (lx == ly && memcmp(x, y, lx) == 0)
		return 1.0;
	/* At least one edit for each letter of difference in length, less half a glide. */
	if (1.0 - (double) (2 * (longest - shortest) - 1) / (2.0 * longest) <
		(needed > NOT_WORTH_WEIGHING ? needed : NOT_WORTH_WEIGHING))
		return 0.0;
	/* The largest distance whose similarity still reaches the floor. */
	limit = needed > 0.0 ? (int) ((1.0 - needed) * 2.0 * longest) + 1 : 4 * NK_MAX_CODE;
	/*
	 * The glide rule below saves at most one half edit, and each Щ written
	 * S one more than the letters' classes allow for.
	 */
	if (class_count_distance(x, lx, y, ly) - 1 - shch_count(x, lx) - shch_count(y, ly) > limit)
		return 0.0;
	distance = edit_distance(x, lx, y, ly, limit);

	/*
	 * ISO 9 without its marks writes я and ю as a and u, so a word-initial
	 * glide lost (Ярослав "Aroslav", Юрій "Urij") costs half an edit.  The
	 * distance is symmetric, so x is made the word that kept its glide.
	 */
	if (lost_initial_glide(y, ly, x, lx))
	{
		const char *word = x;
		int			length = lx;

		x = y;
		lx = ly;
		y = word;
		ly = length;
	}
	if (lost_initial_glide(x, lx, y, ly))
	{
		int			without = 1 + edit_distance(x + 1, lx - 1, y, ly, limit - 1);

		if (without < distance)
			distance = without;
	}
	if (distance > limit)
		return 0.0;
	return 1.0 - (double) distance / (2.0 * longest);
}

/*
 * A given name and its feminine (Олександр and Олександра, Євген and
 * Євгенія, Валерій and Валерія): the code of a known given name with A or
 * IA added.  A woman is never the man of the registry, however alike the
 * spellings (1.6).
 */
static bool
other_sex(const NameToken *x, const NameToken *y)
{
	const NameToken *shorter = x->length < y->length ? x : y;
	const NameToken *longer = shorter == x ? y : x;
	int			extra = longer->length - shorter->length;

	if (extra < 1 || extra > 2 || !shorter->is_given_name ||
		strncmp(longer->code, shorter->code, shorter->length) != 0)
		return false;
	return strcmp(longer->code + shorter->length, extra == 1 ? "A" : "IA") == 0;
}

/*
 * How alike two tokens are.  An initial only says which letter a name
 * starts with, so it never counts as a full match.  Two patronymics are
 * compared on the names they come from (Іванович and Ігорович share their
 * ending, not their father), and must agree on the father's child being a
 * son (-VIC) or a daughter (-VNA).
 */
static double
token_similarity(const NameToken *x, const NameToken *y, double needed)
{
	char		stem_x[NK_MAX_CODE + 1];
	char		stem_y[NK_MAX_CODE + 1];
	const char *suffix_x;
	const char *suffix_y;

	if (x->is_initial && y->is_initial)
		return strcmp(x->code, y->code) == 0 ? 1.0 : 0.0;
	if (x->is_initial)
		return nk_initial_fits(y, x) ? 0.8 : 0.0;
	if (y->is_initial)
		return nk_initial_fits(x, y) ? 0.8 : 0.0;
	if (other_sex(x, y))
		return 0.0;

	/*
	 * Two given names of the dictionary are one name only in one group
	 * (their codes are then the same): Михайло and Микола, however alike
	 * their codes, are two names, as siblings have (1.7).
	 */
	if (x->is_given_name && y->is_given_name &&
		(x->length != y->length || memcmp(x->code, y->code, x->length) != 0))
		return 0.0;
	if (nk_patronymic_stem(x->code, x->length, stem_x, &suffix_x) &&
		nk_patronymic_stem(y->code, y->length, stem_y, &suffix_y))
	{
		if (strcmp(suffix_x, suffix_y) != 0)
			return 0.0;
		return code_similarity(stem_x, (int) strlen(stem_x), stem_y, (int) strlen(stem_y), needed);
	}
	return code_similarity(x->code, x->length, y->code, y->length, needed);
}


/*
 * Two names whose corresponding words clearly differ (another patronymic, a
 * near but other surname) are two people, however well the rest agrees:
 * their similarity is at most this.
 */
#define DISAGREEING_AT_MOST	0.6

typedef struct WordPairs
{
	double		sim[NK_MAX_TOKENS][NK_MAX_TOKENS];
	bool		used_a[NK_MAX_TOKENS];
	bool		used_b[NK_MAX_TOKENS];
} WordPairs;

static void
compare_words(const NameCodes *a, const NameCodes *b, WordPairs *pairs, double needed)
{
	int			i;
	int			j;

	for (i = 0; i < a->ntokens; i++)
	{
		pairs->used_a[i] = false;
		for (j = 0; j < b->ntokens; j++)
			pairs->sim[i][j] = token_similarity(&a->tokens[i], &b->tokens[j], needed);
	}
	for (j = 0; j < b->ntokens; j++)
		pairs->used_b[j] = false;
}

/*
 * The most alike pair of words not yet paired (the first of equals, row by
 * row): names are paired greedily, since word order is free.
 */
static double
most_alike_unpaired(const NameCodes *a, const NameCodes *b, const WordPairs *pairs,
					int *bi, int *bj)
{
	double		best = -1.0;
	int			i;
	int			j;

	*bi = *bj = 0;
	for (i = 0; i < a->ntokens; i++)
	{
		if (pairs->used_a[i])
			continue;
		for (j = 0; j < b->ntokens; j++)
			if (!pairs->used_b[j] && pairs->sim[i][j] > best)
			{
				best = pairs->sim[i][j];
				*bi = i;
				*bj = j;
			}
	}
	return best;
}

static double
name_weight(const NameCodes *a, const NameCodes *b, double total)
{
	int			fewer = a->ntokens < b->ntokens ? a->ntokens : b->ntokens;
	int			more = a->ntokens < b->ntokens ? b->ntokens : a->ntokens;

	/* A part missing on one side (a patronymic left out) costs a quarter. */
	return total / (fewer + 0.25 * (more - fewer));
}

/* An initial paired with a given name or a patronymic. */
static bool
forename_initial(const NameCodes *a, const NameCodes *b, int i, int j)
{
	const NameToken *x = &a->tokens[i];
	const NameToken *y = &b->tokens[j];
	const NameToken *full = x->is_initial ? y : x;

	if (x->is_initial == y->is_initial)
		return false;
	return nk_is_patronymic(full) || full->is_given_name;
}

/*
 * What initials written out of order take back.  However a name is ordered,
 * its given name comes before its patronymic (Остапчук Володимир
 * Михайлович, Volodymyr Mykhailovych Ostapchuk), and so do their initials:
 * W. M. is Володимир Михайлович, not Максим Віталійович.  Of two initials
 * paired the other way round with a given name and a patronymic, the
 * smaller share counts for nothing, unless each initial also fits the other
 * word (A. A. for Андрій Андрійович).
 */
static double
misordered_initials(const NameCodes *a, const NameCodes *b, const WordPairs *pairs,
					const int *pair_a, const int *pair_b, double *share, int npairs)
{
	double		taken_back = 0.0;
	int			p;
	int			q;

	for (p = 0; p < npairs; p++)
	{
		if (share[p] <= 0.0 || !forename_initial(a, b, pair_a[p], pair_b[p]))
			continue;
		for (q = p + 1; q < npairs; q++)
		{
			int			lesser;

			if (share[q] <= 0.0 || !forename_initial(a, b, pair_a[q], pair_b[q]))
				continue;
			if ((pair_a[p] < pair_a[q]) == (pair_b[p] < pair_b[q]))
				continue;
			if (pairs->sim[pair_a[p]][pair_b[q]] > 0.0 && pairs->sim[pair_a[q]][pair_b[p]] > 0.0)
				continue;
			lesser = share[p] < share[q] ? p : q;
			taken_back += share[lesser];
			share[lesser] = 0.0;
			if (lesser == p)
				break;
		}
	}
	return taken_back;
}

/*
 * A slip of the pen in a surname: "Мооз" for Мороз, "Grizekno" for
 * Гриценко.  Two words that are neither a given name nor a patronymic of
 * the dictionary (those have forms of their own, and a near one is another
 * name), that begin and end alike (Коваль and Ковальов are two surnames,
 * not a slip) and are at most two edits apart, the longer of five letters
 * or more (a code merges a doubled vowel: "Мооз" is MAZ).  Spelling alone cannot tell such a pair from two near
 * surnames (Гриценко, Грищенко), so only nk_similarity_allowing_slip
 * weighs it, for reconcile() to use where a birth year agrees (1.7).
 */
/* The same last letter, or the last two swapped ("Chornovlo"). */
static bool
ends_alike(const NameToken *x, const NameToken *y)
{
	char		x1 = nk_confusable_class(x->code[x->length - 1]);
	char		y1 = nk_confusable_class(y->code[y->length - 1]);

	return x1 == y1 ||
		(x1 == nk_confusable_class(y->code[y->length - 2]) &&
		 y1 == nk_confusable_class(x->code[x->length - 2]));
}

static bool
surname_slip(const NameToken *x, const NameToken *y, double similarity)
{
	int			longest = x->length > y->length ? x->length : y->length;
	int			shortest = x->length > y->length ? y->length : x->length;

	if (x->is_initial || y->is_initial || shortest < 3 || longest < 5 ||
		nk_confusable_class(x->code[0]) != nk_confusable_class(y->code[0]) ||
		!ends_alike(x, y) ||
		x->is_given_name || y->is_given_name ||
		nk_is_patronymic(x) || nk_is_patronymic(y))
		return false;
	/* similarity = 1 - half_edits / (2 * longest): at most four half edits. */
	return similarity >= 1.0 - 2.0 / longest - 1e-9;
}

static double
similarity(const NameCodes *a, const NameCodes *b, bool allow_slip)
{
	WordPairs	pairs;
	int			fewer = a->ntokens < b->ntokens ? a->ntokens : b->ntokens;
	double		total = 0.0;
	double		score;
	bool		disagree = false;
	bool		initials = false;
	int			pair_a[NK_MAX_TOKENS];
	int			pair_b[NK_MAX_TOKENS];
	double		share[NK_MAX_TOKENS];
	int			paired;

	if (fewer == 0)
		return 0.0;
	compare_words(a, b, &pairs, 0.0);
	for (paired = 0; paired < fewer; paired++)
	{
		int			bi;
		int			bj;
		double		best = most_alike_unpaired(a, b, &pairs, &bi, &bj);
		double		s;

		pairs.used_a[bi] = pairs.used_b[bj] = true;
		if (best < CLEARLY_DIFFERENT && allow_slip &&
			surname_slip(&a->tokens[bi], &b->tokens[bj], best))
		{
			/* One slip at most, weighed as it is. */
			allow_slip = false;
			s = best;
		}
		else
		{
			if (best < CLEARLY_DIFFERENT && !a->tokens[bi].is_initial && !b->tokens[bj].is_initial)
				disagree = true;

			/*
			 * A clearly different part (another patronymic, another given
			 * name) is evidence of another person, not a small blemish:
			 * below CLEARLY_DIFFERENT a token's similarity falls three
			 * times as fast.
			 */
			s = best >= CLEARLY_DIFFERENT ? best : 3.0 * best - 2.0 * CLEARLY_DIFFERENT;
		}
		pair_a[paired] = bi;
		pair_b[paired] = bj;
		share[paired] = s > 0.0 ? s : 0.0;
		initials |= a->tokens[bi].is_initial != b->tokens[bj].is_initial;
		total += share[paired];
	}
	if (initials)
		total -= misordered_initials(a, b, &pairs, pair_a, pair_b, share, fewer);
	score = name_weight(a, b, total);
	if (disagree && score > DISAGREEING_AT_MOST)
		score = DISAGREEING_AT_MOST;
	return score < 0.0 ? 0.0 : (score > 1.0 ? 1.0 : score);
}

double
nk_similarity(const NameCodes *a, const NameCodes *b)
{
	return similarity(a, b, false);
}

double
nk_similarity_allowing_slip(const NameCodes *a, const NameCodes *b)
{
	return similarity(a, b, true);
}

static bool
has_initial(const NameCodes *codes)
{
	int			i;

	for (i = 0; i < codes->ntokens; i++)
		if (codes->tokens[i].is_initial)
			return true;
	return false;
}

/*
 * nk_similarity(a, b) >= threshold, the question %~ asks of every
 * candidate the index gives.  Above DISAGREEING_AT_MOST it is answered
 * without the exact similarity of words that clearly differ: such a pair,
 * once it is the most alike left, makes the names disagree, so it decides
 * "no" whatever its value, unless an initial is left to pair (whose 0
 * would tie with it, and the order of ties decides): then the exact
 * answer.  Most candidates of a probe share a given name and patronymic
 * with the name looked up but not its surname, and this spares the edit
 * distance of the two surnames beyond their first letters.
 */
bool
nk_similarity_reaches(const NameCodes *a, const NameCodes *b, double threshold)
{
	WordPairs	pairs;
	int			fewer = a->ntokens < b->ntokens ? a->ntokens : b->ntokens;
	double		total = 0.0;
	int			paired;

	if (threshold <= DISAGREEING_AT_MOST || fewer == 0 ||
		has_initial(a) || has_initial(b))
		return nk_similarity(a, b) >= threshold;
	compare_words(a, b, &pairs, CLEARLY_DIFFERENT);
	for (paired = 0; paired < fewer; paired++)
	{
		int			bi;
		int			bj;
		double		best = most_alike_unpaired(a, b, &pairs, &bi, &bj);

		if (best < CLEARLY_DIFFERENT)
		{
			int			i;
			int			j;

			for (i = 0; i < a->ntokens; i++)
				for (j = 0; j < b->ntokens; j++)
					if (!pairs.used_a[i] && !pairs.used_b[j] &&
						(a->tokens[i].is_initial || b->tokens[j].is_initial))
						return nk_similarity(a, b) >= threshold;
			return false;
		}
		pairs.used_a[bi] = pairs.used_b[bj] = true;
		total += best;
	}
	/* As nk_similarity computes it, no pair disagreeing. */
	return name_weight(a, b, total) >= threshold;
}
