#!/usr/bin/env bash
# run.sh [CLIENT...]: the client tests, against the server in the libpq
# environment, each in a fresh database of its own, each writing phases and
# list entries and reading the views and the type:
#   psql     libpq through psql: text and binary COPY out and back in
#   libpq    a C client in libpq's binary format (libpq_binary.c)
#   node     node-postgres, from the npm registry (node/client_test.js)
#   python   psycopg2, Debian's (python/client_test.py)
#   go       database/sql with lib/pq, Debian's (go/client.go)
#   jdbc     Debian's PostgreSQL JDBC driver, over TCP (jdbc/ClientTest.java)
#   odbc     Debian's psqlODBC through unixODBC's isql (odbc/run.sh)
# With no argument, all seven.  JDBC and ODBC log in over TCP with a
# password as BI tools do, as two roles made for the run: a member of
# prisoner_exchange_editor and one of prisoner_exchange_reader; the server
# must listen on 127.0.0.1 (pg_virtualenv's cluster, as make test starts
# it, does).  Each prints "ok - ..." lines and fails at the first wrong
# answer.  Packages are installed by make test (test/run-tests.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=test/scratch_db.sh
. test/scratch_db.sh
clients=("$@")
[ ${#clients[@]} -gt 0 ] || clients=(psql libpq node python go jdbc odbc)
work=$(mktemp -d)
on_exit rm -rf "$work"

# The two login roles for the TCP clients, with passwords of this run only.
# Roles belong to the cluster: dropped on exit, after the databases.
login_roles() {
    [ -z "${CLIENT_EDITOR:-}" ] || return 0
    CLIENT_EDITOR=pe_client_editor
    CLIENT_READER=pe_client_reader
    CLIENT_EDITOR_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    CLIENT_READER_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    export CLIENT_EDITOR CLIENT_READER CLIENT_EDITOR_PASSWORD CLIENT_READER_PASSWORD
    on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS $CLIENT_EDITOR, $CLIENT_READER'"
    psql -X -q -v ON_ERROR_STOP=1 -d postgres \
        -v editor="$CLIENT_EDITOR" -v reader="$CLIENT_READER" \
        -v editor_password="$CLIENT_EDITOR_PASSWORD" -v reader_password="$CLIENT_READER_PASSWORD" <<'SQL'
SET client_min_messages = warning;
DROP ROLE IF EXISTS :"editor", :"reader";
SET password_encryption = 'scram-sha-256';
CREATE ROLE :"editor" LOGIN PASSWORD :'editor_password' IN ROLE prisoner_exchange_editor;
CREATE ROLE :"reader" LOGIN PASSWORD :'reader_password' IN ROLE prisoner_exchange_reader;
SQL
}

run_psql() {
    extension_db prisoner_exchange_client_psql
    local script=$PWD/test/clients/psql_copy.sql
    mkdir "$work/psql"
    if ! (cd "$work/psql" && PGDATABASE=prisoner_exchange_client_psql psql -X -q -v ON_ERROR_STOP=1 \
        -f "$script") >"$work/psql.out" 2>&1; then
        echo "not ok - psql: test/clients/psql_copy.sql failed:"
        cat "$work/psql.out"
        return 1
    fi
    if ! diff -u test/clients/psql_copy.expected "$work/psql.out"; then
        echo "not ok - psql: output differs from test/clients/psql_copy.expected"
        return 1
    fi
    grep '^ok - ' "$work/psql.out"
}

run_libpq() {
    extension_db prisoner_exchange_client_libpq
    cc -Wall -Werror -o "$work/libpq_binary" test/clients/libpq_binary.c \
        -I"$("${PG_CONFIG:-pg_config}" --includedir)" -L"$("${PG_CONFIG:-pg_config}" --libdir)" -lpq
    PGDATABASE=prisoner_exchange_client_libpq "$work/libpq_binary"
}

# node-postgres, from the npm registry (the version in package-lock.json),
# installed here when missing.  A machine that cannot reach the registry
# (no network, or TLS intercepted by a proxy whose certificate it does not
# trust) uses Debian's packaged node-pg instead, and says so.
run_node() {
    local node_path=""
    if [ ! -d test/clients/node/node_modules/pg ]; then
        if ! (cd test/clients/node && npm ci --no-audit --no-fund --omit-lockfile-registry-resolved) >"$work/npm.log" 2>&1; then
            echo "note - npm could not install pg ($(grep -m1 -E 'ERR! (code|request)' "$work/npm.log" || tail -1 "$work/npm.log")); using Debian's node-pg"
            test/ensure-deps.sh node-pg >"$work/apt.log" 2>&1 || {
                cat "$work/apt.log"; echo "not ok - node-postgres: neither npm nor Debian's node-pg"; return 1; }
            node_path=/usr/share/nodejs
        fi
    fi
    extension_db prisoner_exchange_client_node
    PGDATABASE=prisoner_exchange_client_node NODE_PATH=$node_path node test/clients/node/client_test.js
}

run_python() {
    extension_db prisoner_exchange_client_python
    # Debian's interpreter, whose packages include python3-psycopg2, not
    # whichever python3 comes first on the PATH.
    PGDATABASE=prisoner_exchange_client_python /usr/bin/python3 test/clients/python/client_test.py
}

# GOPATH mode against Debian's Go sources: nothing is downloaded.
run_go() {
    extension_db prisoner_exchange_client_go
    # lib/pq refuses to start when PGSYSCONFDIR is set (pg_virtualenv sets
    # it; the other variables it needs are set too).
    env -u PGSYSCONFDIR PGDATABASE=prisoner_exchange_client_go GO111MODULE=off GOPATH=/usr/share/gocode \
        GOCACHE="$work/gocache" GOFLAGS= go run test/clients/go/client.go
}

run_jdbc() {
    extension_db prisoner_exchange_client_jdbc
    login_roles
    CLIENT_DATABASE=prisoner_exchange_client_jdbc \
        java -cp /usr/share/java/postgresql.jar test/clients/jdbc/ClientTest.java
}

run_odbc() {
    extension_db prisoner_exchange_client_odbc
    login_roles
    CLIENT_DATABASE=prisoner_exchange_client_odbc test/clients/odbc/run.sh
}

for client in "${clients[@]}"; do
    case "$client" in
        psql | libpq | node | python | go | jdbc | odbc) "run_$client" ;;
        *) echo "run.sh: unknown client $client (psql, libpq, node, python, go, jdbc, odbc)" >&2; exit 2 ;;
    esac
done
