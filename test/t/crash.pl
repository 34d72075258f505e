# crash.pl: a backend killed with SIGKILL in the middle of a batch of
# inserts.  One psql session records phases one transaction at a time and
# prints "ack N" after each commit; once a few hundred are acknowledged its
# backend is killed, the postmaster restarts every backend and replays the
# WAL, and then every acknowledged phase must be there (at most the one in
# flight more), the quota and balance invariants must hold, the views must
# agree with the table, and the server must take new phases.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $node = PostgreSQL::Test::Cluster->new('crash');
$node->init;
# A crash must go through real WAL replay, as on a production server.
$node->append_conf('postgresql.conf', "fsync = on\nrestart_after_crash = on\n");
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION prisoner_exchange;
	INSERT INTO prisoner_exchange.agreement (id, name, side_a, side_b, quota)
	VALUES (1, 'Crash agreement', 'A', 'B', '100000:100000')});

# The batch: one INSERT per line, each followed by its acknowledgement.
my $batch = "SELECT 'pid ' || pg_catalog.pg_backend_pid();\n";
$batch .= "INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, day_ordinal, counts) "
  . "VALUES (1, '2025-06-01', $_, '1:1'); SELECT 'ack $_';\n"
  foreach 1 .. 20000;
my ($out, $err) = ('', '');
my $timer = IPC::Run::timeout($PostgreSQL::Test::Utils::timeout_default);
my $psql = IPC::Run::start(
	[ 'psql', '-X', '-q', '-A', '-t', '-d', $node->connstr('postgres') ],
	'<', \$batch, '>', \$out, '2>', \$err, $timer);

$psql->pump until $out =~ /^pid (\d+)$/m || $timer->is_expired;
my ($backend) = $out =~ /^pid (\d+)$/m;
ok(defined $backend, 'the batch session started');
$psql->pump until (() = $out =~ /^ack /mg) >= 300 || $timer->is_expired;
ok(kill('KILL', $backend), "backend $backend killed with SIGKILL");
# Nothing more to send; psql exits with input left unread, and writing the
# rest would get EPIPE.  (What it prints on stderr depends on where it was
# when the server went away: the checks below do not read it.)
$batch = '';
{
	local $SIG{PIPE} = 'IGNORE';
	eval { $psql->finish; };
}
my $acked = () = $out =~ /^ack /mg;
cmp_ok($acked, '>=', 300, "$acked commits acknowledged before the kill");

ok($node->poll_query_until('postgres', 'SELECT true'), 'the server accepts connections again');
is($node->safe_psql('postgres', "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE pid = $backend"),
	'0', 'the batch session\'s backend is gone');
ok($node->log_contains('terminated by signal 9: Killed'), 'the postmaster saw the backend killed');
ok($node->log_contains('all server processes terminated; reinitializing'),
	'the postmaster restarted every backend and replayed the WAL');

my ($rows, $last) = split(/\|/, $node->safe_psql('postgres',
	'SELECT count(*), COALESCE(max(day_ordinal), 0) FROM prisoner_exchange.phase'));
ok($rows >= $acked && $rows <= $acked + 1,
	"after recovery $rows phases: every acknowledged commit, at most the one in flight more");
is($last, $rows, 'no gap in the recorded phases');
is($node->safe_psql('postgres', q{
	SELECT (SELECT returned_side_a FROM prisoner_exchange.agreement_progress WHERE agreement_id = 1)
	         = (SELECT count(*) FROM prisoner_exchange.phase)
	   AND (SELECT bool_and(prisoner_exchange.is_balanced(counts)) FROM prisoner_exchange.phase)
	   AND (SELECT count(*) = count(DISTINCT day_ordinal) FROM prisoner_exchange.phase)}),
	't', 'the views agree with the table and every phase keeps the balance');
$node->safe_psql('postgres', q{
	INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, day_ordinal, counts)
	VALUES (1, '2025-06-02', 1, '2:2')});
pass('a new phase is recorded after recovery');

$node->stop;
done_testing();
