#!/usr/bin/env bash
# record_check.sh: the public record (data/record/) loads with its checks
# passing, and the report over it runs, against the server in the libpq
# environment; the Gaza truce of November 2023 must total 105 hostages, as
# published; and the report's totals equal a recount of the CSV made
# without PostgreSQL.  Part of 'make test'.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=test/scratch_db.sh
. test/scratch_db.sh
db=prisoner_exchange_record_check
extension_db "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f data/record/load.sql
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f test/record_report.sql >/dev/null
gaza=$(psql -X -A -t -d "$db" -c "SELECT sum(prisoner_exchange.side_a(p.counts)) FROM prisoner_exchange.phase p
    JOIN prisoner_exchange.agreement a ON a.id = p.agreement_id WHERE a.name LIKE 'Gaza humanitarian pause Nov 2023%'")
if [ "$gaza" != 105 ]; then echo "not ok - the record totals $gaza hostages for the Nov 2023 truce, not 105"; exit 1; fi
echo "ok - the public record loads with its checks, its report runs, and the Nov 2023 truce totals 105 hostages"

test/record_recount.sh "$db"
