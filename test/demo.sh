#!/usr/bin/env bash
# demo.sh: what 'make demo' runs.  Installs what is missing, builds and
# installs the extension, starts a throwaway cluster (test/with_cluster.sh),
# prints the report of test/demo.sql on the seed records, and stops it.
exec "$(dirname "$0")/with_cluster.sh" sh -c \
    "psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION prisoner_exchange' && psql -X -q -f test/demo.sql"
