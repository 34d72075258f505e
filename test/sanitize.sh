#!/usr/bin/env bash
# sanitize.sh: the regression and isolation suites with the module built
# with UndefinedBehaviorSanitizer (every check, none recoverable) and loaded
# into a real server on a throwaway cluster.  Fails on any report.  Leaves
# the normal build installed again, whatever happens.  Run by
# 'make sanitize' and by 'make test'; needs write access to the server's
# library directory, as 'make install' does.
#
# AddressSanitizer is not used here: with its runtime preloaded into
# Debian 12's postgres, the server hangs at start in glibc's
# bindtextdomain() (a lock taken twice through ASan's interceptors).  The
# same C cores run under ASan and UBSan in the fuzzers (test/fuzz/), and
# the server runs the suite under valgrind with 'make valgrind'.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

# shellcheck source=test/postgres_versions.sh
. test/postgres_versions.sh
PG_CONFIG=$(pe_default_config)
export PG_CONFIG
SANITIZE="-fsanitize=undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
reports=$(mktemp -d /tmp/prisoner_exchange-sanitizer.XXXXXX)
chmod 777 "$reports"

restore_normal_build() {
    make -s clean >/dev/null
    make -s PG_CONFIG="$PG_CONFIG" >/dev/null && make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
}

make -s clean >/dev/null
if ! make -s PG_CONFIG="$PG_CONFIG" COPT="$SANITIZE" >/dev/null ||
   ! make -s PG_CONFIG="$PG_CONFIG" COPT="$SANITIZE" install >/dev/null; then
    echo "not ok - sanitizer build failed"; restore_normal_build; exit 1
fi

export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
# The suites, then the server log (pg_virtualenv keeps it beside the
# cluster's configuration).
test/with_cluster.sh --no-build sh -c '
    make -s PG_CONFIG="$PG_CONFIG" installcheck >"$0/installcheck.log" 2>&1
    status=$?
    cat "${PG_CLUSTER_CONF_ROOT%/postgresql}"/log/*.log >"$0/server.log"
    exit $status' "$reports"
status=$?
# pg_regress says "... ok" (15) or "ok N - name" (16 and later).
passed=$(grep -cE '\.\.\. ok|^ok [0-9]+ ' "$reports/installcheck.log" || true)

found=$(find "$reports" -name 'ubsan*' | head -5)
if [ -n "$found" ]; then
    cat $found
    echo "not ok - sanitizer reports: $found"
    status=1
elif grep -q "runtime error:" "$reports/server.log"; then
    grep -B2 -A10 "runtime error:" "$reports/server.log" | head -40
    echo "not ok - undefined behaviour reported in the server log"
    status=1
elif [ $status -ne 0 ]; then
    cat "$reports/installcheck.log"
    [ -f regression.diffs ] && cat regression.diffs
    echo "not ok - the suites failed with the sanitized module"
else
    echo "ok - $passed regression and isolation tests with UBSan in the server: no report"
fi
restore_normal_build
rm -rf "$reports"
exit $status
