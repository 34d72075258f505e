# shellcheck shell=bash
# postgres_versions.sh: sourced by the set-up scripts (ensure-deps.sh,
# run-tests.sh, with_cluster.sh, ...) to agree on which PostgreSQL to build
# and test against.  The extension supports PostgreSQL 15 to 18; Debian
# ships one of them per release, in /usr/lib/postgresql/MAJOR.
#
#   pe_distro_major        the major version this Debian release ships
#   pe_installed_configs   the pg_config of every installed server that
#                          has its server headers too, oldest first
#   pe_default_config      PG_CONFIG if set, else the newest of those, else
#                          where the distribution's will be once
#                          ensure-deps.sh has installed it
#   pe_major PG_CONFIG     the major version PG_CONFIG builds for

pe_distro_major() {
    local major=
    if [ -r /etc/os-release ]; then
        # shellcheck disable=SC1091
        case $(. /etc/os-release && echo "${ID:-}:${VERSION_ID:-}") in
            debian:12) major=15 ;;
            debian:13) major=17 ;;
        esac
    fi
    if [ -z "$major" ]; then
        # Another release or derivative: what its "postgresql" package depends on.
        major=$(apt-cache depends postgresql 2>/dev/null |
            sed -n 's/^ *Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | head -1)
    fi
    echo "${major:-15}"
}

pe_installed_configs() {
    local dir
    for dir in /usr/lib/postgresql/*; do
        [ -x "$dir/bin/postgres" ] && [ -x "$dir/bin/pg_config" ] &&
            [ -f "$("$dir/bin/pg_config" --pgxs 2>/dev/null)" ] &&
            echo "$dir/bin/pg_config"
    done | sort -V
}

pe_default_config() {
    if [ -n "${PG_CONFIG:-}" ]; then
        echo "$PG_CONFIG"
        return
    fi
    local newest
    newest=$(pe_installed_configs | tail -1)
    echo "${newest:-/usr/lib/postgresql/$(pe_distro_major)/bin/pg_config}"
}

pe_major() {
    case "$1" in
        # Known from the path even before the package is installed.
        /usr/lib/postgresql/*/bin/pg_config) basename "$(dirname "$(dirname "$1")")" ;;
        *) "$1" --version | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p' ;;
    esac
}
