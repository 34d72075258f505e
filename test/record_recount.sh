#!/usr/bin/env bash
# record_recount.sh DATABASE: the totals of the public record's report
# (test/record_report.sql) in DATABASE, where data/record/load.sql has
# loaded the record, and its lower bounds for the exchanges whose counts
# were not published, against a plain recount of data/record/exchanges.csv.
# Prints one "ok - ..." line, or the difference and exits 1.  Used by
# record_check.sh (make test) and by make demo.
set -euo pipefail
cd "$(dirname "$0")/.."

# The report's first table (exchanges and people per conflict and year)
# against a plain recount of the CSV file, made without PostgreSQL: every
# row, grouped by conflict and year; a side with an empty cell in the
# group is "at least" the sum of its published counts.  Perl is in
# every Debian (perl-base); the file's quoted fields may hold commas.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
psql -X -q -A -F '|' -v ON_ERROR_STOP=1 -d "$1" -f test/record_report.sql |
    sed -n '/^conflict|year|phases|/,/^People returned per side/p' | sed '1d;$d' | LC_ALL=C sort >"$work/report"
perl -e 'require "./test/record_csv.pl";
    my %phases; my %side_a; my %side_b; my %open_a; my %open_b;
    my $header = <STDIN>;
    while (my $line = <STDIN>) {
        my @fields = csv_fields($line);
        my ($conflict, $agreement, $date, $a, $b) = @fields;
        next if $a ne "" && $b ne "" && $a + $b == 0;  # nobody returned
        my $key = $conflict . "|" . substr($date, 0, 4);
        $phases{$key}++;
        if ($a eq "") { $open_a{$key} = 1 } else { $side_a{$key} += $a }
        if ($b eq "") { $open_b{$key} = 1 } else { $side_b{$key} += $b }
    }
    for my $key (keys %phases) {
        printf "%s|%d|%s%d|%s%d\n", $key, $phases{$key},
            $open_a{$key} ? "at least " : "", $side_a{$key} // 0,
            $open_b{$key} ? "at least " : "", $side_b{$key} // 0;
    }
' <data/record/exchanges.csv | LC_ALL=C sort >"$work/recount"
if [ ! -s "$work/report" ] || ! diff -u "$work/recount" "$work/report"; then
    echo "not ok - the report's totals per conflict and year differ from a plain recount of data/record/exchanges.csv"
    exit 1
fi

# The exchanges whose counts were not published: what the report shows of
# them as lower bounds, against the same recount of the CSV.
psql -X -q -A -F '|' -v ON_ERROR_STOP=1 -d "$1" -f test/record_report.sql |
    sed -n '/^conflict|published|exchanges|/,/^Remains of the dead/p' | sed '1d;$d' | grep -v '^$' |
    LC_ALL=C sort >"$work/report_unpublished"
perl -e 'require "./test/record_csv.pl";
    my (%n, %a, %b, %names);
    my $header = <STDIN>;
    while (my $line = <STDIN>) {
        my @fields = csv_fields($line);
        my ($conflict, $agreement, $date, $x, $y, $side_a, $side_b) = @fields;
        next if $x ne "" && $y ne "";                  # both published
        my $published = $x eq "" && $y eq "" ? "neither side published"
                      : $y eq "" ? "only side A published" : "only side B published";
        my $key = "$conflict|$published|$side_a|$side_b";
        $n{$key}++;
        $a{$key} += $x if $x ne ""; $b{$key} += $y if $y ne "";
    }
    for my $key (keys %n) {
        my ($conflict, $published, $side_a, $side_b) = split /\|/, $key;
        printf "%s|%s|%d|%s|%s|%s|%s\n", $conflict, $published, $n{$key},
            $side_a, defined $a{$key} ? "at least $a{$key}" : "unknown",
            $side_b, defined $b{$key} ? "at least $b{$key}" : "unknown";
    }
' <data/record/exchanges.csv | LC_ALL=C sort >"$work/recount_unpublished"
if [ ! -s "$work/report_unpublished" ] || ! diff -u "$work/recount_unpublished" "$work/report_unpublished"; then
    echo "not ok - the report's lower bounds for unpublished counts differ from a plain recount of data/record/exchanges.csv"
    exit 1
fi
# The published running totals against the record: the report's comparison
# against the same sums made from the two CSV files, and every row whose
# record falls short of (or passes) its figure must state why.
psql -X -q -A -F '|' -v ON_ERROR_STOP=1 -d "$1" -f test/record_report.sql |
    sed -n '/^returned_to|as_of|scope|/,$p' | sed '1d' | grep -v '^$' |
    cut -d'|' -f1-7 | LC_ALL=C sort >"$work/report_totals"
perl -e 'require "./test/record_csv.pl";
    open(my $ex, "<", "data/record/exchanges.csv") or die;
    my @phases;
    <$ex>;
    while (my $line = <$ex>) {
        my ($conflict, $agreement, $date, $a, $b, $side_a, $side_b) = csv_fields($line);
        next if $a ne "" && $b ne "" && $a + $b == 0;
        push @phases, [$date, $a, $b, $side_a, $side_b];
    }
    open(my $pt, "<", "data/record/published_totals.csv") or die;
    <$pt>;
    my $missing = 0;
    while (my $line = <$pt>) {
        my ($to, $as_of, $figure, $bound, $scope, $category, $by, $source, $reason) = csv_fields($line);
        my ($record, $difference) = ("", "");
        if ($scope eq "exchanges" && $category eq "") {
            my ($sum, $open) = (0, 0);
            for my $p (@phases) {
                my ($date, $a, $b, $side_a, $side_b) = @$p;
                next if $date gt $as_of;
                my $n = $side_a eq $to ? $a : $side_b eq $to ? $b : next;
                if ($n eq "") { $open = 1 } else { $sum += $n }
            }
            $record = ($open ? "at least " : "") . $sum;
            $difference = $figure - $sum;
            if ($difference != 0 && $reason eq "") {
                print STDERR "not ok - the published total of $as_of ($figure) differs from the record ($sum) with no reason stated\n";
                $missing++;
            }
        } elsif ($reason eq "") {
            print STDERR "not ok - the published total of $as_of ($scope) has no figure in the record and no reason stated\n";
            $missing++;
        }
        print "$to|$as_of|$scope|$bound|$figure|$record|$difference\n";
    }
    exit($missing ? 1 : 0);
' | LC_ALL=C sort >"$work/recount_totals"
if [ ! -s "$work/report_totals" ] || ! diff -u "$work/recount_totals" "$work/report_totals"; then
    echo "not ok - the report's comparison with the published totals differs from a plain recount of data/record/"
    exit 1
fi
echo "ok - the record against the $(wc -l <"$work/report_totals") published running totals equals a plain recount of the CSV files, and every gap states its reason"
echo "ok - the report's totals per conflict and year equal a plain recount of the CSV ($(wc -l <"$work/report") rows: $(sed 's/at least //g' "$work/report" | awk -F'|' '{p += $3; a += $4; b += $5} END {print p " phases, at least " a " + " b " people"}')), and so do its lower bounds for the $(awk -F'|' '{n += $3} END {print n}' "$work/report_unpublished") exchanges whose counts were not published"
