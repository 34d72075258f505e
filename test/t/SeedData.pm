# SeedData.pm: what the TAP tests share: the repository's files as text,
# and the demo's seed records loaded into a database.  Run from the top of
# the repository (test/t/run.sh sees to it).
package SeedData;

use strict;
use warnings;
use Exporter 'import';
use Test::More;

our @EXPORT = qw(read_file load_seed);

# read_file(PATH): a file of the repository, as text.
sub read_file
{
	my ($path) = @_;
	open(my $fh, '<', $path) or die "cannot read $path: $!";
	local $/;
	my $text = <$fh>;
	close($fh);
	return $text;
}

# load_seed(NODE, DB): data/seed/load.sql and load_lists.sql (they read
# their CSV files relative to the top directory).
sub load_seed
{
	my ($node, $db) = @_;
	foreach my $file ('data/seed/load.sql', 'data/seed/load_lists.sql')
	{
		$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $db, '-f', $file ],
			"$db: $file");
	}
	return;
}

1;
