#!/usr/bin/env bash
# run.sh: what 'make bench' runs.  A throwaway cluster sized to keep the data
# in memory, then each benchmark under test/bench/.  Every figure is reported
# as a ratio to a baseline measured in the same run: this machine is shared
# and noisy, so absolute times say little.
#
#   BENCH_ROWS  rows of generated data (default 10000000)
#   BENCH_REPS  interleaved repetitions per query (default 7)
set -euo pipefail
cd "$(dirname "$0")/../.."

export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
rows=${BENCH_ROWS:-10000000}
reps=${BENCH_REPS:-7}

test/ensure-deps.sh
make -s PG_CONFIG="$PG_CONFIG" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null

export CLUSTER_OPTIONS="-c shared_buffers=2GB -c max_worker_processes=8 -c max_parallel_workers=8 -c work_mem=64MB"
# shellcheck source=test/cluster.sh
. test/cluster.sh
cluster_start

psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION prisoner_exchange'
echo "sum(exchange_phase) against sum(a), sum(b): $rows rows, median of $reps"
psql -X -q -v rows="$rows" -v reps="$reps" -f test/bench/sum_vs_int4_pair.sql
