#!/usr/bin/env bash
# record_chart.sh DATABASE OUTPUT.svg: the chart of the public record, people
# returned to Ukraine and to Russia over time, cumulative, with every
# agreement of published date marked and the published running totals as
# points; drawn with gnuplot from the database.
set -euo pipefail
db=$1
out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Running totals over all Russia-Ukraine phases, one line per date: what
# is known, a count not published counting as its lower bound (0 for "?").
psql -X -q -A -t -F ' ' -d "$db" -c "
    SELECT p.exchanged_on,
           sum(prisoner_exchange.side_a_at_least(p.counts)) OVER w,
           sum(prisoner_exchange.side_b_at_least(p.counts)) OVER w
    FROM prisoner_exchange.phase AS p
    JOIN prisoner_exchange.agreement AS a ON a.id = p.agreement_id
    WHERE a.notes = 'Russia-Ukraine war'
    WINDOW w AS (ORDER BY p.exchanged_on, p.id)
    ORDER BY p.exchanged_on, p.id" >"$work/cumulative.dat"
# The running totals officials published of Ukrainians returned in
# exchanges, as points over the record's line: the gap shows.
psql -X -q -A -t -F ' ' -d "$db" -c "
    SELECT as_of, figure FROM prisoner_exchange.published_total
    WHERE returned_to = 'Ukraine' AND scope = 'exchanges' AND category IS NULL
    ORDER BY as_of" >"$work/published.dat"
# Every agreement whose date was published is marked on that date, with or
# without phases yet; the swaps arranged out of public view have no
# published date and show only as the steps of their phases.
psql -X -q -A -t -F '|' -d "$db" -c "
    SELECT agreed_on, name FROM prisoner_exchange.agreement
    WHERE notes = 'Russia-Ukraine war' AND agreed_on IS NOT NULL
    ORDER BY agreed_on, name" >"$work/marks.dat"

{
    echo "set terminal svg size 1000,560 dynamic font 'sans,12' background '#ffffff'"
    echo "set output '$out'"
    echo "set title 'People returned in Russia-Ukraine exchanges, cumulative, at least (public record, $(tail -1 "$work/cumulative.dat" | cut -d' ' -f1))'"
    echo "set xdata time; set timefmt '%Y-%m-%d'; set format x '%Y-%m'"
    echo "set ylabel 'people returned (cumulative)'; set key top left; set grid"
    n=0
    while IFS='|' read -r day name; do
        n=$((n + 1))
        echo "set arrow from '$day', graph 0 to '$day', graph 1 nohead dashtype 2 linecolor rgb '#888888'"
        echo "set label $n \"${name//\"/}\" at '$day', graph $(awk "BEGIN{print 0.30 - 0.07 * $n}") right offset -0.5,0 font 'sans,9'"
    done <"$work/marks.dat"
    echo "plot '$work/cumulative.dat' using 1:2 with steps linewidth 2 title 'returned to Ukraine', \\"
    echo "     '$work/cumulative.dat' using 1:3 with steps linewidth 2 title 'returned to Russia', \\"
    echo "     '$work/published.dat' using 1:2 with points pointtype 7 pointsize 1.2 title 'returned to Ukraine in exchanges, as published'"
} >"$work/chart.gp"
gnuplot "$work/chart.gp"
echo "The chart of the record: $out"
