#!/usr/bin/env bash
# dump_restore.sh: pg_dump of a database holding the extension and user rows,
# restored into a fresh database, gives identical view results, and the
# restored tables keep working (sequences, rules).  Needs a running server
# (the libpq variables PGHOST, PGPORT, PGUSER), as 'make test' provides.
set -euo pipefail
cd "$(dirname "$0")/.."

source_db=prisoner_exchange_dump_source
target_db=prisoner_exchange_dump_target
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists "$source_db" 2>/dev/null; dropdb --if-exists "$target_db" 2>/dev/null' EXIT

psql_in() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }

# snapshot DB FILE: every view and table, in a stable order, as text.
snapshot() {
    psql_in "$1" -A -F '|' -f test/data_snapshot.sql >"$2"
}

dropdb --if-exists "$source_db" 2>/dev/null
dropdb --if-exists "$target_db" 2>/dev/null
createdb "$source_db"
psql_in "$source_db" -c 'CREATE EXTENSION prisoner_exchange' -c 'SELECT FROM prisoner_exchange.setup_roles()' >/dev/null
psql_in "$source_db" -f data/seed/load.sql
psql_in "$source_db" -f data/seed/load_lists.sql
psql_in "$source_db" -c "SELECT * FROM prisoner_exchange.reconcile(1)" >/dev/null
psql_in "$source_db" -c "SELECT prisoner_exchange.confirm_entry(2, 307, 'before the dump')" >/dev/null
# A user table of the type too, and an agreement changed after its phases.
psql_in "$source_db" -c "
    CREATE TABLE public.handover_log (counts prisoner_exchange.exchange_phase CHECK (counts OPERATOR(prisoner_exchange.<@) '1000:1000'));
    INSERT INTO public.handover_log VALUES ('390:390'), ('307:307'), (NULL);
    UPDATE prisoner_exchange.agreement SET mediator = 'Türkiye (host)' WHERE name LIKE 'Istanbul 1,000%';"
snapshot "$source_db" "$work/before.txt"

pg_dump -Fc -f "$work/dump" "$source_db"

# restored HOW: the target database, restored as described, holds exactly
# the source's rows and view results.
restored() {
    snapshot "$target_db" "$work/after.txt"
    if ! diff -u "$work/before.txt" "$work/after.txt"; then
        echo "not ok - views or tables differ after pg_dump and $1"
        exit 1
    fi
    echo "ok - $(wc -l <"$work/before.txt") rows of views and tables identical after pg_dump and $1"
}
fresh_target() {
    dropdb --if-exists "$target_db" 2>/dev/null
    createdb "$target_db"
}

# The ways of restoring in docs/operations.md (Backups), each into a fresh database.
fresh_target
pg_restore --exit-on-error --single-transaction -d "$target_db" "$work/dump"
restored "pg_restore --single-transaction into an empty database"

# Into a database where the extension is installed already (1.2 failed on
# CREATE SCHEMA here: the schema was not the extension's own).
fresh_target
psql_in "$target_db" -c 'CREATE EXTENSION prisoner_exchange' -c 'SELECT FROM prisoner_exchange.setup_roles()' >/dev/null
pg_restore --exit-on-error --single-transaction -d "$target_db" "$work/dump"
restored "pg_restore --single-transaction into a database with the extension installed"

# In parallel, in three steps: the rules and keys are not checked while
# the rows load, in an order of pg_restore's own; they held in the source.
fresh_target
pg_restore --exit-on-error --section=pre-data -d "$target_db" "$work/dump"
pg_restore --exit-on-error --data-only --disable-triggers -j 2 -d "$target_db" "$work/dump"
pg_restore --exit-on-error --section=post-data -j 2 -d "$target_db" "$work/dump"
restored "a parallel pg_restore in three steps (-j 2)"

# A plain parallel restore either restores every row or is refused with a
# message that says how to restore: never a silent partial restore.  (On
# 1.2 it lost the phases, the registry and the lists, 3 runs in 3.)
for run in 1 2 3; do
    fresh_target
    if pg_restore -j 2 -d "$target_db" "$work/dump" 2>"$work/parallel.err"; then
        restored "pg_restore -j 2 (run $run)"
    elif grep -q 'pg_restore is loading a row of .* before the .* it refers to' "$work/parallel.err" &&
        grep -q 'HINT:  Restore with one job' "$work/parallel.err"; then
        echo "ok - pg_restore -j 2 refused with the way to restore (run $run)"
    else
        cat "$work/parallel.err"
        echo "not ok - pg_restore -j 2 failed without saying how to restore (run $run)"
        exit 1
    fi
done

# Plain, into an empty database: what the checks below go on with.
fresh_target
pg_restore --exit-on-error -d "$target_db" "$work/dump"
restored "pg_restore into an empty database"

# The restored extension is whole: the user table came back, the sequences
# continue after the restored ids, and the rules still hold.
psql_in "$target_db" -A -t -c "SELECT pg_catalog.count(*) FROM public.handover_log" | grep -qx 3
echo "ok - a user table of exchange_phase restored"
new_id=$(psql_in "$target_db" -A -t -c "
    INSERT INTO prisoner_exchange.agreement (name, side_a, side_b, quota)
    VALUES ('after restore', 'Ukraine', 'Russia', '10:10') RETURNING id")
max_before=$(psql_in "$source_db" -A -t -c "SELECT pg_catalog.max(id) FROM prisoner_exchange.agreement")
if [ "$new_id" -le "$max_before" ]; then
    echo "not ok - agreement_id_seq restarted at $new_id (restored ids go up to $max_before)"
    exit 1
fi
echo "ok - sequences continue after the restored ids"
if psql_in "$target_db" -c "
    INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
    SELECT id, '2025-05-26', '1:1' FROM prisoner_exchange.agreement WHERE name LIKE 'Istanbul 1,000%'" 2>"$work/err"; then
    echo "not ok - the quota rule did not survive the restore"
    exit 1
fi
grep -q 'would exceed the quota' "$work/err"
echo "ok - the quota rule holds in the restored database"

# A dump taken from 1.2, restored where the 1.3 files are installed: the
# extension made at 1.2 first, the dump's own CREATE SCHEMA left out, then
# the update (docs/operations.md, Backups).
old_db=prisoner_exchange_dump_1_2
dropdb --if-exists "$old_db" 2>/dev/null
createdb "$old_db"
trap 'rm -rf "$work"; for db in "$source_db" "$target_db" "$old_db"; do dropdb --if-exists "$db" 2>/dev/null; done' EXIT
psql_in "$old_db" -c "CREATE EXTENSION prisoner_exchange VERSION '1.2'"
psql_in "$old_db" -f data/seed/load.sql
psql_in "$old_db" -f data/seed/load_lists.sql
pg_dump -Fc -f "$work/dump_1_2" "$old_db"
fresh_target
psql_in "$target_db" -c "CREATE EXTENSION prisoner_exchange VERSION '1.2'"
pg_restore -l "$work/dump_1_2" | grep -v ' SCHEMA - prisoner_exchange ' >"$work/dump_1_2.list"
pg_restore --exit-on-error -L "$work/dump_1_2.list" -d "$target_db" "$work/dump_1_2"
psql_in "$target_db" -c 'ALTER EXTENSION prisoner_exchange UPDATE'
restored_people=$(psql_in "$target_db" -A -t -c 'SELECT pg_catalog.count(*) FROM prisoner_exchange.person')
dumped_people=$(psql_in "$old_db" -A -t -c 'SELECT pg_catalog.count(*) FROM prisoner_exchange.person')
if [ "$restored_people" != "$dumped_people" ]; then
    echo "not ok - a 1.2 dump restored and updated holds $restored_people people, not $dumped_people"
    exit 1
fi
echo "ok - a 1.2 dump restored where 1.3 is installed, then updated: all $dumped_people people of the registry"
