#!/usr/bin/env bash
# demo.sh: what 'make demo' runs.  Installs what is missing, builds and
# installs the extension, starts a throwaway cluster, shows the exchange_phase
# type on the May 2025 exchange, and stops the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}

test/ensure-deps.sh
make -s PG_CONFIG="$PG_CONFIG" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null

# shellcheck source=test/cluster.sh
. test/cluster.sh
cluster_start

psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION prisoner_exchange'
psql -X -q -f test/demo.sql
