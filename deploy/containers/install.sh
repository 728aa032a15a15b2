#!/usr/bin/env bash
# Installs what the container suite needs: Debian's podman (4.3) with runc, netavark, iptables (netavark's firewall) and
# aardvark-dns (service names resolve between containers), debootstrap (the stand-in base
# image), Debian's headless Chromium and its driver, and a venv next to this file with
# podman-compose (PyPI), pytest, selenium and websockets. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv-containers"
export DEBIAN_FRONTEND=noninteractive

need=()
for pkg in podman runc netavark aardvark-dns iptables slirp4netns debootstrap chromium chromium-driver \
           redis-tools python3-venv; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
    echo "install.sh: apt-get install ${need[*]}"
    apt=(apt-get -o DPkg::Lock::Timeout=300)
    for try in 1 2 3 4 5 6; do "${apt[@]}" update -qq && break; sleep 10; done
    "${apt[@]}" install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core
fi

# Debian's interpreter on purpose: the same one python3-venv belongs to.
if [ ! -x "$venv/bin/python" ]; then
    /usr/bin/python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import pytest, selenium, websockets' >/dev/null 2>&1 \
   || [ ! -x "$venv/bin/podman-compose" ]; then
    "$venv/bin/pip" install -q --disable-pip-version-check 'podman-compose==1.6.0' 'pytest>=7,<9' \
        'selenium>=4.15,<5' 'websockets>=12'
fi
echo "install.sh: container suite ready ($(podman --version), $("$venv/bin/podman-compose" --version 2>/dev/null | head -1))"
