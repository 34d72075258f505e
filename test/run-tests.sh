#!/usr/bin/env bash
# run-tests.sh: what 'make test' runs.  Installs what is missing, builds and
# installs the extension, starts a throwaway cluster, runs every suite against
# it, stops it, prints one summary line and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}

# clang for the fuzzers; for the client suites psycopg2, Go with lib/pq,
# the JDBC driver, psqlODBC and unixODBC (with its headers, for the C client).
# IPC::Run for PostgreSQL's TAP modules (PostgreSQL::Test::Cluster).
test/ensure-deps.sh libipc-run-perl clang-14 libclang-rt-14-dev python3-psycopg2 golang-go golang-github-lib-pq-dev \
    libpostgresql-jdbc-java odbc-postgresql unixodbc unixodbc-dev || exit 1
# A JDK (the JDBC test runs as a single source file): the machine's, if it
# has one, or Debian's.
if ! command -v javac >/dev/null; then
    test/ensure-deps.sh openjdk-17-jdk-headless || exit 1
fi
# Node.js for the node-postgres test: Debian's, unless the machine has one.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    test/ensure-deps.sh nodejs npm || exit 1
fi
make -s PG_CONFIG="$PG_CONFIG" >/dev/null || { echo "build failed" >&2; exit 1; }
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null || { echo "install failed" >&2; exit 1; }

# shellcheck source=test/cluster.sh
. test/cluster.sh
# JDBC speaks only TCP: the cluster also listens on 127.0.0.1.
CLUSTER_TCP=1 cluster_start || exit 1

passed=0
failed=0
failed_suites=()

# count_regress LOG: add pg_regress's per-test verdicts to the totals.
count_regress() {
    local ok bad
    ok=$(grep -cE '\.\.\. ok|^ok ' "$1" || true)
    bad=$(grep -cE '\.\.\. FAILED|^not ok ' "$1" || true)
    passed=$((passed + ok))
    failed=$((failed + bad))
}

run_suite() { # run_suite NAME COMMAND...
    local name=$1 log
    shift
    log=$(mktemp)
    echo "== $name"
    if "$@" >"$log" 2>&1; then
        cat "$log"
    else
        cat "$log"
        failed_suites+=("$name")
        for diffs in regression.diffs output_iso/regression.diffs; do
            [ -f "$diffs" ] && cat "$diffs"
        done
    fi
    count_regress "$log"
    rm -f "$log"
}

# Each suite on its own, so that one failing does not hide the others.
run_suite regression make -s PG_CONFIG="$PG_CONFIG" installcheck ISOLATION=
run_suite isolation make -s PG_CONFIG="$PG_CONFIG" installcheck REGRESS=
run_suite tap test/t/run.sh
run_suite name-evaluation test/names/run_eval.sh
run_suite fuzz test/fuzz/run.sh "${FUZZ_SECONDS:-10}"
run_suite load test/load/run.sh "${LOAD_SECONDS:-15}"
run_suite crash test/crash.sh
run_suite shards test/shard/run.sh
run_suite public-record test/record_check.sh
run_suite clients test/clients/run.sh

cluster_stop
trap - EXIT

# Rebuilds and reinstalls the module, so it runs last, on a cluster of its own.
run_suite sanitizer test/sanitize.sh

if [ ${#failed_suites[@]} -gt 0 ]; then
    echo "failed suites: ${failed_suites[*]}"
    [ "$failed" -eq 0 ] && failed=${#failed_suites[@]}
fi
echo "tests: $passed passed, $failed failed"
[ ${#failed_suites[@]} -eq 0 ] && [ "$failed" -eq 0 ]
