# upgrade.pl: ALTER EXTENSION prisoner_exchange UPDATE from every earlier
# release gives the catalog of a fresh install of the newest and keeps the
# users' rows.  Each release X.Y (the base script 1.0, or the target of an
# upgrade script, which PostgreSQL installs through the chain) is
# installed, loaded with the seed records, updated, and compared object by
# object (test/catalog_snapshot.sql) with a fresh install on which
# setup_roles() ran, and row by row (test/data_snapshot.sql, on the
# relations that existed before) with itself before the update.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use SeedData;

my ($newest) = read_file('prisoner_exchange.control') =~ /^default_version\s*=\s*'([^']+)'/m;
my %releases;
foreach my $script (glob('sql/prisoner_exchange--*.sql'))
{
	$releases{$2 // $1} = 1 if $script =~ /--([0-9.]+)(?:--([0-9.]+))?\.sql$/;
}
delete $releases{$newest};
my @releases = sort { version_key($a) cmp version_key($b) } keys %releases;
sub version_key { return join('.', map { sprintf('%05d', $_) } split(/\./, $_[0])); }
ok(@releases >= 3, "earlier releases to update from: @releases");

my $catalog_sql = read_file('test/catalog_snapshot.sql');
my $data_sql = read_file('test/data_snapshot.sql');

my $node = PostgreSQL::Test::Cluster->new('upgrade');
$node->init;
$node->start;

# seed(DB): the seed records, a reconciled list and a decision.
sub seed
{
	my ($db) = @_;
	load_seed($node, $db);
	$node->safe_psql($db, q{
		SELECT * FROM prisoner_exchange.reconcile(1);
		SELECT prisoner_exchange.confirm_entry(2, 307, 'before the update')});
}

$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh',
	'CREATE EXTENSION prisoner_exchange; SELECT FROM prisoner_exchange.setup_roles()');
my $fresh_catalog = $node->safe_psql('fresh', $catalog_sql);
my $catalog_lines = () = $fresh_catalog =~ /\n/g;

foreach my $version (@releases)
{
	(my $db = "from_$version") =~ s/\./_/g;
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, "CREATE EXTENSION prisoner_exchange VERSION '$version'");
	# From 1.3 on, an install is followed by setup_roles(), as the README
	# says (earlier releases had no roles; the update to 1.3 grants them).
	$node->safe_psql($db, q{
		DO $$
		BEGIN
			IF pg_catalog.to_regproc('prisoner_exchange.setup_roles') IS NOT NULL THEN
				PERFORM prisoner_exchange.setup_roles();
			END IF;
		END $$});
	seed($db);
	# Every table, and every view but those whose meaning a later release
	# changed on purpose (the CHANGELOG says how): agreement_coverage
	# compares like with like from 1.5, one category's quota and returns
	# with that category's estimate, no longer the whole quota.
	my $relations = $node->safe_psql($db, q{
		SELECT pg_catalog.string_agg(c.relname, ',') FROM pg_catalog.pg_class AS c
		WHERE c.relnamespace = 'prisoner_exchange'::pg_catalog.regnamespace AND c.relkind IN ('r', 'v')
		  AND c.relname <> 'agreement_coverage'});
	my $columns = $node->safe_psql($db, q{
		SELECT pg_catalog.string_agg(c.relname || '.' || a.attname, ',') FROM pg_catalog.pg_class AS c
		JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		WHERE c.relnamespace = 'prisoner_exchange'::pg_catalog.regnamespace AND c.relkind IN ('r', 'v')});
	my $only = "\\set only '$relations'\n\\set columns '$columns'\n";
	my $before = $node->safe_psql($db, $only . $data_sql);
	cmp_ok(scalar(() = $before =~ /\n/g), '>', 300, "from $version: the rows to compare are there");
	$node->safe_psql($db, 'ALTER EXTENSION prisoner_exchange UPDATE');
	is($node->safe_psql($db, "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'prisoner_exchange'"),
		$newest, "from $version: the update reaches $newest");
	is($node->safe_psql($db, $catalog_sql), $fresh_catalog,
		"from $version: the catalog equals a fresh install ($catalog_lines lines)");
	is($node->safe_psql($db, $only . $data_sql), $before,
		"from $version: every row and view result unchanged");
}

$node->stop;
done_testing();
