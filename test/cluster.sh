#!/usr/bin/env bash
# cluster.sh: a throwaway PostgreSQL cluster for tests, the demo and benchmarks.
# Source it, then:
#   cluster_start    initdb in a temporary directory and start a server that
#                    listens on a private Unix socket; exports PGHOST,
#                    PGPORT, PGUSER and PGDATABASE for the clients
#                    With CLUSTER_TCP=1 it also listens on 127.0.0.1, on a
#                    free port, for drivers that speak only TCP (JDBC): TCP
#                    logins need a password (SCRAM), the socket is trusted.
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
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
        >"$CLUSTER_DIR/initdb.log" 2>&1 || {
        cat "$CLUSTER_DIR/initdb.log" >&2
        return 1
    }
    local listen="''" attempt
    if [ "${CLUSTER_TCP:-0}" = 1 ]; then
        listen=127.0.0.1
        PGPORT=$(cluster_free_port) || return 1
    else
        # The socket lives in a private directory, so any port number is free.
        PGPORT=54329
    fi
    export PGPORT
    for attempt in 1 2 3 4 5; do
        # shellcheck disable=SC2086
        if as_server_user "$PG_BINDIR/pg_ctl" -D "$CLUSTER_DIR/data" -w -t 60 \
            -l "$CLUSTER_DIR/server.log" \
            -o "-c listen_addresses=$listen -c unix_socket_directories='$CLUSTER_DIR/socket' -p $PGPORT -c fsync=off ${CLUSTER_OPTIONS:-}" \
            start >/dev/null; then
            export PGHOST="$CLUSTER_DIR/socket" PGUSER=postgres PGDATABASE=postgres
            return 0
        fi
        # Another program may have taken the TCP port since it was probed.
        if [ "$listen" != "''" ] && grep -q 'could not bind' "$CLUSTER_DIR/server.log"; then
            PGPORT=$(cluster_free_port) || return 1
            echo "cluster: port taken, retrying on $PGPORT (attempt $((attempt + 1)))" >&2
            continue
        fi
        break
    done
    cat "$CLUSTER_DIR/server.log" >&2
    return 1
}

# A TCP port on 127.0.0.1 that nothing listens on now.  Random, so that
# runs side by side (CI, a chroot sharing the network) rarely pick the same.
cluster_free_port() {
    local port tries
    for tries in $(seq 1 50); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "cluster: no free TCP port found" >&2
    return 1
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
