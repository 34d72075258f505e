# shards.pl: sharding with PostgreSQL's own postgres_fdw.  Three shard
# servers hold a table each; a coordinator partitions a table by hash over
# foreign tables on them, with the servers' option
# "extensions 'prisoner_exchange'".  The extension's aggregates, operators
# and functions must be shipped to the shards (the Remote SQL of EXPLAIN
# VERBOSE) and every answer must equal a single-server table's.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $coordinator = PostgreSQL::Test::Cluster->new('coordinator');
$coordinator->init;
$coordinator->start;
$coordinator->safe_psql('postgres', q{
	CREATE EXTENSION prisoner_exchange;
	CREATE EXTENSION postgres_fdw;
	CREATE TABLE phases (agreement_id integer NOT NULL, exchanged_on date NOT NULL,
	                     counts prisoner_exchange.exchange_phase NOT NULL)
	    PARTITION BY HASH (agreement_id)});

my @shards;
foreach my $i (1 .. 3)
{
	my $shard = PostgreSQL::Test::Cluster->new("shard$i");
	$shard->init;
	$shard->start;
	$shard->safe_psql('postgres', q{
		CREATE EXTENSION prisoner_exchange;
		CREATE TABLE public.phase_shard (agreement_id integer NOT NULL, exchanged_on date NOT NULL,
		                                 counts prisoner_exchange.exchange_phase NOT NULL)});
	my ($host, $port) = ($shard->host, $shard->port);
	my $remainder = $i - 1;
	$coordinator->safe_psql('postgres', qq{
		CREATE SERVER shard$i FOREIGN DATA WRAPPER postgres_fdw
		    OPTIONS (host '$host', port '$port', dbname 'postgres', extensions 'prisoner_exchange');
		CREATE USER MAPPING FOR CURRENT_USER SERVER shard$i;
		CREATE FOREIGN TABLE phases_$i PARTITION OF phases FOR VALUES WITH (MODULUS 3, REMAINDER $remainder)
		    SERVER shard$i OPTIONS (schema_name 'public', table_name 'phase_shard')});
	push @shards, $shard;
}

# The same rows on the shards (routed through the coordinator) and in one
# local table: 30 agreements, 30,000 phases, some off 1:1.
$coordinator->safe_psql('postgres', q{
	CREATE TABLE phases_single AS
	SELECT (i % 30) + 1 AS agreement_id, DATE '2022-03-01' + (i % 1000) AS exchanged_on,
	       prisoner_exchange.exchange_phase(1 + i % 50, 1 + i % 50 + CASE WHEN i % 17 = 0 THEN 1 ELSE 0 END) AS counts
	FROM generate_series(1, 30000) AS i;
	INSERT INTO phases SELECT * FROM phases_single;
	ANALYZE phases_single});
foreach my $shard (@shards)
{
	cmp_ok($shard->safe_psql('postgres', 'SELECT count(*) FROM public.phase_shard'), '>', 5000,
		$shard->name . ' holds its share of the rows');
}

my @queries = (
	'SELECT agreement_id, prisoner_exchange.sum(counts), count(*) FROM %s GROUP BY agreement_id ORDER BY agreement_id',
	'SELECT agreement_id, prisoner_exchange.min(counts), prisoner_exchange.max(counts) FROM %s GROUP BY agreement_id ORDER BY agreement_id',
	'SELECT agreement_id, count(*) FROM %s WHERE NOT prisoner_exchange.is_balanced(counts) GROUP BY agreement_id ORDER BY agreement_id',
	q{SELECT count(*) FROM %s WHERE counts OPERATOR(prisoner_exchange.<@) '10:10'},
	q{SELECT agreement_id, prisoner_exchange.sum(counts) OPERATOR(prisoner_exchange.<@) '20000:20000' FROM %s GROUP BY agreement_id ORDER BY agreement_id},
	'SELECT prisoner_exchange.sum(counts) FROM %s');
foreach my $query (@queries)
{
	my $sharded = $coordinator->safe_psql('postgres',
		"SET enable_partitionwise_aggregate = on;\n" . sprintf($query, 'phases'));
	my $single = $coordinator->safe_psql('postgres', sprintf($query, 'phases_single'));
	isnt($single, '', 'the single-server answer is not empty: ' . sprintf($query, 'phases_single'));
	is($sharded, $single, 'three shards answer as one server: ' . sprintf($query, 'phases'));
}

my $plan = $coordinator->safe_psql('postgres', q{
	SET enable_partitionwise_aggregate = on;
	EXPLAIN (VERBOSE, COSTS OFF)
	SELECT agreement_id, prisoner_exchange.sum(counts) FROM phases
	WHERE prisoner_exchange.is_balanced(counts) AND counts OPERATOR(prisoner_exchange.<@) '40:40'
	GROUP BY agreement_id});
my $shipped = () = $plan =~
  /Remote SQL: SELECT agreement_id, prisoner_exchange\.sum\(counts\) FROM public\.phase_shard WHERE \(prisoner_exchange\.is_balanced\(counts, .*OPERATOR\(prisoner_exchange\.<@\)/g;
is($shipped, 3, 'sum(), is_balanced() and <@ run on each of the three shards') or diag($plan);

$_->stop foreach (@shards, $coordinator);
done_testing();
