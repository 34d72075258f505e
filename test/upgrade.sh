#!/usr/bin/env bash
# upgrade.sh: ALTER EXTENSION prisoner_exchange UPDATE from every earlier
# release gives the catalog of a fresh install of the newest, and keeps the
# users' rows.  For each release X.Y (the base script
# sql/prisoner_exchange--1.0.sql, or the target of an upgrade script, which
# PostgreSQL installs through the chain): install X.Y, load the seed
# records, update to the newest, and compare (test/catalog_snapshot.sql)
# with a fresh install on which setup_roles() ran, and the rows and view
# results (test/data_snapshot.sql) with those before the update.  Needs a
# running server (libpq variables).
set -euo pipefail
cd "$(dirname "$0")/.."

newest=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" prisoner_exchange.control)
fresh_db=prisoner_exchange_upgrade_fresh
work=$(mktemp -d)
databases=("$fresh_db")
cleanup() {
    rm -rf "$work"
    for db in "${databases[@]}"; do dropdb --if-exists "$db" 2>/dev/null; done
}
trap cleanup EXIT

psql_in() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }
load_seed() {
    psql_in "$1" -f data/seed/load.sql
    psql_in "$1" -f data/seed/load_lists.sql
    psql_in "$1" -c "SELECT * FROM prisoner_exchange.reconcile(1)" >/dev/null
    psql_in "$1" -c "SELECT prisoner_exchange.confirm_entry(2, 307, 'before the update')" >/dev/null
}

dropdb --if-exists "$fresh_db" 2>/dev/null
createdb "$fresh_db"
psql_in "$fresh_db" -c "CREATE EXTENSION prisoner_exchange" -c "SELECT * FROM prisoner_exchange.setup_roles()" >/dev/null
psql_in "$fresh_db" -A -f test/catalog_snapshot.sql >"$work/fresh.catalog"

failed=0
releases=$(for script in sql/prisoner_exchange--*.sql; do
    version=${script#sql/prisoner_exchange--}
    version=${version%.sql}
    echo "${version##*--}"                           # X.Y, or the Y of X--Y
done | sort -u -V)
for version in $releases; do
    [ "$version" = "$newest" ] && continue           # the built copy of the newest
    db=prisoner_exchange_upgrade_from_${version//./_}
    databases+=("$db")
    dropdb --if-exists "$db" 2>/dev/null
    createdb "$db"
    psql_in "$db" -c "CREATE EXTENSION prisoner_exchange VERSION '$version'"
    load_seed "$db"
    psql_in "$db" -A -F '|' -f test/data_snapshot.sql >"$work/$version.before"
    relations_before=$(psql_in "$db" -A -t -c "
        SELECT pg_catalog.string_agg(c.relname, ',') FROM pg_catalog.pg_class AS c
        WHERE c.relnamespace = 'prisoner_exchange'::pg_catalog.regnamespace AND c.relkind IN ('r', 'v')")
    psql_in "$db" -c "ALTER EXTENSION prisoner_exchange UPDATE"
    got=$(psql_in "$db" -A -t -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'prisoner_exchange'")
    psql_in "$db" -A -f test/catalog_snapshot.sql >"$work/$version.catalog"
    psql_in "$db" -A -F '|' -v only="$relations_before" -f test/data_snapshot.sql >"$work/$version.after"

    if [ "$got" != "$newest" ]; then
        echo "not ok - from $version: the update reached $got, not $newest"; failed=1
    elif ! diff -u "$work/fresh.catalog" "$work/$version.catalog"; then
        echo "not ok - from $version: the updated catalog differs from a fresh install of $newest"; failed=1
    else
        echo "ok - from $version to $newest: the catalog equals a fresh install ($(wc -l <"$work/fresh.catalog") lines compared)"
    fi
    if ! diff -u "$work/$version.before" "$work/$version.after"; then
        echo "not ok - from $version: rows or view results changed in the update"; failed=1
    else
        echo "ok - from $version to $newest: $(wc -l <"$work/$version.before") rows of tables and views unchanged"
    fi
done
exit $failed
