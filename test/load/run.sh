#!/usr/bin/env bash
# run.sh [SECONDS]: pgbench with 8 clients recording phases into four
# agreements near their quota and one open-ended (three in four
# transactions) while the others read the views, for SECONDS (default 60), then the invariants: no quota
# exceeded, every phase balanced, every committed phase there, the views
# equal to a plain recount.  The only errors allowed are the rules'
# rejections, which record_phase() counts.  Needs a running server.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-60}
# shellcheck source=test/scratch_db.sh
. test/scratch_db.sh
db=prisoner_exchange_load
scratch_db "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f test/load/setup.sql

log=$(mktemp)
pgbench -n -c 8 -j 2 -T "$seconds" -f test/load/writer.sql@3 -f test/load/reader.sql@1 "$db" >"$log" 2>&1 || {
    cat "$log"; echo "not ok - pgbench failed"; exit 1; }
grep -E "^(number of (transactions actually processed|failed transactions)|tps)" "$log"
if grep -qE "client [0-9]+ aborted|number of failed transactions: [1-9]" "$log"; then
    cat "$log"; echo "not ok - transactions failed with errors other than the rules' rejections"; exit 1
fi

# ON_ERROR_STOP: a check that cannot run fails the test, it is not skipped.
report=$(psql -X -q -A -F ' | ' -v ON_ERROR_STOP=1 -d "$db" -f test/load/check.sql 2>&1) || {
    echo "$report"; echo "not ok - the invariant checks did not run"; exit 1; }
echo "$report"
if echo "$report" | grep -q ' | f$'; then
    echo "not ok - an invariant does not hold after the load"; exit 1
fi
tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$log" | head -1)
echo "ok - load: 8 clients for ${seconds}s, $tps transactions/s, every invariant holds"
