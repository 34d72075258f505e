#!/usr/bin/env bash
# cluster.sh: a throwaway PostgreSQL cluster for tests, the demo and benchmarks.
# Source it, then:
#   cluster_start    initdb in a temporary directory and start a server that
#                    listens only on a private Unix socket; exports PGHOST,
#                    PGPORT, PGUSER and PGDATABASE for the clients
#   cluster_stop     stop it and delete the directory (also run on EXIT)
# As root the server runs as the 'postgres' system user (PostgreSQL refuses to
# run as root); otherwise as the calling user.
#
# CLUSTER_OPTIONS may hold extra "-c name=value" server settings.

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
PG_BINDIR=$("$PG_CONFIG" --bindir)
CLUSTER_DIR=""

as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

cluster_start() {
    CLUSTER_DIR=$(mktemp -d /tmp/prisoner_exchange-cluster.XXXXXX)
    chmod 755 "$CLUSTER_DIR"
    mkdir "$CLUSTER_DIR/socket"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || {
            echo "cluster: no 'postgres' user; install postgresql-15" >&2
            return 1
        }
        chown -R postgres: "$CLUSTER_DIR"
    fi
    trap cluster_stop EXIT
    as_server_user "$PG_BINDIR/initdb" -D "$CLUSTER_DIR/data" -U postgres \
        -A trust -E UTF8 --locale=C.UTF-8 >"$CLUSTER_DIR/initdb.log" 2>&1 || {
        cat "$CLUSTER_DIR/initdb.log" >&2
        return 1
    }
    # The socket lives in a private directory, so any port number is free.
    export PGPORT=54329
    # shellcheck disable=SC2086
    as_server_user "$PG_BINDIR/pg_ctl" -D "$CLUSTER_DIR/data" -w -t 60 \
        -l "$CLUSTER_DIR/server.log" \
        -o "-c listen_addresses='' -c unix_socket_directories='$CLUSTER_DIR/socket' -p $PGPORT -c fsync=off ${CLUSTER_OPTIONS:-}" \
        start >/dev/null || {
        cat "$CLUSTER_DIR/server.log" >&2
        return 1
    }
    export PGHOST="$CLUSTER_DIR/socket" PGUSER=postgres PGDATABASE=postgres
}

cluster_stop() {
    [ -n "$CLUSTER_DIR" ] || return 0
    if [ -f "$CLUSTER_DIR/data/postmaster.pid" ]; then
        as_server_user "$PG_BINDIR/pg_ctl" -D "$CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$CLUSTER_DIR"
    CLUSTER_DIR=""
}

# The server log, for a failing run's report.
cluster_log() {
    [ -n "$CLUSTER_DIR" ] && cat "$CLUSTER_DIR/server.log"
}
