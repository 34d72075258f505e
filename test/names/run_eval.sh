#!/usr/bin/env bash
# run_eval.sh: the name-matching evaluation as a test.  Runs
# test/names/evaluate.sql against the server in the libpq environment (as
# 'make test' provides), prints its report, and fails unless the %~
# operator at its default threshold has precision >= 0.99, recall >= 0.98
# and F1 >= 0.95, beats the baseline on both, reaches recall 0.95 in every
# spelling system and 0.92 in every way of writing a name, and takes no
# woman for a man; then reconciles a whole list against a registry with
# namesakes (evaluate_list.sql) and fails below precision 0.99 or recall
# 0.98 on the lines a name and a birth year decide, below 0.95 in any
# spelling system or 0.90 in any way of writing, or if one undecidable line
# is guessed.
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

# The list as a whole: reconcile() on test/names/eval_list.csv against
# test/names/eval_registry.csv (make_eval_list.py).
list_db=prisoner_exchange_list_eval
extension_db "$list_db"
list_report=$(psql -X -q -v ON_ERROR_STOP=1 -d "$list_db" -f test/names/evaluate_list.sql)
echo "$list_report"
read -r list_precision list_recall < <(echo "$list_report" | awk -F'|' '/^Precision and recall on the lines/ {on=1; next} on && $4 ~ /[0-9]/ {gsub(/ /,""); print $4, $5; exit}')
read -r guessed flagged_share < <(echo "$list_report" | awk -F'|' '/^Undecidable lines/ {on=1; next} on && $3 ~ /[0-9]/ {gsub(/ /,""); print $3, $4; exit}')
read -r worst_list_system worst_list_recall < <(echo "$list_report" | awk -F'|' '/^Recall by how the list spelled/ {on=1; next} on && /^$/ {on=0} on && $3 ~ /[0-9]/ {gsub(/ /,""); print $1, $3}' | sort -k2 -n | head -1)
check "list: precision $list_precision >= 0.99 on the lines a name and a birth year decide" "$list_precision >= 0.99"
check "list: recall $list_recall >= 0.98 on those lines" "$list_recall >= 0.98"
read -r worst_list_form worst_list_form_recall < <(echo "$list_report" | awk -F'|' '/^Recall by how the list wrote/ {on=1; next} on && /^$/ {on=0} on && $3 ~ /[0-9]/ {gsub(/ /,""); print $1, $3}' | sort -k2 -n | head -1)
check "list: every spelling system has recall >= 0.95 (the weakest: $worst_list_system, $worst_list_recall)" "$worst_list_recall >= 0.95"
# A typo in a surname is shown for review (ambiguous: surname slip), not
# matched, so typed lines stay under the 0.95 of issue 15; the floor keeps
# what 1.7 reaches.
check "list: every way of writing has recall >= 0.90 (the weakest: $worst_list_form, $worst_list_form_recall)" "$worst_list_form_recall >= 0.90"
check "list: no undecidable line is guessed ($guessed guessed)" "$guessed == 0"
check "list: undecidable lines flagged for a person ($flagged_share >= 0.95)" "$flagged_share >= 0.95"
exit $failed
