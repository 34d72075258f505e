# citus.pl: the extension on a Citus cluster (a coordinator and two
# workers) against one plain server holding the same rows.  What it shows is
# what docs/operations.md claims for Citus, no more:
#   - CREATE EXTENSION on the coordinator reaches the workers;
#   - a table of phases of the user's own, distributed by agreement, sums
#     on the workers (partial aggregates combined on the coordinator), and
#     quota_check() checks its quota rule;
#   - a registry of the user's own, distributed by its identifier, is
#     matched against a list kept as a reference table, with the threshold
#     in the call (name_match(stored, lookup, threshold)), and %~ follows
#     a threshold set with ALTER DATABASE ... SET on every node;
#   - the extension's own tables stay on the coordinator, where reconcile()
#     and the rules work as on one server; distributing them is refused.
# Every answer is compared with the plain server's.  Citus is not packaged
# by Debian: without it installed, the test is skipped.
use strict;
use warnings;
use Cwd;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $sharedir = `pg_config --sharedir`;
my $pkglibdir = `pg_config --pkglibdir`;
chomp($sharedir, $pkglibdir);
if (!-f "$sharedir/extension/citus.control" || !-f "$pkglibdir/citus.so")
{
	plan skip_all => "Citus is not installed for this PostgreSQL "
	  . "(no $sharedir/extension/citus.control); Debian does not package it";
}

my ($newest) = slurp_file('prisoner_exchange.control') =~ /^default_version\s*=\s*'([^']+)'/m;
my $tree = getcwd();

sub citus_node
{
	my ($name) = @_;
	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init;
	$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'citus'
max_connections = 100
max_worker_processes = 20
citus.shard_count = 8
});
	$node->start;
	$node->safe_psql('postgres', 'CREATE EXTENSION citus');
	return $node;
}

my $coordinator = citus_node('coordinator');
my @workers = map { citus_node("worker$_") } 1 .. 2;
$coordinator->safe_psql('postgres',
	sprintf("SELECT citus_set_coordinator_host('%s', %d)", $coordinator->host, $coordinator->port));
foreach my $worker (@workers)
{
	$coordinator->safe_psql('postgres',
		sprintf("SELECT citus_add_node('%s', %d)", $worker->host, $worker->port));
}
my $single = PostgreSQL::Test::Cluster->new('single');
$single->init;
$single->start;

# 1. The extension, created once on the coordinator, reaches the workers.
$coordinator->safe_psql('postgres', 'CREATE EXTENSION prisoner_exchange');
$single->safe_psql('postgres', 'CREATE EXTENSION prisoner_exchange');
foreach my $worker (@workers)
{
	is($worker->safe_psql('postgres',
			"SELECT extversion FROM pg_extension WHERE extname = 'prisoner_exchange'"),
		$newest, $worker->name . ' has the extension, propagated from the coordinator');
}

# The same rows on both: 30 agreements (their quotas some above, some
# below what their phases add up to), 30,000 phases, some off 1:1.
my $rows = q{
	INSERT INTO prisoner_exchange.agreement (name, side_a, side_b, quota)
	SELECT 'Agreement ' || a, 'A-land', 'B-land',
	       prisoner_exchange.exchange_phase(25000 + (a % 3 - 1) * 3000, 25000 + (a % 3 - 1) * 3000)
	FROM generate_series(1, 30) AS a;
	CREATE TABLE my_phases (agreement_id bigint NOT NULL, exchanged_on date NOT NULL,
	                        counts prisoner_exchange.exchange_phase NOT NULL);
	INSERT INTO my_phases
	SELECT (i % 30) + 1, DATE '2022-03-01' + (i % 1000),
	       prisoner_exchange.exchange_phase(1 + i % 50, 1 + i % 50 + CASE WHEN i % 17 = 0 THEN 1 ELSE 0 END)
	FROM generate_series(1, 30000) AS i;
};
$coordinator->safe_psql('postgres', $rows);
$single->safe_psql('postgres', $rows);

# 2. The table of phases, distributed by agreement.
$coordinator->safe_psql('postgres', q{
	SELECT create_distributed_table('my_phases', 'agreement_id');
	SELECT truncate_local_data_after_distributing_table('my_phases')});
is($coordinator->safe_psql('postgres', q{
	SELECT count(DISTINCT nodeport) FROM citus_shards WHERE table_name = 'my_phases'::regclass}),
	'2', 'both workers hold shards of my_phases');

my @phase_queries = (
	'SELECT agreement_id, prisoner_exchange.sum(counts), count(*) FROM my_phases GROUP BY agreement_id ORDER BY agreement_id',
	'SELECT prisoner_exchange.sum(counts), prisoner_exchange.min(counts), prisoner_exchange.max(counts) FROM my_phases',
	q{SELECT count(*) FROM my_phases WHERE NOT prisoner_exchange.is_balanced(counts, '1:1')},
	q{SELECT agreement_id, count(*) FROM my_phases WHERE counts OPERATOR(prisoner_exchange.<@) '10:10' GROUP BY 1 ORDER BY 1},
	q{SELECT * FROM prisoner_exchange.quota_check('my_phases')},
	q{SELECT count(*) FILTER (WHERE within_quota), count(*) FILTER (WHERE NOT within_quota)
	  FROM prisoner_exchange.quota_check('my_phases')});
foreach my $query (@phase_queries)
{
	is($coordinator->safe_psql('postgres', $query), $single->safe_psql('postgres', $query),
		"distributed answers as one server: $query");
}
like($single->safe_psql('postgres', $phase_queries[-1]), qr/^[1-9][0-9]*\|[1-9][0-9]*$/,
	'quota_check() finds agreements both within and over quota');

# sum() over every shard is computed in parts on the workers and combined.
my $plan = $coordinator->safe_psql('postgres',
	'EXPLAIN (VERBOSE, COSTS OFF) SELECT prisoner_exchange.sum(counts) FROM my_phases');
like($plan, qr/worker_partial_agg/, 'an ungrouped sum() is computed in parts on the workers');
like($plan, qr/coord_combine_agg/, '... and combined on the coordinator');
$plan = $coordinator->safe_psql('postgres',
	'EXPLAIN (VERBOSE, COSTS OFF) SELECT agreement_id, prisoner_exchange.sum(counts) FROM my_phases GROUP BY 1');
like($plan, qr/prisoner_exchange\.sum\(counts\).*GROUP BY agreement_id/,
	'grouped by the distribution column, the workers compute each sum whole');

# 3. A registry of the user's own, distributed by its identifier, and a
# list as a reference table (a copy on every node), from the evaluation set.
my $registry = qq{
	CREATE TABLE my_registry (person_key text PRIMARY KEY, full_name text NOT NULL, birth_year integer);
	\\copy my_registry FROM '$tree/test/names/eval_registry.csv' WITH (FORMAT csv, HEADER)
	CREATE TABLE my_list (line_number integer PRIMARY KEY, name_as_written text NOT NULL, birth_year integer,
	                      truth text, kind text, system text, form text);
	\\copy my_list FROM '$tree/test/names/eval_list.csv' WITH (FORMAT csv, HEADER)
	CREATE INDEX my_registry_keys ON my_registry USING gin (prisoner_exchange.name_index_keys(full_name));
};
$coordinator->safe_psql('postgres', $registry);
$single->safe_psql('postgres', $registry);
$coordinator->safe_psql('postgres', q{
	SELECT create_distributed_table('my_registry', 'person_key');
	SELECT truncate_local_data_after_distributing_table('my_registry');
	SELECT create_reference_table('my_list');
	SELECT truncate_local_data_after_distributing_table('my_list')});

my $match_at = sub {
	my ($threshold) = @_;
	return qq{
	SELECT l.line_number, r.person_key, r.birth_year - l.birth_year AS years_apart
	FROM my_list AS l
	JOIN my_registry AS r
	  ON prisoner_exchange.name_index_keys(r.full_name) OPERATOR(pg_catalog.&&) prisoner_exchange.name_lookup_keys(l.name_as_written)
	 AND prisoner_exchange.name_match(r.full_name, l.name_as_written, $threshold)
	ORDER BY 1, 2};
};
foreach my $threshold (0.8, 0.7)
{
	my $query = $match_at->($threshold);
	my $distributed = $coordinator->safe_psql('postgres', $query);
	is($distributed, $single->safe_psql('postgres', $query),
		"matching the list against the distributed registry at $threshold answers as one server");
	cmp_ok(scalar(split /\n/, $distributed), '>', 1000, "... with many candidates at $threshold");
}
# The threshold in the call agrees with %~ under the same setting.
is($single->safe_psql('postgres', $match_at->(0.8)),
	$single->safe_psql('postgres', q{
	SELECT l.line_number, r.person_key, r.birth_year - l.birth_year
	FROM my_list AS l JOIN my_registry AS r ON r.full_name OPERATOR(prisoner_exchange.%~) l.name_as_written
	ORDER BY 1, 2}),
	'name_match(..., 0.8) finds what %~ finds at the default threshold');
like($coordinator->safe_psql('postgres', 'EXPLAIN (COSTS OFF) ' . $match_at->(0.8)),
	qr/Task Count: 8/, 'the match runs on every shard of the registry');

# %~ reads the setting on each worker, and Citus 12.1 does not pass on
# ALTER DATABASE ... SET: it is run on the workers too, then checked there.
# Sessions that start after it read it.
$coordinator->safe_psql('postgres', q{
	ALTER DATABASE postgres SET prisoner_exchange.name_match_threshold = 0.7;
	SELECT run_command_on_workers(
	    $$ALTER DATABASE postgres SET prisoner_exchange.name_match_threshold = 0.7$$)});
$single->safe_psql('postgres',
	'ALTER DATABASE postgres SET prisoner_exchange.name_match_threshold = 0.7');
is($coordinator->safe_psql('postgres', q{
	SELECT string_agg(result, ',') FROM run_command_on_all_nodes(
	    $$SELECT prisoner_exchange.name_match_threshold()$$)}),
	'0.7,0.7,0.7', 'the setting, run on every node, is read on every node');
my $by_operator = q{
	SELECT l.line_number, r.person_key
	FROM my_list AS l JOIN my_registry AS r ON r.full_name OPERATOR(prisoner_exchange.%~) l.name_as_written
	ORDER BY 1, 2};
is($coordinator->safe_psql('postgres', $by_operator), $single->safe_psql('postgres', $by_operator),
	'%~ on the distributed registry answers as one server with the database setting');

# 4. The extension's own tables stay on the coordinator: Citus refuses to
# distribute them (their rules are triggers), and there reconcile() and the
# views answer as on one server.
my ($rc, $out, $err) = $coordinator->psql('postgres',
	q{SELECT create_reference_table('prisoner_exchange.agreement')});
isnt($rc, 0, 'distributing the extension\'s agreement table is refused');
like($err, qr/triggers/, '... because its rules are triggers');
($rc, $out, $err) = $coordinator->psql('postgres',
	q{SELECT create_distributed_table('prisoner_exchange.person', 'id')});
isnt($rc, 0, 'distributing the extension\'s person table is refused');

my $own = qq{
	SELECT prisoner_exchange.registry_load_begin();
	INSERT INTO prisoner_exchange.person (registry_id, full_name, birth_year)
	SELECT person_key, full_name, birth_year FROM my_registry ORDER BY person_key;
	SELECT prisoner_exchange.registry_load_end();
	INSERT INTO prisoner_exchange.exchange_list (agreement_id, sent_by, title)
	VALUES (1, 'B-land', 'Evaluation list');
	INSERT INTO prisoner_exchange.list_entry (list_id, line_number, name_as_written, birth_year)
	SELECT 1, line_number, name_as_written, birth_year FROM my_list;
	INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
	VALUES (2, '2025-05-23', '390:390');
};
$coordinator->safe_psql('postgres', $own);
$single->safe_psql('postgres', $own);
my @own_queries = (
	'SELECT * FROM prisoner_exchange.reconcile(1)',
	q{SELECT line_number, verdict, p.registry_id, best_score, ambiguity
	  FROM prisoner_exchange.list_reconciliation AS r
	  LEFT JOIN prisoner_exchange.person AS p ON p.id = r.best_person_id ORDER BY line_number},
	'SELECT agreement_id, returned_side_a, returned_side_b, remaining_total, status FROM prisoner_exchange.agreement_progress ORDER BY 1');
foreach my $query (@own_queries)
{
	is($coordinator->safe_psql('postgres', $query), $single->safe_psql('postgres', $query),
		"the extension's own tables on the coordinator answer as one server: $query");
}
($rc, $out, $err) = $coordinator->psql('postgres', q{
	INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts)
	VALUES (2, '2025-05-24', '99999:99999')});
like($err, qr/quota/, 'the quota rule holds on the coordinator');

done_testing();
