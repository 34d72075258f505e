# load.pl: pgbench with 8 clients, for LOAD_SECONDS (default 15), recording
# phases into four agreements near their quota and one open-ended (three
# transactions in four) while the others read the views; then the
# invariants: no quota exceeded, every phase balanced, every committed
# phase there, the views equal to a plain recount.  The only errors allowed
# are the rules' rejections, which record_phase() in test/load/setup.sql
# counts as outcomes.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $seconds = $ENV{LOAD_SECONDS} || 15;

my $node = PostgreSQL::Test::Cluster->new('load');
$node->init;
$node->append_conf('postgresql.conf', "max_connections = 20\n");
$node->start;
$node->safe_psql('postgres', 'CREATE DATABASE load');
$node->command_ok([ 'psql', '-X', '-q', '-d', 'load', '-f', 'test/load/setup.sql' ],
	'four agreements near their quota and one open-ended');

my ($out, $err) = ('', '');
my $ran = $node->run_log(
	[
		'pgbench', '-n', '-c', '8', '-j', '2', '-T', $seconds,
		'-f', 'test/load/writer.sql@3', '-f', 'test/load/reader.sql@1', 'load'
	],
	'>', \$out, '2>', \$err);
ok($ran, "pgbench ran 8 clients for ${seconds}s");
my ($processed) = $out =~ /number of transactions actually processed: (\d+)/;
my ($tps) = $out =~ /^tps = ([0-9.]+)/m;
cmp_ok($processed // 0, '>', 0, 'transactions were processed (' . ($tps // '?') . ' per second)');
unlike($err . $out, qr/client \d+ aborted|number of failed transactions: [1-9]/,
	"no transaction failed with an error other than the rules' rejections")
  or diag($err);

my $invariants = $node->safe_psql('load', q{
	\pset footer off
	\pset fieldsep ' | '
	\i test/load/check.sql});
my @rows = grep { / \| [tf]$/ } split(/\n/, $invariants);
cmp_ok(scalar(@rows), '>=', 5, 'the invariant checks ran');
foreach my $row (@rows)
{
	my ($name, $holds) = $row =~ /^(.*) \| ([tf])$/;
	is($holds, 't', "invariant: $name");
}
my $outcomes = $node->safe_psql('load',
	q{SELECT string_agg(outcome || ' ' || n, ', ' ORDER BY outcome)
	  FROM (SELECT outcome, count(*) AS n FROM load_outcome GROUP BY outcome) AS o});
like($outcomes, qr/recorded \d+/, "outcomes: $outcomes");
like($outcomes, qr/rejected: /, 'the quota rule rejected phases under load');

$node->stop;
done_testing();
