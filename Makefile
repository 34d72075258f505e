# prisoner_exchange: PGXS build, plus the two commands of the README.
#
#   make demo          set everything up and show the extension on the seed data
#   make test          set everything up and run every test suite
#   make installcheck  the regression suite against a server you already run
#
# PG_CONFIG selects the PostgreSQL to build against: 15 to 18; by default the
# newest installed in Debian's layout, else pg_config on the PATH.  make test
# and make demo set up and use every installed version (or, on a bare
# machine, the one the Debian release ships) unless PG_CONFIG is given.

EXTENSION   = prisoner_exchange
EXTVERSION  = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big  = $(EXTENSION)
OBJS        = src/prisoner_exchange.o \
              src/phase_core.o \
              src/phase_io.o \
              src/phase_ops.o \
              src/name_codes.o \
              src/name_dictionary.o \
              src/name_core.o \
              src/name_similarity.o \
              src/name_keys.o \
              src/name_icu.o \
              src/name_sql.o

# sql/install/*.sql are the newest release in full, one file per concern,
# joined into sql/$(EXTENSION)--$(EXTVERSION).sql.  As in contrib, one older release is
# kept whole as the base (sql/$(EXTENSION)--1.0.sql), and an upgrade script
# sql/$(EXTENSION)--X.Y--X.Z.sql leads from each release to the next:
# PostgreSQL installs any older release through that chain.
DATA        = sql/$(EXTENSION)--1.0.sql $(wildcard sql/$(EXTENSION)--*--*.sql) \
              $(wildcard sql/$(EXTENSION)--*.control)
DATA_built  = sql/$(EXTENSION)--$(EXTVERSION).sql

# Ordered: later files rely on the extension that setup creates.
REGRESS     = setup phase_input phase_soft_errors phase_functions phase_ordering phase_aggregate \
              phase_copy agreements own_tables rules_edges unpublished categories published_totals lifecycle_history remains seed_report getting_started names names_encodings locales lists roles \
              disclosure bad_input catalog security
REGRESS_OPTS = --encoding=UTF8

# Concurrency of the quota and balance rules (pg_isolation_regress).
ISOLATION   = quota_insert quota_update_delete quota_move quota_agreement_change \
              quota_lock_order person_link category_quota
ISOLATION_OPTS = --inputdir=test/isolation --load-extension=$(EXTENSION)

DEBIAN_PG_CONFIG = $(lastword $(sort $(wildcard /usr/lib/postgresql/*/bin/pg_config)))
PG_CONFIG ?= $(or $(DEBIAN_PG_CONFIG),pg_config)
# What the set-up scripts are told: only a PG_CONFIG the user chose.
CHOSEN_PG_CONFIG = $(if $(filter command line environment,$(origin PG_CONFIG)),$(PG_CONFIG))

# ICU comes from pkg-config, not from the server's build flags: the name
# functions need it even where the server was built without ICU.
ICU_PKGS    = icu-uc icu-i18n
ICU_CFLAGS_PC := $(shell pkg-config --cflags $(ICU_PKGS) 2>/dev/null)
ICU_LIBS_PC   := $(shell pkg-config --libs $(ICU_PKGS) 2>/dev/null)
PG_CPPFLAGS = -I$(srcdir)/src $(ICU_CFLAGS_PC)
SHLIB_LINK  += $(ICU_LIBS_PC)

EXTRA_CLEAN = results regression.diffs regression.out output_iso

# PGXS does not track headers: a changed header rebuilds every object.
$(OBJS): $(wildcard src/*.h)

.DEFAULT_GOAL := all

# The newest release's install script, joined from one file per concern.
INSTALL_PARTS = $(sort $(wildcard sql/install/*.sql))
sql/$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_PARTS)
	for part in $^; do cat "$$part"; echo; done > $@

PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
ifeq ($(ICU_LIBS_PC),)
$(error ICU not found by pkg-config ($(ICU_PKGS)); install libicu-dev and pkg-config, or run 'make test', which installs them)
endif
else
# No server headers yet: only the set-up commands below can run.
all install installcheck:
	@echo "PostgreSQL server headers (PGXS) not found for PG_CONFIG=$(PG_CONFIG)." >&2
	@echo "Install the server headers (on Debian: apt-get install postgresql-server-dev-MAJOR)," >&2
	@echo "or run 'make test' or 'make demo', which install what is missing." >&2
	@exit 1
endif

.PHONY: test demo bench bench-quick deps fuzz sanitize valgrind load crash tap

# Each of these installs what is missing, builds, installs the extension
# and runs on a throwaway cluster of its own.
test:
	PG_CONFIG="$(CHOSEN_PG_CONFIG)" test/run-tests.sh

demo:
	PG_CONFIG="$(CHOSEN_PG_CONFIG)" test/demo.sh

bench:
	PG_CONFIG="$(CHOSEN_PG_CONFIG)" test/bench/run.sh

# Every benchmark on small data, in a few minutes: rougher ratios.
bench-quick:
	BENCH_QUICK=1 PG_CONFIG="$(CHOSEN_PG_CONFIG)" test/bench/run.sh

deps:
	test/ensure-deps.sh

# The TAP tests (prove, PostgreSQL::Test::Cluster): roles, dump and restore,
# upgrades, crash and recovery, load, shards, each on clusters of their own.
# Needs make install.  LOAD_SECONDS: how long the load test runs.
LOAD_SECONDS ?= 60
tap:
	test/ensure-deps.sh libipc-run-perl
	LOAD_SECONDS=$(LOAD_SECONDS) PG_CONFIG="$(CHOSEN_PG_CONFIG)" test/t/run.sh

# libFuzzer on the parsers of untrusted bytes, FUZZ_SECONDS each (make test
# runs 10 s of each).
FUZZ_SECONDS ?= 60
fuzz:
	test/ensure-deps.sh clang libclang-rt-dev
	test/fuzz/run.sh $(FUZZ_SECONDS)

# The regression and isolation suites with the module built with UBSan (also
# part of make test), and the regression suite under valgrind (minutes).
sanitize:
	test/ensure-deps.sh
	PG_CONFIG="$(CHOSEN_PG_CONFIG)" test/sanitize.sh

valgrind:
	test/ensure-deps.sh valgrind libipc-run-perl
	PE_VALGRIND_REGRESS="$(REGRESS)" PG_CONFIG="$(CHOSEN_PG_CONFIG)" test/t/run.sh test/t/valgrind.pl

# One TAP test alone: pgbench with 8 clients for LOAD_SECONDS against
# agreements near their quota, then the invariants; a backend killed
# mid-batch, then the recovery.
crash load:
	test/ensure-deps.sh libipc-run-perl
	LOAD_SECONDS=$(LOAD_SECONDS) PG_CONFIG="$(CHOSEN_PG_CONFIG)" test/t/run.sh test/t/$@.pl
