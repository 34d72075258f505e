#!/usr/bin/env bash
# valgrind.sh: the regression suite against a server running under
# valgrind's memcheck (every backend traced), then a count of the errors
# valgrind reported, and of those with the module in their stack.  Fails if
# any error involves the module.  Slow (minutes): run by 'make valgrind',
# not by 'make test'.
set -uo pipefail
cd "$(dirname "$0")/.."

export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
test/ensure-deps.sh valgrind || exit 1
make -s PG_CONFIG="$PG_CONFIG" >/dev/null && make -s PG_CONFIG="$PG_CONFIG" install >/dev/null || exit 1

# shellcheck source=test/cluster.sh
. test/cluster.sh
bindir=$("$PG_CONFIG" --bindir)
dir=$(mktemp -d /tmp/prisoner_exchange-valgrind.XXXXXX)
chmod 777 "$dir"
CLUSTER_DIR=$dir
mkdir "$dir/socket" "$dir/logs"
chmod 777 "$dir/socket" "$dir/logs"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
trap 'as_server_user "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$dir"' EXIT
as_server_user "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
export PGPORT=54330 PGHOST="$dir/socket" PGUSER=postgres PGDATABASE=postgres
as_server_user valgrind --quiet --trace-children=yes --leak-check=no --track-origins=no \
    --read-var-info=no --num-callers=30 --log-file="$dir/logs/valgrind.%p.log" \
    "$bindir/postgres" -D "$dir/data" -c listen_addresses= -c unix_socket_directories="$dir/socket" \
    -p "$PGPORT" -c fsync=off -c max_parallel_workers_per_gather=0 >"$dir/server.log" 2>&1 &
for _ in $(seq 1 120); do pg_isready -q && break; sleep 1; done

make -s PG_CONFIG="$PG_CONFIG" installcheck ISOLATION= >"$dir/installcheck.log" 2>&1
suite=$?
passed=$(grep -cE '\.\.\. ok' "$dir/installcheck.log" || true)
as_server_user "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1

errors=$(cat "$dir"/logs/valgrind.*.log 2>/dev/null | grep -cE '^==[0-9]+== (Invalid|Conditional|Use of uninitialised|Syscall param|Mismatched|Source and destination)' || true)
ours=$(for f in "$dir"/logs/valgrind.*.log; do
           awk '/^==[0-9]+== (Invalid|Conditional|Use of uninitialised|Syscall param|Mismatched|Source and)/ {inerr=1; block=$0; next}
                inerr && /^==[0-9]+== *$/ {if (block ~ /prisoner_exchange/) print block; inerr=0; next}
                inerr {block = block "\n" $0}' "$f"
       done)
# What the others are: the function each was found in, most frequent first.
echo "valgrind errors by the function they were found in:"
cat "$dir"/logs/valgrind.*.log 2>/dev/null |
    awk '/^==[0-9]+== (Invalid|Conditional|Use of uninitialised|Syscall param|Mismatched|Source and)/ {getline; sub(/^==[0-9]+== +(at|by) 0x[0-9A-F]+: /, ""); print}' |
    sort | uniq -c | sort -rn | head -10
if [ -n "$ours" ]; then
    echo "$ours" | head -60
    echo "not ok - valgrind: errors with prisoner_exchange in the stack"
    exit 1
fi
if [ $suite -ne 0 ]; then
    tail -30 "$dir/installcheck.log"
    echo "not ok - the regression suite failed under valgrind"
    exit 1
fi
echo "ok - $passed regression tests under valgrind memcheck: $errors valgrind errors in all, none with prisoner_exchange in the stack"
