#!/usr/bin/env bash
# with_cluster.sh COMMAND...: install what is missing, build and install the
# extension, start a throwaway cluster, run COMMAND against it (the libpq
# variables point at it) and stop it.  For 'make demo', 'make load' and
# 'make crash'.
set -euo pipefail
cd "$(dirname "$0")/.."
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
test/ensure-deps.sh
make -s PG_CONFIG="$PG_CONFIG" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
# shellcheck source=test/cluster.sh
. test/cluster.sh
cluster_start
"$@"
