#!/usr/bin/env bash
# run_eval.sh: the name-matching evaluation as a test.  Runs
# test/names/evaluate.sql against the server in the libpq environment (as
# 'make test' provides), prints its report, and fails unless the %~
# operator at its default threshold has precision >= 0.99 and recall >=
# 0.95 and beats the baseline on both.
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=test/scratch_db.sh
. test/scratch_db.sh
db=prisoner_exchange_name_eval
extension_db "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION pg_trgm'
report=$(psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f test/names/evaluate.sql)
echo "$report"

# The four rows of "Precision and recall": method | tp | fp | fn | precision | recall
read -r op_precision op_recall < <(echo "$report" | awk -F'|' '/a %~ b \(threshold/ {gsub(/ /,""); print $5, $6; exit}')
read -r base_precision base_recall < <(echo "$report" | awk -F'|' '/baseline: pg_trgm/ {gsub(/ /,""); print $5, $6; exit}')

check() { # check DESCRIPTION CONDITION
    if awk "BEGIN { exit !($2) }"; then echo "ok - $1"; else echo "not ok - $1"; failed=1; fi
}
failed=0
check "%~ precision $op_precision >= 0.99" "$op_precision >= 0.99"
check "%~ recall $op_recall >= 0.95" "$op_recall >= 0.95"
check "%~ precision above the baseline's $base_precision" "$op_precision > $base_precision"
check "%~ recall above the baseline's $base_recall" "$op_recall > $base_recall"
exit $failed
