#!/usr/bin/env bash
# run.sh: the TAP tests (test/t/*.pl), run by prove with PostgreSQL's own
# test modules (PostgreSQL::Test::Cluster), each on clusters it makes.
# Needs the extension installed (make install).  initdb refuses to run as
# root, so as root the tests run as the 'postgres' system user.
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=test/postgres_versions.sh
. test/postgres_versions.sh
PG_CONFIG=$(pe_default_config)
bindir=$("$PG_CONFIG" --bindir)
pgxs_dir=$(dirname "$("$PG_CONFIG" --pgxs)")/..
work=$(mktemp -d /tmp/prisoner_exchange-tap.XXXXXX)
trap 'rm -rf "$work"' EXIT
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(test/t/*.pl)
# The tests read the repository's scripts, seed data and expected outputs
# (data/, sql/, expected/, test/) as the test user, who may not be able to read a checkout under
# root's home: they run in a copy of those.
mkdir "$work/tree"
cp -r data sql expected test prisoner_exchange.control "$work/tree/"
as_test_user=()
if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$work"
    as_test_user=(runuser -u postgres --)
fi
cd "$work/tree"
"${as_test_user[@]}" env TESTDIR="$work" PATH="$bindir:$PATH" \
    PG_REGRESS="$pgxs_dir/test/regress/pg_regress" \
    prove -v -I "$pgxs_dir/test/perl" -I test/t "${tests[@]}"
