#!/usr/bin/env bash
# run_eval.sh: the name-matching evaluation as a test.  Runs
# test/names/evaluate.sql against the server in the libpq environment (as
# 'make test' provides), prints its report, and fails unless the %~
# operator at its default threshold has precision >= 0.99, recall >= 0.98
# and F1 >= 0.95, beats the baseline on both, reaches recall 0.95 in every
# spelling system and 0.92 in every way of writing a name, and takes no
# woman for a man.
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
# The weakest way of spelling and of writing, and the women taken for men.
read -r worst_system worst_system_recall < <(echo "$report" | awk -F'|' '/^Recall of a %~ b by how the list spelled/ {on=1; next} on && /^$/ {on=0} on && NF >= 5 && $3 ~ /[0-9]/ {gsub(/ /,""); print $1, $3}' | sort -k2 -n | head -1)
read -r worst_form worst_form_recall < <(echo "$report" | awk -F'|' '/^Recall of a %~ b by how the list wrote/ {on=1; next} on && /^$/ {on=0} on && NF >= 3 && $3 ~ /[0-9]/ {gsub(/ /,""); print $1, $3}' | sort -k2 -n | head -1)
other_sex=$(echo "$report" | awk -F'|' '/other sex/ {gsub(/ /,""); print $3; exit}')

check() { # check DESCRIPTION CONDITION
    if awk "BEGIN { exit !($2) }"; then echo "ok - $1"; else echo "not ok - $1"; failed=1; fi
}
failed=0
check "%~ precision $op_precision >= 0.99" "$op_precision >= 0.99"
check "%~ recall $op_recall >= 0.98" "$op_recall >= 0.98"
check "%~ F1 >= 0.95" "2 * $op_precision * $op_recall / ($op_precision + $op_recall) >= 0.95"
check "%~ precision above the baseline's $base_precision" "$op_precision > $base_precision"
check "%~ recall above the baseline's $base_recall" "$op_recall > $base_recall"
check "every spelling system has recall >= 0.95 (the weakest: $worst_system, $worst_system_recall)" "$worst_system_recall >= 0.95"
check "every way of writing has recall >= 0.92 (the weakest: $worst_form, $worst_form_recall)" "$worst_form_recall >= 0.92"
check "no woman is taken for the man whose given name hers is the feminine of ($other_sex of 200)" "$other_sex == 0"
exit $failed
