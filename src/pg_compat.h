/*-------------------------------------------------------------------------
 *
 * pg_compat.h
 *	  What differs between the PostgreSQL releases the extension builds
 *	  for, 15 to 18, in one place, so that the other files read as
 *	  written for the newest.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PG_COMPAT_H
#define PG_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM >= 160000
/* 16 moved the varlena macros (VARDATA_ANY, VARSIZE_ANY_EXHDR) here. */
#include "varatt.h"
#else
/*
 * Soft input errors (pg_input_is_valid(), COPY ... ON_ERROR) came with 16.
 * Before it an input function has no one to hand an error to: it raises.
 */
#define errsave(context, ...) \
	do { \
		(void) (context); \
		ereport(ERROR, __VA_ARGS__); \
	} while (0)
#endif

#endif							/* PG_COMPAT_H */
