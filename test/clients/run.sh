#!/usr/bin/env bash
# run.sh: the client tests, against the server in the libpq environment:
# the libpq binary-protocol client (libpq_binary.c), built here, and
# node-postgres (node/client_test.js).  Each
# prints "ok - ..." lines and fails on the first wrong answer.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=test/scratch_db.sh
. test/scratch_db.sh
db=prisoner_exchange_clients
work=$(mktemp -d)
on_exit rm -rf "$work"
scratch_db "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION prisoner_exchange'

cc -Wall -Werror -o "$work/libpq_binary" test/clients/libpq_binary.c \
    -I"$("${PG_CONFIG:-pg_config}" --includedir)" -L"$("${PG_CONFIG:-pg_config}" --libdir)" -lpq
PGDATABASE=$db "$work/libpq_binary"

# node-postgres, from the npm registry, installed here when missing.  A
# machine that cannot reach the registry (no network, or TLS intercepted
# by a proxy whose certificate it does not trust) skips this client, and
# says so; it is not counted as passed.
if [ ! -d test/clients/node/node_modules/pg ]; then
    if ! (cd test/clients/node && npm ci --no-audit --no-fund --omit-lockfile-registry-resolved) >"$work/npm.log" 2>&1; then
        echo "skip - node-postgres client: npm could not install pg: $(grep -m1 -E 'ERR! (code|request)' "$work/npm.log" || tail -1 "$work/npm.log")"
        exit 0
    fi
fi
PGDATABASE=$db node test/clients/node/client_test.js
