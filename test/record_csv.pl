# record_csv.pl: csv_fields(LINE), the fields of one line of the record's
# CSV files (RFC 4180: quoted fields may hold commas and doubled quotes;
# CRLF or LF endings).  Loaded by the Perl recounts of record_recount.sh,
# which need nothing beyond perl-base.
use strict;
use warnings;

sub csv_fields {
    my ($line) = @_;
    $line =~ s/\r?\n\z//;
    my @fields;
    while ($line =~ /\G("((?:[^"]|"")*)"|[^,]*)(,|\z)/g) {
        my $field = defined $2 ? $2 : $1;
        $field =~ s/""/"/g;
        push @fields, $field;
        last if $3 eq "";
    }
    return @fields;
}

1;
