/*-------------------------------------------------------------------------
 *
 * phase_io.c
 *	  Text and binary input/output of exchange_phase, and its constructor.
 *
 * The grammar itself lives in phase_core.c; this file only turns the
 * core's verdicts into errors a person can act on.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "nodes/nodes.h"

#include "exchange_phase.h"
#include "pg_compat.h"

/*
 * Inputs can be arbitrarily long (a client may send 10,000 digits); the
 * error message quotes at most this many bytes of them, cut on a
 * character boundary, so that the log line stays readable.
 */
#define QUOTED_INPUT_MAX	64

#define BINARY_FORM_HINT \
	"The binary form is exactly 8 bytes: side A, then side B, each a " \
	"big-endian int4: a count from 0 to 2147483647, or -1 - N for " \
	"\"at least N\" (-1 for not published)."

#define ACCEPTED_FORMS_HINT \
	"Write two whole numbers from 0 to 2147483647, side A first, as in " \
	"\"390:390\", \"390-for-390\", \"390 for 390\" or \"1,000-for-1,000\"; " \
	"\"?\" for a count not published, \"130+\" for at least 130."

static char *
quoted_input(const char *input)
{
	size_t		len = strlen(input);
	int			clipped;

	if (len <= QUOTED_INPUT_MAX)
		return pstrdup(input);
	clipped = pg_mbcliplen(input, (int) len, QUOTED_INPUT_MAX);
	return psprintf("%.*s...", clipped, input);
}

/* The offending character or token, for errdetail. */
static char *
offending_text(const char *input, const PhaseParseError *error)
{
	size_t		len = error->length;

	if (len == 0)
		return NULL;
	if (len == 1)
		len = pg_mblen(input + error->offset);
	if (len > QUOTED_INPUT_MAX)
		return psprintf("%.*s...",
						pg_mbcliplen(input + error->offset, (int) len,
									 QUOTED_INPUT_MAX),
						input + error->offset);
	return pnstrdup(input + error->offset, len);
}

/*
 * Report why the input is not an exchange_phase.  Under a soft-error
 * context (pg_input_is_valid(), COPY ... ON_ERROR; 16 and later) the error
 * is saved there and this returns; otherwise it raises.
 */
static void
report_parse_error(const char *input, const PhaseParseError *error, Node *escontext)
{
	char	   *shown = quoted_input(input);
	char	   *token = offending_text(input, error);

	switch (error->status)
	{
		case PE_PARSE_NEGATIVE:
			errsave(escontext,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value \"%s\" is out of range for type exchange_phase",
							shown),
					 errdetail("The count \"%s\" is negative; counts are numbers of people.",
							   token),
					 errhint(ACCEPTED_FORMS_HINT)));
			return;
		case PE_PARSE_OUT_OF_RANGE:
			errsave(escontext,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value \"%s\" is out of range for type exchange_phase",
							shown),
					 errdetail("The count \"%s\" is larger than 2147483647.",
							   token),
					 errhint(ACCEPTED_FORMS_HINT)));
			return;
		case PE_PARSE_BAD_UNKNOWN:
			errsave(escontext,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type exchange_phase: \"%s\"",
							shown),
					 errdetail("\"%s\": \"?\" stands alone for a count not published; a lower bound is written \"130+\".",
							   token),
					 errhint(ACCEPTED_FORMS_HINT)));
			return;
		case PE_PARSE_EMPTY:
			errsave(escontext,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type exchange_phase: \"%s\"",
							shown),
					 errdetail("The input is empty."),
					 errhint(ACCEPTED_FORMS_HINT)));
			return;
		case PE_PARSE_BAD_GROUPING:
			errsave(escontext,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type exchange_phase: \"%s\"",
							shown),
					 errdetail("In \"%s\", commas are not thousands separators in groups of three digits.",
							   token),
					 errhint(ACCEPTED_FORMS_HINT)));
			return;
		case PE_PARSE_EXPECTED_COUNT:
		case PE_PARSE_EXPECTED_SEPARATOR:
		case PE_PARSE_TRAILING:
			{
				const char *wanted =
					error->status == PE_PARSE_EXPECTED_COUNT ? "a count" :
					error->status == PE_PARSE_EXPECTED_SEPARATOR ?
					"\":\", \"-for-\" or \" for \"" : "the end of the input";

				if (token == NULL)
					errsave(escontext,
							(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
							 errmsg("invalid input syntax for type exchange_phase: \"%s\"",
									shown),
							 errdetail("Expected %s at the end of the input.",
									   wanted),
							 errhint(ACCEPTED_FORMS_HINT)));
				else
					errsave(escontext,
							(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
							 errmsg("invalid input syntax for type exchange_phase: \"%s\"",
									shown),
							 errdetail("Expected %s at character %d, found \"%s\".",
									   wanted,
									   pg_mbstrlen_with_len(input, (int) error->offset) + 1,
									   token),
							 errhint(ACCEPTED_FORMS_HINT)));
			}
			return;
		case PE_PARSE_OK:
			break;
	}
	elog(ERROR, "unexpected exchange_phase parse status %d", (int) error->status);
}

/* exchange_phase_in: text form to value */
PG_FUNCTION_INFO_V1(exchange_phase_in);
Datum
exchange_phase_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	PhaseCounts counts;
	PhaseParseError error;

	if (!pe_parse_counts(input, strlen(input), &counts, &error))
	{
		report_parse_error(input, &error, fcinfo->context);
		/* Reached only when the error was saved, softly: no value. */
		PG_RETURN_NULL();
	}
	PG_RETURN_EXCHANGE_PHASE(counts);
}

/* exchange_phase_out: value to its canonical text form "A:B" ("?", "N+") */
PG_FUNCTION_INFO_V1(exchange_phase_out);
Datum
exchange_phase_out(PG_FUNCTION_ARGS)
{
	PhaseCounts counts = PG_GETARG_EXCHANGE_PHASE(0);
	char	   *result = palloc(PE_FORMAT_BUFSIZE);

	pe_format_counts(counts, result);
	PG_RETURN_CSTRING(result);
}

/*
 * exchange_phase_recv: binary wire form (two big-endian int4) to value.
 * Every 8 bytes are a value: a negative int4 -1 - N is "at least N".
 */
PG_FUNCTION_INFO_V1(exchange_phase_recv);
Datum
exchange_phase_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			remaining = buf->len - buf->cursor;
	PhaseCounts counts;

	if (remaining != PE_WIRE_SIZE ||
		!pe_decode_counts((const unsigned char *) buf->data + buf->cursor,
						  remaining, &counts))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary exchange_phase of %d bytes", remaining),
				 errhint(BINARY_FORM_HINT)));
	buf->cursor += PE_WIRE_SIZE;
	PG_RETURN_EXCHANGE_PHASE(counts);
}

/* exchange_phase_send: value to its binary wire form */
PG_FUNCTION_INFO_V1(exchange_phase_send);
Datum
exchange_phase_send(PG_FUNCTION_ARGS)
{
	PhaseCounts counts = PG_GETARG_EXCHANGE_PHASE(0);
	unsigned char wire[PE_WIRE_SIZE];
	StringInfoData buf;

	pe_encode_counts(counts, wire);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) wire, PE_WIRE_SIZE);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* exchange_phase(side_a, side_b): build a value from two integers */
PG_FUNCTION_INFO_V1(exchange_phase_make);
Datum
exchange_phase_make(PG_FUNCTION_ARGS)
{
	PhaseCounts counts;

	counts.side_a = PG_GETARG_INT32(0);
	counts.side_b = PG_GETARG_INT32(1);
	if (counts.side_a < 0 || counts.side_b < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("exchange_phase(%d, %d) has a negative count",
						counts.side_a, counts.side_b),
				 errhint("Each count is a number of people, from 0 to 2147483647.")));
	PG_RETURN_EXCHANGE_PHASE(counts);
}

/*
 * exchange_phase_published(side_a, side_b): as exchange_phase(), but not
 * strict: a NULL side is a count not published ("?").  Built for loading
 * rows whose empty cells mean "not published", such as the record's CSV.
 */
PG_FUNCTION_INFO_V1(exchange_phase_make_published);
Datum
exchange_phase_make_published(PG_FUNCTION_ARGS)
{
	PhaseCounts counts;

	counts.side_a = PG_ARGISNULL(0) ? PE_SIDE_UNPUBLISHED : PG_GETARG_INT32(0);
	counts.side_b = PG_ARGISNULL(1) ? PE_SIDE_UNPUBLISHED : PG_GETARG_INT32(1);
	if ((!PG_ARGISNULL(0) && counts.side_a < 0) ||
		(!PG_ARGISNULL(1) && counts.side_b < 0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("exchange_phase_published(%s, %s) has a negative count",
						PG_ARGISNULL(0) ? "NULL" : psprintf("%d", PG_GETARG_INT32(0)),
						PG_ARGISNULL(1) ? "NULL" : psprintf("%d", PG_GETARG_INT32(1))),
				 errhint("Each count is a number of people, from 0 to 2147483647, or NULL when not published.")));
	PG_RETURN_EXCHANGE_PHASE(counts);
}

/*
 * exchange_phase_at_least(side_a, side_b): a value whose sides were
 * published only as lower bounds ("more than 1,000"); 0 gives "?".
 */
PG_FUNCTION_INFO_V1(exchange_phase_make_at_least);
Datum
exchange_phase_make_at_least(PG_FUNCTION_ARGS)
{
	int32		a = PG_GETARG_INT32(0);
	int32		b = PG_GETARG_INT32(1);
	PhaseCounts counts;

	if (a < 0 || b < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("exchange_phase_at_least(%d, %d) has a negative bound", a, b),
				 errhint("Each bound is a number of people, from 0 to 2147483647.")));
	counts.side_a = pe_side_lower_bound(a);
	counts.side_b = pe_side_lower_bound(b);
	PG_RETURN_EXCHANGE_PHASE(counts);
}
