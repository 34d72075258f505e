#!/usr/bin/env bash
# record_check.sh: the public record (data/record/) loads with its checks
# passing, and the report over it runs, against the server in the libpq
# environment; the Gaza truce of November 2023 must total 105 hostages, as
# published; and the report's totals equal a recount of the CSV made
# without PostgreSQL.  Part of 'make test'.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=test/scratch_db.sh
. test/scratch_db.sh
db=prisoner_exchange_record_check
scratch_db "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION prisoner_exchange'
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f data/record/load.sql
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f test/record_report.sql >/dev/null
gaza=$(psql -X -A -t -d "$db" -c "SELECT sum(prisoner_exchange.side_a(p.counts)) FROM prisoner_exchange.phase p
    JOIN prisoner_exchange.agreement a ON a.id = p.agreement_id WHERE a.name LIKE 'Gaza humanitarian pause Nov 2023%'")
if [ "$gaza" != 105 ]; then echo "not ok - the record totals $gaza hostages for the Nov 2023 truce, not 105"; exit 1; fi
echo "ok - the public record loads with its checks, its report runs, and the Nov 2023 truce totals 105 hostages"

# The report's first table (exchanges and people per conflict and year)
# against a plain recount of the CSV file, made without PostgreSQL: rows
# with both counts published, grouped by conflict and year.  Perl is in
# every Debian (perl-base); the file's quoted fields may hold commas.
work=$(mktemp -d)
on_exit rm -rf "$work"
psql -X -q -A -F '|' -v ON_ERROR_STOP=1 -d "$db" -f test/record_report.sql |
    sed -n '/^conflict|year|phases|/,/^People returned per side/p' | sed '1d;$d' | LC_ALL=C sort >"$work/report"
perl -e '
    my %phases; my %side_a; my %side_b;
    my $header = <STDIN>;
    while (my $line = <STDIN>) {
        $line =~ s/\r?\n\z//;
        my @fields;
        while ($line =~ /\G("((?:[^"]|"")*)"|[^,]*)(,|\z)/g) {
            my $field = defined $2 ? $2 : $1;
            $field =~ s/""/"/g;
            push @fields, $field;
            last if $3 eq "";
        }
        my ($conflict, $agreement, $date, $a, $b) = @fields;
        next if $a eq "" || $b eq "";                  # counts not published
        my $key = $conflict . "|" . substr($date, 0, 4);
        $phases{$key}++; $side_a{$key} += $a; $side_b{$key} += $b;
    }
    print "$_|$phases{$_}|$side_a{$_}|$side_b{$_}\n" for keys %phases;
' <data/record/exchanges.csv | LC_ALL=C sort >"$work/recount"
if [ ! -s "$work/report" ] || ! diff -u "$work/recount" "$work/report"; then
    echo "not ok - the report's totals per conflict and year differ from a plain recount of data/record/exchanges.csv"
    exit 1
fi
echo "ok - the report's totals per conflict and year equal a plain recount of the CSV ($(wc -l <"$work/report") rows: $(awk -F'|' '{p += $3; a += $4; b += $5} END {print p " phases, " a " + " b " people"}' "$work/report"))"
