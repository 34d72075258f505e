#!/usr/bin/env bash
# run.sh: what 'make bench' runs.  A throwaway cluster sized to keep the
# data in memory (pg_virtualenv, through test/with_cluster.sh), then each
# benchmark under test/bench/.  Every figure is reported as a ratio to a
# baseline measured in the same run: this machine is shared and noisy, so
# absolute times say little.
#
#   BENCH_SUM_ROWS  table sizes for the sums (default "1000000 10000000 30000000")
#   BENCH_ROWS  rows for COPY and the index (default 10000000)
#   BENCH_REPS  interleaved repetitions per query (default 7)
#   BENCH_AGREEMENTS, BENCH_PHASES_PER_AGREEMENT  the quota-rule load
#               (default 1000 and 100: 100,000 phases)
#   BENCH_REGISTRY_MIN, BENCH_REGISTRY_MAX  registry sizes for reconciliation
#               (default 10000 and 1000000; a middle size of 10 x the smallest)
#   BENCH_KEY_NAMES  names for the name_key throughput (default 1000000)
#   BENCH_COMPOSITION_PHASES  phases of 300 people for phase_composition (default 1000)
#   BENCH_VIEW_PHASES  phases for the views (default 1000000)
#   BENCH_QUICK  1: all of them on small data, 3 rounds (make bench-quick)
#   BENCH_FLAT_BATCH  inserts a round for the rules' cost per insert (default 200)
#   BENCH_ONLY  run only the benchmark of that name (sum, storage, views, composition, names, flat, quota)
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=test/postgres_versions.sh
. test/postgres_versions.sh
PG_CONFIG=$(pe_default_config)
export PG_CONFIG
# BENCH_QUICK=1 (make bench-quick): every benchmark on small data, 3
# rounds, a few minutes in all; the ratios are rougher.  Any size set
# explicitly still wins.
if [ "${BENCH_QUICK:-0}" = 1 ]; then
    : "${BENCH_SUM_ROWS:=1000000}" "${BENCH_ROWS:=1000000}" "${BENCH_REPS:=3}"
    : "${BENCH_AGREEMENTS:=200}" "${BENCH_PHASES_PER_AGREEMENT:=50}"
    : "${BENCH_REGISTRY_MAX:=100000}" "${BENCH_KEY_NAMES:=100000}" "${BENCH_COMPOSITION_PHASES:=200}"
    : "${BENCH_VIEW_PHASES:=200000}"
fi
rows=${BENCH_ROWS:-10000000}
reps=${BENCH_REPS:-7}
agreements=${BENCH_AGREEMENTS:-1000}
phases_per_agreement=${BENCH_PHASES_PER_AGREEMENT:-100}
only=${BENCH_ONLY:-}
# The figures, not the NOTICEs of the set-up and clean-up statements.
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

# Install what is missing, build, and run again on a throwaway cluster
# (test/with_cluster.sh) sized to keep the data in memory.
if [ -z "${BENCH_ON_CLUSTER:-}" ]; then
    test/ensure-deps.sh "postgresql-$(pe_major "$PG_CONFIG")-icu-ext"
    export BENCH_ON_CLUSTER=1
    exec test/with_cluster.sh -o shared_buffers=2GB -o max_worker_processes=8 -o max_parallel_workers=8 \
        -o work_mem=64MB "$0" "$@"
fi

psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION prisoner_exchange' -c 'SELECT FROM prisoner_exchange.setup_roles()' >/dev/null
if [ -z "$only" ] || [ "$only" = sum ]; then
    for sum_rows in ${BENCH_SUM_ROWS:-1000000 10000000 30000000}; do
        echo "== sum(exchange_phase) against sum(a), sum(b): $sum_rows rows, median of $reps"
        psql -X -q -v rows="$sum_rows" -v reps="$reps" -f test/bench/sum_vs_int4_pair.sql
    done
fi
if [ -z "$only" ] || [ "$only" = storage ]; then
    echo "== COPY, btree index, lookups and GROUP BY: $rows rows, median of $reps"
    PGOPTIONS="$PGOPTIONS -c bench.reps=$reps" psql -X -q -v rows="$rows" -f test/bench/storage.sql
fi
if [ -z "$only" ] || [ "$only" = views ]; then
    echo "== the views: 1,000 agreements, ${BENCH_VIEW_PHASES:-1000000} phases, median of $reps"
    PGOPTIONS="$PGOPTIONS -c bench.reps=$reps" psql -X -q -v agreements=1000 -v phases="${BENCH_VIEW_PHASES:-1000000}" -f test/bench/views.sql
fi
if [ -z "$only" ] || [ "$only" = composition ]; then
    echo "== phase_composition with disclosure control: ${BENCH_COMPOSITION_PHASES:-1000} phases of 300 people, median of $reps"
    PGOPTIONS="$PGOPTIONS -c bench.reps=$reps" psql -X -q -v phases="${BENCH_COMPOSITION_PHASES:-1000}" -v per_phase=300 \
        -f test/bench/composition.sql
fi
if [ -z "$only" ] || [ "$only" = names ]; then
    echo "== names: name_key throughput on ${BENCH_KEY_NAMES:-1000000} names; reconciling 2,000 entries, median of $reps"
    psql -X -q -c 'CREATE EXTENSION icu_ext'
    PGOPTIONS="$PGOPTIONS -c bench.reps=$reps" psql -X -q \
        -v registry_min="${BENCH_REGISTRY_MIN:-10000}" -v registry_max="${BENCH_REGISTRY_MAX:-1000000}" \
        -v key_names="${BENCH_KEY_NAMES:-1000000}" -f test/bench/names.sql
fi
if [ -z "$only" ] || [ "$only" = flat ]; then
    echo "== the rules' cost per insert at 100, 10,000 and 100,000 phases already recorded: ${BENCH_FLAT_BATCH:-200} inserts a round, median of $reps"
    PGOPTIONS="$PGOPTIONS -c bench.reps=$reps -c bench.batch=${BENCH_FLAT_BATCH:-200} -c bench.mid=10000 -c bench.large=100000" \
        psql -X -q -v mid=10000 -v large=100000 -f test/bench/quota_rule_flat.sql
    echo "== the rules on breakdowns, per phase and part at 100, 10,000 and 100,000 parts of a category already recorded: ${BENCH_FLAT_BATCH:-200} a round, median of $reps"
    PGOPTIONS="$PGOPTIONS -c bench.reps=$reps -c bench.batch=${BENCH_FLAT_BATCH:-200} -c bench.mid=10000 -c bench.large=100000" \
        psql -X -q -v mid=10000 -v large=100000 -f test/bench/category_rule_flat.sql
fi
if [ -z "$only" ] || [ "$only" = quota ]; then
    echo "== the quota and balance rules on inserts: $agreements agreements x $phases_per_agreement phases, median of $reps"
    PGOPTIONS="$PGOPTIONS -c bench.reps=$reps" psql -X -q -v agreements="$agreements" \
        -v phases_per_agreement="$phases_per_agreement" -f test/bench/quota_rule_cost.sql
fi
