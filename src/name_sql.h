/*-------------------------------------------------------------------------
 *
 * name_sql.h
 *	  What the module's entry point needs of the SQL name functions.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NAME_SQL_H
#define NAME_SQL_H

/* Define prisoner_exchange.name_match_threshold; called from _PG_init. */
extern void pe_define_name_settings(void);

#endif							/* NAME_SQL_H */
