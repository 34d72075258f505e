# roles.pl: setup_roles() refuses planted roles and takes over only bare
# ones; installing creates no role; the 1.2 roles survive the update; a
# squatted 1.2 schema is taken back by the update.  Each case runs on a
# cluster of its own, since roles belong to the cluster.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

# fresh_node(NAME): a started cluster with the extension installed.
sub fresh_node
{
	my ($name, $version) = @_;
	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init;
	$node->start;
	$node->safe_psql('postgres',
		'CREATE EXTENSION prisoner_exchange'
		  . (defined $version ? " VERSION '$version'" : ''));
	return $node;
}

# refused(NODE, SQL, SQLSTATE, PATTERN, NAME): SQL fails with that SQLSTATE
# and a message matching PATTERN.
sub refused
{
	my ($node, $sql, $sqlstate, $pattern, $name) = @_;
	my ($ret, $out, $err) =
	  $node->psql('postgres', "\\set VERBOSITY verbose\n$sql");
	isnt($ret, 0, "$name: refused");
	like($err, qr/ERROR:  $sqlstate: .*$pattern/s, "$name: $sqlstate, naming what is wrong");
}

my $setup = 'SELECT role_name, action FROM prisoner_exchange.setup_roles() ORDER BY 1';

# Installing creates no role.
my $node = fresh_node('no_roles');
is( $node->safe_psql('postgres',
		"SELECT count(*) FROM pg_roles WHERE rolname LIKE 'prisoner\\_exchange\\_%'"),
	'0', 'CREATE EXTENSION creates no role');
is($node->safe_psql('postgres', $setup),
	"prisoner_exchange_editor|created\nprisoner_exchange_reader|created",
	'setup_roles() makes both roles');
is($node->safe_psql('postgres', $setup),
	"prisoner_exchange_editor|checked\nprisoner_exchange_reader|checked",
	'a second call checks them');

# Members the administrators add are kept; a second database accepts them.
$node->safe_psql('postgres',
	'CREATE ROLE alice LOGIN IN ROLE prisoner_exchange_editor; CREATE DATABASE second');
$node->safe_psql('second', 'CREATE EXTENSION prisoner_exchange');
is($node->safe_psql('second', $setup),
	"prisoner_exchange_editor|checked\nprisoner_exchange_reader|checked",
	'a second database accepts the roles setup_roles() made, with their members');
is( $node->safe_psql('second',
		"SET ROLE alice; SELECT count(*) FROM prisoner_exchange.agreement"),
	'0', 'an editor of the second database reads its tables');

# A role setup_roles() made, given an attribute since, is refused.
$node->safe_psql('postgres', 'ALTER ROLE prisoner_exchange_reader CREATEDB');
refused($node, $setup, '42710',
	'role "prisoner_exchange_reader" exists with CREATEDB.*has since been given more',
	'a made role given CREATEDB since');
$node->safe_psql('postgres', 'ALTER ROLE prisoner_exchange_reader NOCREATEDB');

# Only a superuser sets up roles.
$node->safe_psql('postgres', 'CREATE ROLE bob LOGIN');
refused($node, "SET ROLE bob;\n$setup", '42501', 'permission denied for function setup_roles',
	'setup_roles() by a non-superuser');
$node->stop;

# Planted roles, each on a fresh cluster.  The attack of issue 11: a
# CREATEROLE user pre-creates the editor role NOLOGIN CREATEROLE, with a
# login member; on 1.2 it was accepted.
my @planted = (
	[
		'CREATE ROLE prisoner_exchange_editor NOLOGIN CREATEROLE; CREATE ROLE mallory LOGIN IN ROLE prisoner_exchange_editor',
		'role "prisoner_exchange_editor" exists with CREATEROLE, member mallory',
		'NOLOGIN CREATEROLE with a login member'
	],
	[
		'CREATE ROLE prisoner_exchange_editor NOLOGIN; CREATE ROLE mallory LOGIN IN ROLE prisoner_exchange_editor',
		'role "prisoner_exchange_editor" exists with member mallory',
		'a bare role with a login member'
	],
	[
		"CREATE ROLE prisoner_exchange_reader NOLOGIN PASSWORD 'planted'",
		'role "prisoner_exchange_reader" exists with a password',
		'a role with a password'
	],
	[
		'CREATE ROLE prisoner_exchange_reader NOLOGIN IN ROLE pg_read_all_data',
		'role "prisoner_exchange_reader" exists with membership in pg_read_all_data',
		'a role that can read everything'
	],
	[
		'CREATE ROLE prisoner_exchange_reader NOLOGIN; ALTER ROLE prisoner_exchange_reader SET search_path = planted',
		'role "prisoner_exchange_reader" exists with a setting search_path=planted',
		'a role with a setting'
	],
	[
		'CREATE ROLE prisoner_exchange_editor NOLOGIN; CREATE TABLE public.planted (x int); GRANT SELECT ON public.planted TO prisoner_exchange_editor',
		'role "prisoner_exchange_editor" exists with objects or privileges of its own',
		'a role with privileges'
	],
	[
		'CREATE ROLE prisoner_exchange_editor NOLOGIN SUPERUSER',
		'role "prisoner_exchange_editor" exists with SUPERUSER',
		'a superuser role'
	]);
my $case = 0;
foreach my $plant (@planted)
{
	my ($sql, $pattern, $name) = @$plant;
	$node = fresh_node('planted_' . ++$case);
	$node->safe_psql('postgres', $sql);
	refused($node, $setup, '42710', $pattern, $name);
	is( $node->safe_psql('postgres',
			"SELECT count(*) FROM pg_roles WHERE rolname LIKE 'prisoner\\_exchange\\_%' AND shobj_description(oid, 'pg_authid') IS NOT NULL"),
		'0', "$name: nothing taken over, nothing granted");
	$node->stop;
}

# A bare NOLOGIN role is taken over.
$node = fresh_node('bare');
$node->safe_psql('postgres', 'CREATE ROLE prisoner_exchange_reader NOLOGIN');
is($node->safe_psql('postgres', $setup),
	"prisoner_exchange_editor|created\nprisoner_exchange_reader|taken over",
	'a bare NOLOGIN role of the name is taken over');
$node->stop;

# 1.2 made the roles at install; the update keeps them with their members
# and moves them to 1.3's privileges.
$node = fresh_node('from_1_2', '1.2');
$node->safe_psql('postgres',
	"CREATE ROLE carol LOGIN IN ROLE prisoner_exchange_editor;
	 INSERT INTO prisoner_exchange.agreement (name, side_a, side_b) VALUES ('Before', 'A', 'B')");
$node->safe_psql('postgres', 'ALTER EXTENSION prisoner_exchange UPDATE');
is($node->safe_psql('postgres', 'SET ROLE carol; SELECT name FROM prisoner_exchange.agreement'),
	'Before', 'after the update, an editor of 1.2 still reads and keeps the rows');
refused($node, "SET ROLE carol; DELETE FROM prisoner_exchange.list_entry_match",
	'42501', 'permission denied for table list_entry_match',
	'after the update, an editor no longer writes match results');
is($node->safe_psql('postgres', $setup),
	"prisoner_exchange_editor|checked\nprisoner_exchange_reader|checked",
	'after the update, the 1.2 roles count as made by setup_roles()');
$node->stop;

# A 1.2 role planted with CREATEROLE stops the update.
$node = PostgreSQL::Test::Cluster->new('planted_1_2');
$node->init;
$node->start;
$node->safe_psql('postgres',
	"CREATE ROLE prisoner_exchange_editor NOLOGIN CREATEROLE;
	 CREATE EXTENSION prisoner_exchange VERSION '1.2'");
refused($node, 'ALTER EXTENSION prisoner_exchange UPDATE', '42710',
	'role "prisoner_exchange_editor" has attributes',
	'the update with a planted CREATEROLE editor');
is($node->safe_psql('postgres', "SELECT extversion FROM pg_extension WHERE extname = 'prisoner_exchange'"),
	'1.2', 'the refused update leaves 1.2 in place');
$node->stop;

# A schema squatted before a 1.2 install: 1.2 adopted it; the update takes
# it back for the extension's owner, and refuses while it holds a stranger.
$node = PostgreSQL::Test::Cluster->new('squatted_1_2');
$node->init;
$node->start;
$node->safe_psql('postgres',
	"CREATE ROLE mallory LOGIN; GRANT CREATE ON DATABASE postgres TO mallory;
	 SET ROLE mallory; CREATE SCHEMA prisoner_exchange;
	 CREATE FUNCTION prisoner_exchange.planted() RETURNS int LANGUAGE sql AS 'SELECT 1';
	 RESET ROLE; CREATE EXTENSION prisoner_exchange VERSION '1.2'");
refused($node, 'ALTER EXTENSION prisoner_exchange UPDATE', '55000',
	'holds objects that are not the extension.s: function (prisoner_exchange\.)?planted\(\)',
	'the update of a squatted schema holding a planted function');
$node->safe_psql('postgres', 'DROP FUNCTION prisoner_exchange.planted()');
$node->safe_psql('postgres', 'ALTER EXTENSION prisoner_exchange UPDATE');
is( $node->safe_psql('postgres',
		"SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'prisoner_exchange'"),
	'postgres', 'the update gives the schema to the extension\'s owner');
refused($node, 'SET ROLE mallory; ALTER SCHEMA prisoner_exchange RENAME TO old',
	'42501', 'must be owner of schema', 'the squatter can no longer rename the schema');
refused($node, 'SET ROLE mallory; CREATE FUNCTION prisoner_exchange.is_balanced(int) RETURNS bool LANGUAGE sql AS \'SELECT true\'',
	'42501', 'permission denied for schema', 'the squatter can no longer create in the schema');
$node->stop;

done_testing();
