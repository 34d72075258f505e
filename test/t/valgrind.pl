# valgrind.pl: the regression suite against a server running under
# valgrind's memcheck (every backend traced), then the errors valgrind
# reported: it fails if any has the module in its stack, and reports where
# the others were found.  Slow (minutes), so it runs only when asked:
# 'make valgrind' sets PE_VALGRIND_REGRESS to the regression tests to run.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

plan skip_all => 'slow: run by make valgrind' unless $ENV{PE_VALGRIND_REGRESS};

my $node = PostgreSQL::Test::Cluster->new('valgrind');
$node->init;
$node->append_conf('postgresql.conf', "max_parallel_workers_per_gather = 0\n");
my $logs = $node->basedir . '/valgrind';
mkdir($logs) or die "mkdir $logs: $!";

# The postmaster under valgrind instead of pg_ctl start: the node's own
# settings (port, socket directory) are in its postgresql.conf.
my $server = IPC::Run::start(
	[
		'valgrind', '--quiet', '--trace-children=yes', '--leak-check=no',
		'--track-origins=no', '--read-var-info=no', '--num-callers=30',
		"--log-file=$logs/valgrind.%p.log",
		'postgres', '-D', $node->data_dir
	],
	'>', $node->logfile, '2>&1');
ok($node->poll_query_until('postgres', 'SELECT true'), 'the server runs under valgrind');

my @tests = split(' ', $ENV{PE_VALGRIND_REGRESS});
my $suite = $node->run_log(
	[
		$ENV{PG_REGRESS}, '--bindir=', '--inputdir=.', '--encoding=UTF8',
		'--host=' . $node->host, '--port=' . $node->port, @tests
	]);
ok($suite, scalar(@tests) . ' regression tests pass under valgrind memcheck');

# Fast shutdown, as pg_ctl stop -m fast would ask.
my ($pid) = slurp_file($node->data_dir . '/postmaster.pid') =~ /^(\d+)/;
kill('INT', $pid);
$server->finish;

my $error_start = qr/^==\d+== (Invalid|Conditional|Use of uninitialised|Syscall param|Mismatched|Source and destination)/;
my (@ours, %where);
my $errors = 0;
foreach my $file (glob("$logs/valgrind.*.log"))
{
	my @block;
	foreach my $line (split(/\n/, slurp_file($file)), '==0== ')
	{
		if ($line =~ $error_start)
		{
			@block = ($line);
			$errors++;
		}
		elsif (@block && $line =~ /^==\d+== *$/)
		{
			push @ours, join("\n", @block) if grep { /prisoner_exchange/ } @block;
			(my $at = $block[1] // '') =~ s/^==\d+== +(at|by) 0x[0-9A-F]+: //;
			$where{$at}++;
			@block = ();
		}
		elsif (@block)
		{
			push @block, $line;
		}
	}
}
diag("valgrind errors by the function they were found in:");
my @most = sort { $where{$b} <=> $where{$a} } keys %where;
splice(@most, 10) if @most > 10;
diag(sprintf('%6d %s', $where{$_}, $_)) foreach @most;
is(scalar(@ours), 0, "none of the $errors valgrind errors has prisoner_exchange in its stack")
  or diag(join("\n\n", grep { defined } @ours[ 0 .. 4 ]));

done_testing();
