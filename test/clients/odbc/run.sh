#!/usr/bin/env bash
# odbc/run.sh: psqlODBC (Debian's odbc-postgresql) through unixODBC, as
# called by test/clients/run.sh with CLIENT_DATABASE and the two login
# roles in the environment.  First odbc_client.c, which makes a BI tool's
# calls (SQLTables, SQLColumns, SQLDescribeCol) and writes with bound
# parameters; then isql, unixODBC's command-line client, reads every view
# the reader may read through a data source name, as a user would set one
# up for Excel or Power BI, and the rows must be those psql counts for the
# same role.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The Unicode driver, registered in /etc/odbcinst.ini by odbc-postgresql.
export ODBC_DRIVER="PostgreSQL Unicode"
odbcinst -q -d -n "$ODBC_DRIVER" >/dev/null || {
    echo "not ok - ODBC driver '$ODBC_DRIVER' is not registered (odbcinst -q -d)"
    exit 1
}

cc -Wall -Werror -o "$work/odbc_client" odbc_client.c -lodbc
"$work/odbc_client"

# A user data source of this run only (ODBCINI), with no password in it.
cat >"$work/odbc.ini" <<EOF
[prisoner_exchange]
Description = prisoner_exchange, read by isql as a BI tool would
Driver      = $ODBC_DRIVER
Servername  = 127.0.0.1
Port        = $PGPORT
Database    = $CLIENT_DATABASE
EOF
export ODBCINI="$work/odbc.ini"
views=$(psql -X -A -t -d "$CLIENT_DATABASE" -c "
    SELECT c.relname FROM pg_catalog.pg_class AS c
    WHERE c.relnamespace = 'prisoner_exchange'::pg_catalog.regnamespace AND c.relkind = 'v'
      AND pg_catalog.has_table_privilege('prisoner_exchange_reader', c.oid, 'SELECT')
    ORDER BY c.relname COLLATE \"C\"")
read_views=0
for view in $views; do
    # -b batch, -c a header line, -d| as the field separator.
    if ! echo "SELECT * FROM prisoner_exchange.$view" |
        isql -b -c -d'|' prisoner_exchange "$CLIENT_READER" "$CLIENT_READER_PASSWORD" >"$work/$view.out" 2>&1; then
        echo "not ok - isql could not read $view:"
        cat "$work/$view.out"
        exit 1
    fi
    if grep -q '^\[' "$work/$view.out"; then        # an ODBC diagnostic
        echo "not ok - isql reading $view:"
        cat "$work/$view.out"
        exit 1
    fi
    got=$(grep -vc -e '^SQLRowCount' "$work/$view.out" || true)
    got=$((got - 1))                                # the header line
    want=$(psql -X -q -A -t -d "$CLIENT_DATABASE" -c "SET ROLE $CLIENT_READER" \
        -c "SELECT count(*) FROM prisoner_exchange.$view")
    columns=$(head -1 "$work/$view.out" | tr '|' '\n' | wc -l)
    if [ "$got" != "$want" ]; then
        echo "not ok - isql read $got rows of $view, psql counts $want"
        exit 1
    fi
    echo "ok - isql, as the reader, through a DSN: $view, $columns columns, $got rows"
    read_views=$((read_views + 1))
done
[ "$read_views" -eq 9 ] || { echo "not ok - isql read $read_views views, not the reader's 9"; exit 1; }
