#!/usr/bin/env bash
# demo.sh: what 'make demo' runs.  Installs what is missing, builds and
# installs the extension, starts a throwaway cluster (test/with_cluster.sh),
# prints the report of test/demo.sql on the seed records, then loads the
# public record of 2022-2025 (data/record/) into a database of its own and
# prints the report of test/record_report.sql over it and checks its totals
# against a recount of the CSV (test/record_recount.sh), draws the chart of the
# record (test/record_chart.sh, gnuplot) into $DEMO_CHART (default
# /tmp/prisoner_exchange_record.svg), and stops the cluster.
"$(dirname "$0")/ensure-deps.sh" gnuplot-nox
export DEMO_CHART=${DEMO_CHART:-/tmp/prisoner_exchange_record.svg}
exec "$(dirname "$0")/with_cluster.sh" sh -c '
    set -e
    psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION prisoner_exchange" \
        -c "SELECT FROM prisoner_exchange.setup_roles()"
    psql -X -q -f test/demo.sql
    createdb prisoner_exchange_record
    psql -X -q -v ON_ERROR_STOP=1 -d prisoner_exchange_record -c "CREATE EXTENSION prisoner_exchange" \
        -c "SELECT FROM prisoner_exchange.setup_roles()"
    echo
    psql -X -q -d prisoner_exchange_record -f data/record/load.sql
    psql -X -q -d prisoner_exchange_record -f test/record_report.sql
    echo
    echo "The totals above, recounted from data/record/exchanges.csv without PostgreSQL:"
    test/record_recount.sh prisoner_exchange_record
    echo
    test/record_chart.sh prisoner_exchange_record "$DEMO_CHART"'
