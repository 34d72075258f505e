/*
 * odbc_client.c: psqlODBC through unixODBC, making the calls Excel, Power BI
 * and Tableau make when they connect: SQLDriverConnect with the driver's
 * name, SQLTables for the views, SQLColumns for their columns and comments,
 * SQLDescribeCol on a query's result.  Every view column must be a standard
 * ODBC SQL type of a built-in PostgreSQL type; a BI tool cannot chart a
 * column it does not know.  The editor also writes phases and list entries
 * with bound parameters, and reads Cyrillic names back.
 *
 * Connection settings from the environment: PGPORT, CLIENT_DATABASE,
 * CLIENT_EDITOR, CLIENT_EDITOR_PASSWORD, CLIENT_READER, CLIENT_READER_PASSWORD,
 * ODBC_DRIVER (the name in odbcinst.ini).  Prints "ok - ..." lines; exits 1
 * at the first wrong answer.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sql.h>
#include <sqlext.h>

static SQLHENV env;
static int	checks = 0;

static void
ok(const char *what)
{
	printf("ok - %s\n", what);
	checks++;
}

static void
fail(const char *what, SQLSMALLINT handle_type, SQLHANDLE handle)
{
	SQLCHAR		state[6] = "";
	SQLCHAR		message[1024] = "";
	SQLINTEGER	native;
	SQLSMALLINT length;

	if (handle)
		SQLGetDiagRec(handle_type, handle, 1, state, &native, message, sizeof(message), &length);
	printf("not ok - %s%s%s%s\n", what, handle ? ": " : "", (char *) state, (char *) message);
	exit(1);
}

/* The SQLSTATE of a statement's last error, or "" if there was none. */
static const char *
sqlstate_of(SQLHSTMT stmt)
{
	static SQLCHAR state[6];
	SQLCHAR		message[512];
	SQLINTEGER	native;
	SQLSMALLINT length;

	if (SQLGetDiagRec(SQL_HANDLE_STMT, stmt, 1, state, &native, message, sizeof(message), &length) != SQL_SUCCESS)
		return "";
	return (const char *) state;
}

static SQLHDBC
connect_as(const char *user, const char *password)
{
	SQLHDBC		dbc;
	char		connection[1024];
	SQLCHAR		out[1024];
	SQLSMALLINT out_length;

	snprintf(connection, sizeof(connection),
			 "Driver={%s};Servername=127.0.0.1;Port=%s;Database=%s;UID=%s;PWD=%s",
			 getenv("ODBC_DRIVER"), getenv("PGPORT"), getenv("CLIENT_DATABASE"), user, password);
	SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
	if (!SQL_SUCCEEDED(SQLDriverConnect(dbc, NULL, (SQLCHAR *) connection, SQL_NTS,
										out, sizeof(out), &out_length, SQL_DRIVER_NOPROMPT)))
		fail("SQLDriverConnect", SQL_HANDLE_DBC, dbc);
	return dbc;
}

static void
exec(SQLHDBC dbc, const char *sql)
{
	SQLHSTMT	stmt;

	SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt);
	if (!SQL_SUCCEEDED(SQLExecDirect(stmt, (SQLCHAR *) sql, SQL_NTS)))
		fail(sql, SQL_HANDLE_STMT, stmt);
	SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

/*
 * Runs SQL with text parameters bound, and fails unless it ends with the
 * expected SQLSTATE ("" for success).
 */
static void
exec_params(SQLHDBC dbc, const char *sql, int nparams, const char **params,
			const char *expected_state, const char *what)
{
	SQLHSTMT	stmt;
	SQLLEN		lengths[8];
	const char *state = "";
	int			i;

	SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt);
	for (i = 0; i < nparams; i++)
	{
		lengths[i] = SQL_NTS;
		SQLBindParameter(stmt, i + 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 255, 0,
						 (SQLPOINTER) params[i], 0, &lengths[i]);
	}
	if (!SQL_SUCCEEDED(SQLExecDirect(stmt, (SQLCHAR *) sql, SQL_NTS)))
		state = sqlstate_of(stmt);
	if (strcmp(state, expected_state) != 0)
	{
		if (*state == '\0')
			printf("not ok - %s: no error, not SQLSTATE %s\n", what, expected_state);
		else
			fail(what, SQL_HANDLE_STMT, stmt);
		exit(1);
	}
	SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

/* The standard ODBC SQL types a BI tool maps to numbers, text, dates, flags. */
static const char *
standard_type_name(SQLSMALLINT type)
{
	switch (type)
	{
		case SQL_INTEGER:
			return "INTEGER";
		case SQL_BIGINT:
			return "BIGINT";
		case SQL_SMALLINT:
			return "SMALLINT";
		case SQL_NUMERIC:
			return "NUMERIC";
		case SQL_REAL:
			return "REAL";
		case SQL_DOUBLE:
			return "DOUBLE";
		case SQL_TYPE_DATE:
			return "DATE";
		case SQL_TYPE_TIMESTAMP:
			return "TIMESTAMP";
		case SQL_BIT:
			return "BIT";
		case SQL_VARCHAR:
		case SQL_WVARCHAR:
		case SQL_LONGVARCHAR:
		case SQL_WLONGVARCHAR:
			return "VARCHAR";
		default:
			return NULL;
	}
}

/* PostgreSQL's own types that those standard types come from. */
static int
is_builtin_type_name(const char *name)
{
	static const char *const builtin[] = {"int2", "int4", "int8", "numeric", "float4", "float8",
	"text", "varchar", "date", "timestamptz", "bool", NULL};
	int			i;

	for (i = 0; builtin[i]; i++)
		if (strcmp(name, builtin[i]) == 0)
			return 1;
	return 0;
}

static void
write_as_editor(SQLHDBC dbc)
{
	SQLHSTMT	stmt;
	static const char *const phases[][2] = {{"2025-05-23", "390:390"}, {"2025-05-24", "307-for-307"},
	{"2025-05-25", "304:304"}};
	static const char *const entries[][3] = {{"1", "Shevchenko Oleksandr Ivanovych", "1991"},
	{"2", "KOVALENKO PETR NIKOLAEVICH", "1985"},
	{"3", "Melnyk Taras", "1979"}};
	char		name[256];
	char		verdict[64];
	char		summary[1024] = "";
	SQLLEN		name_length,
				verdict_length;
	int			i;

	exec(dbc, "INSERT INTO prisoner_exchange.agreement (name, side_a, side_b, quota) "
		 "VALUES ('ODBC client', 'Ukraine', 'Russia', '1000:1000')");
	for (i = 0; i < 3; i++)
	{
		const char *params[2] = {phases[i][0], phases[i][1]};

		/* The third would exceed the quota: refused with 23514. */
		exec_params(dbc, "INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts) "
					"SELECT id, ?::date, ?::prisoner_exchange.exchange_phase "
					"FROM prisoner_exchange.agreement WHERE name = 'ODBC client'", 2, params,
					i < 2 ? "" : "23514", "a phase inserted with bound parameters");
	}
	ok("two phases inserted with bound parameters; one over the quota refused with 23514");

	/* Two returned in the first phase: too few for a reader's phase_composition. */
	exec(dbc, "INSERT INTO prisoner_exchange.person (full_name, birth_year, status, returned_in_phase_id) "
		 "SELECT n, y, 'returned', (SELECT min(id) FROM prisoner_exchange.phase) FROM (VALUES "
		 "('Шевченко Олександр Іванович', 1991), ('Коваленко Петро Миколайович', 1985)) AS v(n, y)");
	exec(dbc, "INSERT INTO prisoner_exchange.captive_estimate "
		 "(held_by, captive_side, category, as_of, held_at_least, returned, source) "
		 "VALUES ('Russia', 'Ukraine', 'civilian', '2025-05-24', 16000, 174, 'client test')");
	exec(dbc, "INSERT INTO prisoner_exchange.remains_transfer (agreement_id, transferred_on, to_side, from_side, bodies) "
		 "SELECT id, DATE '2025-06-11', 'Ukraine', 'Russia', 12 FROM prisoner_exchange.agreement WHERE name = 'ODBC client'");
	exec(dbc, "INSERT INTO prisoner_exchange.agreement_term (agreement_id, category, ratio) "
		 "SELECT id, 'military', '1:1' FROM prisoner_exchange.agreement WHERE name = 'ODBC client'");
	exec(dbc, "INSERT INTO prisoner_exchange.published_total (returned_to, as_of, figure) "
		 "VALUES ('Ukraine', DATE '2025-05-25', 1000)");
	exec(dbc, "INSERT INTO prisoner_exchange.exchange_list (agreement_id, sent_by, title) "
		 "SELECT id, 'Russia', 'ODBC client list' FROM prisoner_exchange.agreement WHERE name = 'ODBC client'");
	for (i = 0; i < 3; i++)
	{
		const char *params[3] = {entries[i][0], entries[i][1], entries[i][2]};

		exec_params(dbc, "INSERT INTO prisoner_exchange.list_entry (list_id, line_number, name_as_written, birth_year) "
					"SELECT id, ?::integer, ?, ?::integer FROM prisoner_exchange.exchange_list "
					"WHERE title = 'ODBC client list'", 3, params, "", "a list entry inserted with bound parameters");
	}
	exec(dbc, "SELECT prisoner_exchange.reconcile(id) FROM prisoner_exchange.exchange_list WHERE title = 'ODBC client list'");
	SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt);
	if (!SQL_SUCCEEDED(SQLExecDirect(stmt, (SQLCHAR *)
									 "SELECT COALESCE(best_name, '-'), verdict FROM prisoner_exchange.list_reconciliation "
									 "ORDER BY line_number", SQL_NTS)))
		fail("list_reconciliation", SQL_HANDLE_STMT, stmt);
	SQLBindCol(stmt, 1, SQL_C_CHAR, name, sizeof(name), &name_length);
	SQLBindCol(stmt, 2, SQL_C_CHAR, verdict, sizeof(verdict), &verdict_length);
	while (SQL_SUCCEEDED(SQLFetch(stmt)))
		snprintf(summary + strlen(summary), sizeof(summary) - strlen(summary), "%s|%s;", name, verdict);
	SQLFreeHandle(SQL_HANDLE_STMT, stmt);
	if (strcmp(summary, "Шевченко Олександр Іванович|matched;Коваленко Петро Миколайович|matched;-|not in registry;") != 0)
	{
		printf("not ok - list reconciliation read through ODBC: %s\n", summary);
		exit(1);
	}
	ok("list entries inserted with bound parameters and reconciled: 2 matched, read back in Cyrillic, 1 not in the registry");
}

/*
 * What a BI tool does: SQLTables for the views, SQLColumns for each, then
 * SQLDescribeCol on SELECT *.  Views the role may not read are refused.
 */
static void
check_views(SQLHDBC dbc, const char *role, int editor)
{
	SQLHSTMT	tables;
	char		views[16][128];
	int			nviews = 0;
	int			v;
	SQLCHAR		view_name[128];
	SQLLEN		view_length;

	SQLAllocHandle(SQL_HANDLE_STMT, dbc, &tables);
	if (!SQL_SUCCEEDED(SQLTables(tables, NULL, 0, (SQLCHAR *) "prisoner_exchange", SQL_NTS,
								 (SQLCHAR *) "%", SQL_NTS, (SQLCHAR *) "VIEW", SQL_NTS)))
		fail("SQLTables", SQL_HANDLE_STMT, tables);
	SQLBindCol(tables, 3, SQL_C_CHAR, view_name, sizeof(view_name), &view_length);
	while (SQL_SUCCEEDED(SQLFetch(tables)) && nviews < 16)
		snprintf(views[nviews++], sizeof(views[0]), "%s", (char *) view_name);
	SQLFreeHandle(SQL_HANDLE_STMT, tables);
	if (nviews != 11)
	{
		printf("not ok - SQLTables lists %d views in prisoner_exchange, not 11\n", nviews);
		exit(1);
	}

	for (v = 0; v < nviews; v++)
	{
		SQLHSTMT	columns,
					query;
		char		sql[256];
		char		line[512];
		SQLCHAR		column_name[128],
					type_name[128],
					remarks[1024];
		SQLLEN		column_name_length,
					type_name_length,
					remarks_length;
		SQLSMALLINT data_type,
					ncols,
					i;
		int			listed = 0,
					rows = 0,
					is_readable = editor || (strcmp(views[v], "list_reconciliation") != 0 &&
											 strcmp(views[v], "list_candidates") != 0);

		snprintf(sql, sizeof(sql), "SELECT * FROM prisoner_exchange.%s", views[v]);
		SQLAllocHandle(SQL_HANDLE_STMT, dbc, &query);
		if (!is_readable)
		{
			const char *state = SQL_SUCCEEDED(SQLExecDirect(query, (SQLCHAR *) sql, SQL_NTS)) ? "" : sqlstate_of(query);

			if (strcmp(state, "42501") != 0)
			{
				printf("not ok - %s reading %s: SQLSTATE '%s', not 42501\n", role, views[v], state);
				exit(1);
			}
			snprintf(line, sizeof(line), "%s: %s (names people) is refused with 42501", role, views[v]);
			ok(line);
			SQLFreeHandle(SQL_HANDLE_STMT, query);
			continue;
		}

		SQLAllocHandle(SQL_HANDLE_STMT, dbc, &columns);
		if (!SQL_SUCCEEDED(SQLColumns(columns, NULL, 0, (SQLCHAR *) "prisoner_exchange", SQL_NTS,
									  (SQLCHAR *) views[v], SQL_NTS, (SQLCHAR *) "%", SQL_NTS)))
			fail("SQLColumns", SQL_HANDLE_STMT, columns);
		SQLBindCol(columns, 4, SQL_C_CHAR, column_name, sizeof(column_name), &column_name_length);
		SQLBindCol(columns, 5, SQL_C_SSHORT, &data_type, 0, NULL);
		SQLBindCol(columns, 6, SQL_C_CHAR, type_name, sizeof(type_name), &type_name_length);
		SQLBindCol(columns, 12, SQL_C_CHAR, remarks, sizeof(remarks), &remarks_length);
		while (SQL_SUCCEEDED(SQLFetch(columns)))
		{
			if (!standard_type_name(data_type) || !is_builtin_type_name((char *) type_name))
			{
				printf("not ok - %s.%s: SQLColumns gives DATA_TYPE %d, TYPE_NAME %s: not a standard SQL type\n",
					   views[v], column_name, data_type, type_name);
				exit(1);
			}
			listed++;
		}
		SQLFreeHandle(SQL_HANDLE_STMT, columns);

		if (!SQL_SUCCEEDED(SQLExecDirect(query, (SQLCHAR *) sql, SQL_NTS)))
			fail(sql, SQL_HANDLE_STMT, query);
		SQLNumResultCols(query, &ncols);
		for (i = 1; i <= ncols; i++)
		{
			SQLSMALLINT name_length,
						type,
						scale,
						nullable;
			SQLULEN		size;

			SQLDescribeCol(query, i, column_name, sizeof(column_name), &name_length, &type, &size, &scale, &nullable);
			if (!standard_type_name(type))
			{
				printf("not ok - %s.%s: SQLDescribeCol gives SQL type %d, not a standard one\n",
					   views[v], column_name, type);
				exit(1);
			}
		}
		while (SQL_SUCCEEDED(SQLFetch(query)))
			rows++;
		SQLFreeHandle(SQL_HANDLE_STMT, query);
		if (ncols != listed || ncols == 0)
		{
			printf("not ok - %s: SQLColumns lists %d columns, the query has %d\n", views[v], listed, ncols);
			exit(1);
		}
		/* Every view has rows; a reader sees no group smaller than 5. */
		if (!editor && strcmp(views[v], "phase_composition") == 0 ? rows != 0 : rows == 0)
		{
			printf("not ok - %s reads %d rows of %s\n", role, rows, views[v]);
			exit(1);
		}
		snprintf(line, sizeof(line), "%s: %s: %d columns, standard types (SQLColumns and SQLDescribeCol); %d rows",
				 role, views[v], ncols, rows);
		ok(line);
	}
}

int
main(void)
{
	SQLHDBC		editor,
				reader;

	/* Names travel as UTF-8 between this program and the driver. */
	setlocale(LC_ALL, "C.UTF-8");
	SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
	SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0);

	editor = connect_as(getenv("CLIENT_EDITOR"), getenv("CLIENT_EDITOR_PASSWORD"));
	reader = connect_as(getenv("CLIENT_READER"), getenv("CLIENT_READER_PASSWORD"));
	ok("connected with SQLDriverConnect over TCP, as an editor and as a reader");
	write_as_editor(editor);
	check_views(reader, "reader", 0);
	check_views(editor, "editor", 1);

	SQLDisconnect(editor);
	SQLDisconnect(reader);
	SQLFreeHandle(SQL_HANDLE_DBC, editor);
	SQLFreeHandle(SQL_HANDLE_DBC, reader);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	printf("ODBC client: %d checks passed\n", checks);
	return 0;
}
