/*-------------------------------------------------------------------------
 *
 * prisoner_exchange.c
 *	  Module entry point and the facts about the module itself.
 *
 * The type lives in phase_*.c; this file holds what belongs to the
 * library as a whole.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include <unicode/uversion.h>

PG_MODULE_MAGIC;

void		_PG_init(void);
extern void pe_define_name_settings(void);

/* Settings are defined when the module loads, so SET works at once. */
void
_PG_init(void)
{
	pe_define_name_settings();
	MarkGUCPrefixReserved("prisoner_exchange");
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
