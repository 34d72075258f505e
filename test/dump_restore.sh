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
psql_in "$source_db" -c 'CREATE EXTENSION prisoner_exchange' -c 'SELECT FROM prisoner_exchange.setup_roles()'
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
createdb "$target_db"
pg_restore --exit-on-error -d "$target_db" "$work/dump"
snapshot "$target_db" "$work/after.txt"

if ! diff -u "$work/before.txt" "$work/after.txt"; then
    echo "not ok - views differ after pg_dump and pg_restore"
    exit 1
fi
echo "ok - $(wc -l <"$work/before.txt") rows of views and tables identical after pg_dump and pg_restore"

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
