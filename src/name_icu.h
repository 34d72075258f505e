/*-------------------------------------------------------------------------
 *
 * name_icu.h
 *	  ICU inside the backend: text to UTF-16 in any server encoding,
 *	  normalization, and transliterators opened once per backend.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NAME_ICU_H
#define NAME_ICU_H

#include "postgres.h"

#include <unicode/utypes.h>

#include "name_core.h"

/* Longest name accepted, in characters (code points). */
#define PE_MAX_NAME_LENGTH	1000

/* Analyse a name given in the server encoding. */
extern void pe_analyze_name(const char *name, int length, NameCodes *codes);

/*
 * Why a name in the server encoding cannot be matched (palloc'd text), or
 * NULL when it can; raises no error for the name itself.
 */
extern char *pe_name_problem(const char *s, int length);

/* Whether a text in the server encoding has a letter, in any locale. */
extern bool pe_text_has_letters(const char *s, int length);

#endif							/* NAME_ICU_H */
