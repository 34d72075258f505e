#!/usr/bin/env bash
# ensure-deps.sh [PACKAGE...]: install, with apt-get, the Debian packages that
# building and testing need and that are not installed yet.  Installs nothing
# when everything is there, so it is cheap to call before every run.
#
# Extra package names on the command line are checked too (test suites that
# need a client or a tool pass theirs).
set -euo pipefail

needed=(make gcc libc6-dev pkg-config postgresql-15 postgresql-server-dev-15 libicu-dev "$@")

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
