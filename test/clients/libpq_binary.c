/*
 * libpq_binary.c: a binary-protocol client, as drivers that use libpq's
 * binary format are: exchange_phase sent and received as its 8 wire
 * bytes through PQexecParams, the views read in binary with their column
 * types, and a malformed value refused with 22P03.  Prints "ok - ..." lines
 * and exits non-zero on the first failure.  Connects through the libpq
 * environment variables.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

static PGconn *conn;
static int	checks = 0;

static void
fail(const char *what, PGresult *res)
{
	fprintf(stderr, "not ok - %s: %s\n", what,
			res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
	exit(1);
}

static void
ok(const char *what)
{
	printf("ok - %s\n", what);
	checks++;
}

static PGresult *
run(const char *sql)
{
	PGresult   *res = PQexec(conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		fail(sql, res);
	return res;
}

static uint32_t
be32(const unsigned char *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

int
main(void)
{
	PGresult   *res;
	unsigned int phase_oid;
	unsigned char wire[8] = {0, 0, 0x01, 0x33, 0, 0, 0x01, 0x33};	/* 307:307 */
	const char *values[2];
	int			lengths[2];
	int			formats[2] = {1, 1};
	Oid			types[2];
	int			i;

	conn = PQconnectdb("");
	if (PQstatus(conn) != CONNECTION_OK)
		fail("connect", NULL);
	PQclear(run("SET search_path = prisoner_exchange, public"));
	res = run("SELECT 'prisoner_exchange.exchange_phase'::regtype::oid");
	phase_oid = (unsigned int) strtoul(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	PQclear(run("INSERT INTO agreement (id, name, side_a, side_b, quota) "
				"VALUES (1, 'Binary client', 'Ukraine', 'Russia', '1000:1000')"));

	/* Send a phase as its 8 wire bytes. */
	values[0] = "1";
	lengths[0] = 1;
	formats[0] = 0;
	types[0] = 20;				/* int8, as text */
	values[1] = (const char *) wire;
	lengths[1] = 8;
	formats[1] = 1;
	types[1] = phase_oid;
	res = PQexecParams(conn,
					   "INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES ($1, '2025-05-24', $2) RETURNING counts::text",
					   2, types, values, lengths, formats, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || strcmp(PQgetvalue(res, 0, 0), "307:307") != 0)
		fail("a phase sent in binary reads back as 307:307", res);
	PQclear(res);
	ok("a phase sent as 8 binary bytes is stored as 307:307");

	/* Receive it in binary. */
	res = PQexecParams(conn, "SELECT counts FROM phase WHERE agreement_id = 1", 0, NULL, NULL, NULL, NULL, 1);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQftype(res, 0) != phase_oid ||
		PQgetlength(res, 0, 0) != 8 ||
		be32((const unsigned char *) PQgetvalue(res, 0, 0)) != 307 ||
		be32((const unsigned char *) PQgetvalue(res, 0, 0) + 4) != 307)
		fail("the phase received in binary is 8 bytes, 307 and 307", res);
	PQclear(res);
	ok("the phase received in binary is 8 big-endian bytes: 307, 307");

	/* A malformed value: 4 bytes.  Refused, with its SQLSTATE. */
	lengths[1] = 4;
	res = PQexecParams(conn, "SELECT $2::text, $1", 2, types, values, lengths, formats, 0);
	if (PQresultStatus(res) != PGRES_FATAL_ERROR ||
		strcmp(PQresultErrorField(res, PG_DIAG_SQLSTATE), "22P03") != 0)
		fail("a 4-byte exchange_phase is refused with 22P03", res);
	PQclear(res);
	ok("a 4-byte binary exchange_phase is refused with 22P03");

	/* The views in binary: standard types, numbers as numbers. */
	res = PQexecParams(conn,
					   "SELECT returned_side_a, returned_total, percent_complete, status, agreed_on, balance_kept "
					   "FROM agreement_progress WHERE agreement_id = 1", 0, NULL, NULL, NULL, NULL, 1);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail("agreement_progress in binary", res);
	{
		Oid			expected[6] = {23, 20, 1700, 25, 1082, 16};	/* int4 int8 numeric text date bool */

		for (i = 0; i < 6; i++)
			if (PQftype(res, i) != expected[i])
				fail("agreement_progress has standard column types", res);
	}
	if (be32((const unsigned char *) PQgetvalue(res, 0, 0)) != 307)
		fail("returned_side_a in binary is 307", res);
	PQclear(res);
	ok("agreement_progress read in binary: int4, int8, numeric, text, date, bool; returned_side_a = 307");

	PQclear(run("SET client_min_messages = warning"));
	PQclear(run("TRUNCATE phase, agreement RESTART IDENTITY CASCADE"));
	PQfinish(conn);
	printf("libpq binary client: %d checks passed\n", checks);
	return 0;
}
