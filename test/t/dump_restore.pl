# dump_restore.pl: pg_dump of a database holding the extension and user
# rows gives back the same rows and view results in every way of
# restoring that docs/operations.md (Backups) names, and the restored
# extension keeps working (sequences, rules).  A plain parallel restore
# restores every row or is refused with the way to restore; a dump of 1.2
# restores where 1.3 is installed, then updates.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use SeedData;

my $node = PostgreSQL::Test::Cluster->new('dump_restore');
$node->init;
$node->start;
my $work = PostgreSQL::Test::Utils::tempdir;

# snapshot(DB): every table and view of the extension, row by row.
my $snapshot_sql = read_file('test/data_snapshot.sql');
sub snapshot
{
	my ($db) = @_;
	return $node->safe_psql($db, $snapshot_sql);
}

my $target = 'target';
sub fresh_target
{
	$node->safe_psql('postgres', "DROP DATABASE IF EXISTS $target");
	$node->safe_psql('postgres', "CREATE DATABASE $target");
}

# The source: the seed records, a reconciled list with a decision, a user
# table of the type, and an agreement changed after its phases.
$node->safe_psql('postgres', 'CREATE DATABASE source');
$node->safe_psql('source',
	'CREATE EXTENSION prisoner_exchange; SELECT FROM prisoner_exchange.setup_roles()');
load_seed($node, 'source');
$node->safe_psql('source', q{
	SELECT * FROM prisoner_exchange.reconcile(1);
	SELECT prisoner_exchange.confirm_entry(2, 307, 'before the dump');
	CREATE TABLE public.handover_log (counts prisoner_exchange.exchange_phase
		CHECK (counts OPERATOR(prisoner_exchange.<@) '1000:1000'));
	INSERT INTO public.handover_log VALUES ('390:390'), ('307:307'), (NULL);
	UPDATE prisoner_exchange.agreement SET mediator = 'Türkiye (host)'
	WHERE name LIKE 'Istanbul 1,000%';
	-- Categories (1.5): one of the user's own, the May 2025 breakdown
	-- (270 military and 120 civilians, then military only) and a term.
	INSERT INTO prisoner_exchange.category (name, description) VALUES ('female soldier', 'Women in service');
	INSERT INTO prisoner_exchange.phase_category (phase_id, category, counts)
	SELECT p.id, b.category, CASE WHEN p.exchanged_on = '2025-05-23' THEN b.first ELSE p.counts END
	FROM prisoner_exchange.phase AS p
	JOIN prisoner_exchange.agreement AS a ON a.id = p.agreement_id AND a.name LIKE 'Istanbul 1,000%'
	CROSS JOIN (VALUES ('military', '270:270'::prisoner_exchange.exchange_phase), ('civilian', '120:120')) AS b (category, first)
	WHERE b.category = 'military' OR p.exchanged_on = '2025-05-23';
	INSERT INTO prisoner_exchange.agreement_term (agreement_id, category, ratio, quota)
	SELECT id, 'female soldier', '1:50', '5:250' FROM prisoner_exchange.agreement WHERE name LIKE 'Gaza%';
});
my $before = snapshot('source');
my $rows = () = $before =~ /\n/g;
my $dump = "$work/source.dump";
$node->command_ok([ 'pg_dump', '-Fc', '-f', $dump, 'source' ], 'pg_dump -Fc');

# Each way of restoring, into a fresh database.
fresh_target();
$node->command_ok([ 'pg_restore', '--exit-on-error', '--single-transaction', '-d', $target, $dump ],
	'pg_restore --single-transaction into an empty database');
is(snapshot($target), $before, "$rows rows identical after a single-transaction restore");
# The history of changes comes back whole; the restore's own inserts are
# added after it.
my $history_sql = q{SELECT id, changed_at, changed_by, relation, row_id, operation, old_row, new_row
	FROM prisoner_exchange.change_history WHERE id <= %s ORDER BY id};
my $history_max = $node->safe_psql('source', 'SELECT pg_catalog.max(id) FROM prisoner_exchange.change_history');
my $history_before = $node->safe_psql('source', sprintf($history_sql, $history_max));
cmp_ok(scalar(() = $history_before =~ /\n/g), '>', 10, 'the source has a history of changes');
is($node->safe_psql($target, sprintf($history_sql, $history_max)), $history_before,
	'the history of changes restored row for row');

fresh_target();
$node->safe_psql($target,
	'CREATE EXTENSION prisoner_exchange; SELECT FROM prisoner_exchange.setup_roles()');
$node->command_ok([ 'pg_restore', '--exit-on-error', '--single-transaction', '-d', $target, $dump ],
	'pg_restore into a database with the extension installed (1.2 failed on CREATE SCHEMA)');
is(snapshot($target), $before, 'rows identical after a restore into an installed extension');

fresh_target();
$node->command_ok([ 'pg_restore', '--exit-on-error', '--section=pre-data', '-d', $target, $dump ],
	'parallel restore, step 1: pre-data');
$node->command_ok(
	[ 'pg_restore', '--exit-on-error', '--data-only', '--disable-triggers', '-j', '2', '-d', $target, $dump ],
	'parallel restore, step 2: the rows, -j 2, triggers off');
$node->command_ok([ 'pg_restore', '--exit-on-error', '--section=post-data', '-j', '2', '-d', $target, $dump ],
	'parallel restore, step 3: post-data, -j 2');
is(snapshot($target), $before, 'rows identical after the parallel restore in three steps');
# The rows went in with the triggers off, so the rules' running totals
# were not kept: the first write rebuilds them from the phases.
my ($status3, $out3, $err3) = $node->psql($target, q{
	INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
	SELECT id, '2025-05-26', '1:1' FROM prisoner_exchange.agreement WHERE name LIKE 'Istanbul 1,000%'});
like($err3, qr/add up to 1000:1000; with this one the total would be 1001:1001/,
	'the quota rule holds after a restore with the triggers off, counting every restored phase');

# A plain parallel restore: every row, or refused with the way to restore;
# never a silent partial restore.  (On 1.2 it lost the phases, the
# registry and the lists, 3 runs in 3.)
# The refusal's message relies on pg_restore's own application_name, which
# the TAP modules' PGAPPNAME would replace.
foreach my $run (1 .. 3)
{
	fresh_target();
	delete local $ENV{PGAPPNAME};
	my ($out, $err) = ('', '');
	my $ok = $node->run_log([ 'pg_restore', '-j', '2', '-d', $target, $dump ], '>', \$out, '2>', \$err);
	if ($ok)
	{
		is(snapshot($target), $before, "pg_restore -j 2 (run $run) restored every row");
	}
	else
	{
		like($err, qr/pg_restore is loading a row of .* before the .* it refers to.*HINT:  Restore with one job/s,
			"pg_restore -j 2 (run $run) refused with the way to restore");
	}
}

# Plain, into an empty database; then the restored extension at work.
fresh_target();
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $target, $dump ],
	'pg_restore into an empty database');
is(snapshot($target), $before, 'rows identical after a plain restore');
is($node->safe_psql($target, 'SELECT pg_catalog.count(*) FROM public.handover_log'),
	'3', 'a user table of exchange_phase restored');
my $max_before = $node->safe_psql('source', 'SELECT pg_catalog.max(id) FROM prisoner_exchange.agreement');
my $new_id = $node->safe_psql($target, q{
	INSERT INTO prisoner_exchange.agreement (name, side_a, side_b, quota)
	VALUES ('after restore', 'Ukraine', 'Russia', '10:10') RETURNING id});
cmp_ok($new_id, '>', $max_before, 'sequences continue after the restored ids');
my ($ret, $out, $err) = $node->psql($target, q{
	INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
	SELECT id, '2025-05-26', '1:1' FROM prisoner_exchange.agreement WHERE name LIKE 'Istanbul 1,000%'});
like($err, qr/would exceed the quota/, 'the quota rule holds in the restored database');

# A dump of 1.2, restored where 1.3 is installed: the extension made at 1.2
# first, the dump's own CREATE SCHEMA left out, then the update.
$node->safe_psql('postgres', 'CREATE DATABASE old');
$node->safe_psql('old', "CREATE EXTENSION prisoner_exchange VERSION '1.2'");
load_seed($node, 'old');
my $old_dump = "$work/old.dump";
$node->command_ok([ 'pg_dump', '-Fc', '-f', $old_dump, 'old' ], 'pg_dump of a 1.2 database');
fresh_target();
$node->safe_psql($target, "CREATE EXTENSION prisoner_exchange VERSION '1.2'");
my ($list) = PostgreSQL::Test::Utils::run_command([ 'pg_restore', '-l', $old_dump ]);
open(my $fh, '>', "$work/old.list") or die;
print $fh join("\n", grep { !/ SCHEMA - prisoner_exchange / } split(/\n/, $list)), "\n";
close($fh);
$node->command_ok([ 'pg_restore', '--exit-on-error', '-L', "$work/old.list", '-d', $target, $old_dump ],
	'the 1.2 dump restored at 1.2 without its CREATE SCHEMA');
$node->safe_psql($target, 'ALTER EXTENSION prisoner_exchange UPDATE');
is( $node->safe_psql($target, 'SELECT pg_catalog.count(*) FROM prisoner_exchange.person'),
	$node->safe_psql('old', 'SELECT pg_catalog.count(*) FROM prisoner_exchange.person'),
	'after the update, every person of the 1.2 registry is there');

$node->stop;
done_testing();
