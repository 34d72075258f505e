#!/usr/bin/env bash
# ensure-deps.sh [PACKAGE...]: install, with apt-get, the Debian packages that
# building and testing need and that are not installed yet.  Installs nothing
# when everything is there, so it is cheap to call before every run.
#
# Extra package names on the command line are checked too (test suites that
# need a client or a tool pass theirs).
#
# PostgreSQL: the server and its headers for every major version installed
# (so that a server installed without its headers gets them), or, on a
# machine with none, the one the Debian release ships (15 on Debian 12, 17
# on Debian 13).  A PG_CONFIG outside Debian's layout is the user's own
# build: nothing is installed for it.
set -euo pipefail
# shellcheck source=test/postgres_versions.sh
. "$(dirname "$0")/postgres_versions.sh"

majors=()
case "${PG_CONFIG:-}" in
    /usr/lib/postgresql/*/bin/pg_config)
        majors=("$(basename "$(dirname "$(dirname "$PG_CONFIG")")")") ;;
    "")
        for dir in /usr/lib/postgresql/*; do
            [ -x "$dir/bin/postgres" ] && majors+=("$(basename "$dir")")
        done
        [ ${#majors[@]} -gt 0 ] || majors=("$(pe_distro_major)") ;;
esac
postgres_packages=()
for major in "${majors[@]}"; do
    postgres_packages+=("postgresql-$major" "postgresql-server-dev-$major")
done

needed=(make gcc libc6-dev pkg-config "${postgres_packages[@]}" libicu-dev "$@")

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for pkg in "${needed[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ensure-deps: installing missing packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-deps: not root; run as root, or install them yourself:" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Package lists may be absent (container images) or stale: refresh them once
# if the first attempt cannot find or fetch a package.
if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
