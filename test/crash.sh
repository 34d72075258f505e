#!/usr/bin/env bash
# crash.sh: a backend killed with SIGKILL in the middle of a batch of
# inserts.  One psql session records phases one transaction at a time; the
# test counts the commits the server acknowledged, kills that backend, lets
# the server recover (it restarts every backend after a crash), and checks
# that every acknowledged phase is there, at most the one in flight more,
# that the quota and balance invariants hold and the views agree, and that
# the server takes new phases.  Needs a server it may kill backends of:
# the throwaway cluster of 'make test' (run as root or as its owner).
set -euo pipefail
cd "$(dirname "$0")/../"

# shellcheck source=test/scratch_db.sh
. test/scratch_db.sh
db=prisoner_exchange_crash
scratch_db "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
CREATE EXTENSION prisoner_exchange;
INSERT INTO prisoner_exchange.agreement (id, name, side_a, side_b, quota)
VALUES (1, 'Crash agreement', 'A', 'B', '100000:100000');
SQL

work=$(mktemp -d)
mkfifo "$work/in"
# The batch: one INSERT per line, each acknowledged by a line "ack N".
psql -X -q -A -t -d "$db" <"$work/in" >"$work/out" 2>"$work/err" &
psql_pid=$!
exec 3>"$work/in"
echo "SELECT 'pid ' || pg_backend_pid();" >&3
for _ in $(seq 1 50); do grep -q '^pid ' "$work/out" 2>/dev/null && break; sleep 0.1; done
backend=$(sed -n 's/^pid //p' "$work/out")

# Feed inserts; kill the backend once a few hundred are acknowledged.
(
    for i in $(seq 1 100000); do
        echo "INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, day_ordinal, counts) VALUES (1, '2025-06-01', $i, '1:1'); SELECT 'ack $i';"
    done
) >&3 2>/dev/null &
feeder=$!
for _ in $(seq 1 300); do
    [ "$(grep -c '^ack ' "$work/out")" -ge 300 ] && break
    sleep 0.05
done
kill -KILL "$backend"
kill "$feeder" 2>/dev/null || true
exec 3>&-
wait "$psql_pid" 2>/dev/null || true
acked=$(grep -c '^ack ' "$work/out" || true)

# The postmaster restarts all backends and replays the WAL.
for _ in $(seq 1 60); do
    psql -X -q -A -t -d "$db" -c 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.5
done

read -r rows max_ordinal < <(psql -X -A -t -F ' ' -d "$db" -c \
    "SELECT count(*), COALESCE(max(day_ordinal), 0) FROM prisoner_exchange.phase")
holds=$(psql -X -A -t -d "$db" -c "
    SELECT (SELECT returned_side_a FROM prisoner_exchange.agreement_progress WHERE agreement_id = 1) = $rows
       AND (SELECT bool_and(prisoner_exchange.is_balanced(counts)) FROM prisoner_exchange.phase)
       AND (SELECT count(*) = count(DISTINCT day_ordinal) FROM prisoner_exchange.phase)
       AND (SELECT max(day_ordinal) = count(*) FROM prisoner_exchange.phase)")
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c \
    "INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, day_ordinal, counts) VALUES (1, '2025-06-02', 1, '2:2')"
rm -rf "$work"

echo "killed backend $backend after $acked acknowledged commits; after recovery $rows phases (last $max_ordinal)"
if [ "$acked" -lt 1 ] || [ "$rows" -lt "$acked" ] || [ "$rows" -gt $((acked + 1)) ]; then
    echo "not ok - crash: $acked commits acknowledged, $rows phases after recovery"; exit 1
fi
if [ "$holds" != "t" ]; then
    echo "not ok - crash: the invariants do not hold after recovery"; exit 1
fi
echo "ok - crash: every acknowledged commit survived SIGKILL and recovery, the invariants hold, new phases are taken"
