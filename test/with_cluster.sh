#!/usr/bin/env bash
# with_cluster.sh [--no-build] [-o name=value]... COMMAND...: install what
# is missing, build and install the extension (unless --no-build), then run
# COMMAND under pg_virtualenv: a throwaway cluster of the installed
# PostgreSQL, listening on localhost, which the libpq variables (PGHOST,
# PGPORT, PGUSER, PGPASSWORD, PGDATABASE) point at, dropped when COMMAND
# ends.  Each -o sets a server setting.  For 'make test', 'make demo' and
# 'make bench'.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=test/postgres_versions.sh
. test/postgres_versions.sh
PG_CONFIG=$(pe_default_config)
export PG_CONFIG
build=1
if [ "${1:-}" = --no-build ]; then
    build=0
    shift
fi
settings=()
while [ "${1:-}" = -o ]; do
    settings+=(-o "$2")
    shift 2
done
if [ $build = 1 ]; then
    test/ensure-deps.sh
    make -s PG_CONFIG="$PG_CONFIG" >/dev/null
    make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
fi
major=$(pe_major "$PG_CONFIG")
# pg_virtualenv would create the cluster on a PGPORT left in the caller's
# environment, where the user's own server may listen.
unset PGPORT
# -t: the cluster lives in a temporary directory even when run as root.
exec pg_virtualenv -t -v "$major" "${settings[@]}" "$@"
