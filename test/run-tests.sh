#!/usr/bin/env bash
# run-tests.sh: what 'make test' runs.  Installs what is missing, builds and
# installs the extension, then runs every suite and prints one summary line,
# "N passed, M failed", exiting non-zero if anything failed:
#   - the suites that share one throwaway cluster (pg_virtualenv, which also
#     listens on localhost for the TCP clients): regression, isolation, name
#     evaluation, public record, clients;
#   - the ones that need no server (fuzzers);
#   - the TAP tests (test/t/, prove and PostgreSQL::Test::Cluster), which
#     make clusters of their own: roles, dump and restore, upgrades, crash
#     and recovery, load, shards;
#   - the sanitizer run last: it rebuilds and reinstalls the module.
# Every suite but the fuzzers (which need no server) runs once for each
# PostgreSQL installed (15 on Debian 12, 17 on Debian 13, or several), or
# for PG_CONFIG alone when it is given.
# With --on-this-cluster it runs only the first group, against the server in
# the libpq environment (pg_virtualenv calls it so).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

# shellcheck source=test/postgres_versions.sh
. test/postgres_versions.sh

# run_suite NAME COMMAND...: the suite's output, then a line saying whether
# it failed, so that one failing does not hide the others.
run_suite() {
    local name=$1
    shift
    echo "== $name"
    if ! "$@" 2>&1; then
        for diffs in regression.diffs output_iso/regression.diffs; do
            [ -f "$diffs" ] && cat "$diffs"
        done
        echo "== $name: FAILED"
    fi
}

if [ "${1:-}" = --on-this-cluster ]; then
    PG_CONFIG=$(pe_default_config)
    run_suite regression make -s PG_CONFIG="$PG_CONFIG" installcheck ISOLATION=
    run_suite isolation make -s PG_CONFIG="$PG_CONFIG" installcheck REGRESS=
    run_suite name-evaluation test/names/run_eval.sh
    run_suite public-record test/record_check.sh
    run_suite clients test/clients/run.sh
    exit 0
fi

# clang for the fuzzers; for the client suites psycopg2, Go with lib/pq,
# the JDBC driver, psqlODBC and unixODBC (with its headers, for the C client).
# IPC::Run for PostgreSQL's TAP modules (PostgreSQL::Test::Cluster).
chosen=${PG_CONFIG:-}
test/ensure-deps.sh libipc-run-perl clang libclang-rt-dev python3-psycopg2 golang-go golang-github-lib-pq-dev \
    libpostgresql-jdbc-java odbc-postgresql unixodbc unixodbc-dev || exit 1
# A JDK (the JDBC test runs as a single source file): the machine's, if it
# has one, or Debian's.
if ! command -v javac >/dev/null; then
    test/ensure-deps.sh default-jdk-headless || exit 1
fi
# Node.js for the node-postgres test: Debian's, unless the machine has one.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    test/ensure-deps.sh nodejs npm || exit 1
fi
if [ -n "$chosen" ]; then
    configs=("$chosen")
else
    mapfile -t configs < <(pe_installed_configs)
fi
[ ${#configs[@]} -gt 0 ] || { echo "no PostgreSQL with server headers found" >&2; exit 1; }

log=$(mktemp /tmp/prisoner_exchange-tests.XXXXXX)
trap 'rm -f "$log"' EXIT
{
    run_suite fuzz test/fuzz/run.sh "${FUZZ_SECONDS:-10}"
    for PG_CONFIG in "${configs[@]}"; do
        export PG_CONFIG
        echo "== PostgreSQL $(pe_major "$PG_CONFIG") ($PG_CONFIG)"
        # The objects of one version do not load into another.
        make -s clean >/dev/null
        if ! make -s PG_CONFIG="$PG_CONFIG" >/dev/null || ! make -s PG_CONFIG="$PG_CONFIG" install >/dev/null; then
            echo "== build for $PG_CONFIG: FAILED"
            continue
        fi
        test/with_cluster.sh --no-build test/run-tests.sh --on-this-cluster ||
            echo "== throwaway cluster: FAILED"
        run_suite tap test/t/run.sh
        run_suite sanitizer test/sanitize.sh
    done
} 2>&1 | tee "$log"

# pg_regress says "... ok" (15) or "ok N" (16 and later), prove -v "ok N";
# the other suites print "ok - ..." lines.
passed=$(grep -cE '\.\.\. ok|^ok ' "$log")
failed=$(grep -cE '\.\.\. FAILED|^not ok ' "$log")
failed_suites=$(sed -n 's/^== \(.*\): FAILED$/\1/p' "$log" | tr '\n' ' ')
if [ -n "$failed_suites" ]; then
    echo "failed suites: $failed_suites"
    # A suite that failed without a failing check still counts as a failure.
    [ "$failed" -eq 0 ] && failed=$(echo "$failed_suites" | wc -w)
fi
echo "$passed passed, $failed failed"
[ -z "$failed_suites" ] && [ "$failed" -eq 0 ]
