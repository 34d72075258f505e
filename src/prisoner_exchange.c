/*-------------------------------------------------------------------------
 *
 * prisoner_exchange.c
 *	  Module entry point and the facts about the module itself.
 *
 * The type lives in phase_*.c and the name functions in name_*.c; this
 * file holds what belongs to the library as a whole: loading it, its
 * settings, and the ICU it runs with.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include <unicode/uversion.h>

#include "name_sql.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * The smallest group phase_composition shows to a role that is not an
 * editor.  PGC_SUSET: a reader must not be able to lower it for himself.
 */
static int	min_group_size = 5;

/* Settings are defined when the module loads, so SET works at once. */
void
_PG_init(void)
{
	pe_define_name_settings();
	DefineCustomIntVariable("prisoner_exchange.min_group_size",
							"Smallest group of people phase_composition shows to readers.",
							"Groups with fewer people are shown to members of prisoner_exchange_editor only, "
							"so that a dashboard cannot reveal who came home.",
							&min_group_size,
							5, 1, 1000000,
							PGC_SUSET, 0,
							NULL, NULL, NULL);
	MarkGUCPrefixReserved("prisoner_exchange");
}

/* min_group_size(): the setting, read with the module loaded */
PG_FUNCTION_INFO_V1(pe_min_group_size);
Datum
pe_min_group_size(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(min_group_size);
}

/*
 * icu_version(): the ICU the module was loaded with.  Name keys are
 * computed with ICU, so an index built on them is only valid for one ICU
 * version; users compare this value after an upgrade to know whether to
 * REINDEX.
 */
PG_FUNCTION_INFO_V1(pe_icu_version);
Datum
pe_icu_version(PG_FUNCTION_ARGS)
{
	UVersionInfo version;
	char		text[U_MAX_VERSION_STRING_LENGTH];

	u_getVersion(version);
	u_versionToString(version, text);
	PG_RETURN_TEXT_P(cstring_to_text(text));
}
