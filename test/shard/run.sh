#!/usr/bin/env bash
# run.sh: sharding with PostgreSQL's own postgres_fdw.  Starts three shard
# servers of its own (throwaway clusters on private sockets), installs the
# extension on each, and on the server in the libpq environment (the
# coordinator, as 'make test' provides) builds a table partitioned by hash
# over foreign tables on the shards, with the servers' option
# "extensions 'prisoner_exchange'".  Checks that the extension's aggregates,
# operators and functions are shipped to the shards (the Remote SQL of
# EXPLAIN VERBOSE) and that every answer equals a single-server table's.
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$("$PG_CONFIG" --bindir)
base=$(mktemp -d /tmp/prisoner_exchange-shards.XXXXXX)
chmod 755 "$base"
db=prisoner_exchange_shards
as_server_user() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_shards() {
    for i in 1 2 3; do
        [ -f "$base/shard$i/data/postmaster.pid" ] &&
            as_server_user "$bindir/pg_ctl" -D "$base/shard$i/data" -m fast -w stop >/dev/null 2>&1
    done
    dropdb --if-exists "$db" 2>/dev/null || true
    rm -rf "$base"
}
trap stop_shards EXIT

for i in 1 2 3; do
    mkdir -p "$base/shard$i/socket"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$base/shard$i"
    as_server_user "$bindir/initdb" -D "$base/shard$i/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_server_user "$bindir/pg_ctl" -D "$base/shard$i/data" -w -l "$base/shard$i/log" \
        -o "-c listen_addresses='' -c unix_socket_directories='$base/shard$i/socket' -p 5440$i -c fsync=off" start >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -h "$base/shard$i/socket" -p "5440$i" -U postgres -d postgres <<SQL
CREATE EXTENSION prisoner_exchange;
CREATE TABLE public.phase_shard (agreement_id integer NOT NULL, exchanged_on date NOT NULL,
                                 counts prisoner_exchange.exchange_phase NOT NULL);
SQL
done

dropdb --if-exists "$db" 2>/dev/null
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<SQL
CREATE EXTENSION prisoner_exchange;
CREATE EXTENSION postgres_fdw;
CREATE TABLE phases (agreement_id integer NOT NULL, exchanged_on date NOT NULL,
                     counts prisoner_exchange.exchange_phase NOT NULL)
    PARTITION BY HASH (agreement_id);
SQL
for i in 1 2 3; do
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<SQL
CREATE SERVER shard$i FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$base/shard$i/socket', port '5440$i', dbname 'postgres',
             extensions 'prisoner_exchange');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard$i OPTIONS (user 'postgres');
CREATE FOREIGN TABLE phases_$i PARTITION OF phases FOR VALUES WITH (MODULUS 3, REMAINDER $((i - 1)))
    SERVER shard$i OPTIONS (schema_name 'public', table_name 'phase_shard');
SQL
done

# The same rows on the shards (routed through the coordinator) and in one
# local table: 30 agreements, 30,000 phases, some off 1:1.
psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
CREATE TABLE phases_single AS
SELECT (i % 30) + 1 AS agreement_id, DATE '2022-03-01' + (i % 1000) AS exchanged_on,
       prisoner_exchange.exchange_phase(1 + i % 50, 1 + i % 50 + CASE WHEN i % 17 = 0 THEN 1 ELSE 0 END) AS counts
FROM generate_series(1, 30000) AS i;
INSERT INTO phases SELECT * FROM phases_single;
ANALYZE phases_single;
SQL

failed=0
queries=(
"SELECT agreement_id, prisoner_exchange.sum(counts), count(*) FROM %s GROUP BY agreement_id ORDER BY agreement_id"
"SELECT agreement_id, prisoner_exchange.min(counts), prisoner_exchange.max(counts) FROM %s GROUP BY agreement_id ORDER BY agreement_id"
"SELECT agreement_id, count(*) FROM %s WHERE NOT prisoner_exchange.is_balanced(counts) GROUP BY agreement_id ORDER BY agreement_id"
"SELECT count(*) FROM %s WHERE counts OPERATOR(prisoner_exchange.<@) '10:10'"
"SELECT agreement_id, prisoner_exchange.sum(counts) OPERATOR(prisoner_exchange.<@) '20000:20000' FROM %s GROUP BY agreement_id ORDER BY agreement_id"
"SELECT prisoner_exchange.sum(counts) FROM %s"
)
for q in "${queries[@]}"; do
    sharded=$(psql -X -q -A -t -d "$db" -c "SET enable_partitionwise_aggregate = on" -c "$(printf "$q" phases)")
    single=$(psql -X -q -A -t -d "$db" -c "$(printf "$q" phases_single)")
    if [ "$sharded" != "$single" ]; then
        echo "not ok - sharded and single-server answers differ: $(printf "$q" phases)"; failed=1
    fi
done
[ $failed -eq 0 ] && echo "ok - ${#queries[@]} queries answer the same on three shards as on one server"

plan=$(psql -X -q -A -t -d "$db" -c "SET enable_partitionwise_aggregate = on" -c "EXPLAIN (VERBOSE, COSTS OFF)
    SELECT agreement_id, prisoner_exchange.sum(counts) FROM phases
    WHERE prisoner_exchange.is_balanced(counts) AND counts OPERATOR(prisoner_exchange.<@) '40:40'
    GROUP BY agreement_id")
echo "$plan" | grep 'Remote SQL' | head -1
remote=$(echo "$plan" | grep -c 'Remote SQL: SELECT agreement_id, prisoner_exchange.sum(counts) FROM public.phase_shard WHERE (prisoner_exchange.is_balanced(counts, ' || true)
if [ "$remote" -ne 3 ] || ! echo "$plan" | grep -q 'OPERATOR(prisoner_exchange.<@)'; then
    echo "$plan"
    echo "not ok - the aggregate, the function and the operator are not all shipped to the three shards"; failed=1
else
    echo "ok - sum(), is_balanced() and <@ run on each of the three shards (Remote SQL above)"
fi
exit $failed
