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
	if (nk_patronymic_stem(x->code, x->length, stem_x, &suffix_x) &&
		nk_patronymic_stem(y->code, y->length, stem_y, &suffix_y))
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
