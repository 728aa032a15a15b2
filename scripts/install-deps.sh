#!/usr/bin/env bash
# Installs what building and running the bridge needs on Debian 12: hiredis, pkg-config, Redis.
# Idempotent; runs apt-get only when a package is missing. The Swift 6 toolchain must be on PATH.
set -euo pipefail

packages=(libhiredis-dev pkg-config redis-server redis-tools curl ca-certificates)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}" >&2
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian starts redis-server as a service on install; the tests start their own on free ports.

if ! command -v swift >/dev/null; then
    echo "install-deps: no Swift toolchain on PATH. Install Swift 6 for Debian 12 (swift.org/install) and retry." >&2
    exit 1
fi
