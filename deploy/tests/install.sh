#!/usr/bin/env bash
# Installs what deploy/tests needs: Debian's nginx, redis-server and openssl, and a venv
# (deploy/tests/.venv-deploy) with pytest, websockets and docker-compose v1 (offline
# validation of docker-compose.yml only; no Docker engine is used). Idempotent.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv-deploy"
export DEBIAN_FRONTEND=noninteractive

need_apt=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
[ -x /usr/bin/python3 ] || need_apt+=(python3)
/usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ "${#need_apt[@]}" -gt 0 ]; then
    echo "install.sh: apt-get install ${need_apt[*]}"
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need_apt[@]}"
fi
# Debian starts nginx and redis-server as services on install; the tests start their own.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now nginx >/dev/null 2>&1 || true
fi

# Debian's interpreter on purpose: the same one python3-venv belongs to.
if [ ! -x "$venv/bin/python" ]; then
    /usr/bin/python3 -m venv "$venv"
fi
py="$venv/bin/python"
if ! "$py" -c 'import pytest, websockets' >/dev/null 2>&1; then
    "$py" -m pip install -q --disable-pip-version-check "pytest>=7" "websockets>=12"
fi
if [ ! -x "$venv/bin/docker-compose" ]; then
    # Plain `pip install docker-compose` fails to build PyYAML 5.4.1 (see MEASURED.md).
    "$py" -m pip install -q --disable-pip-version-check "cython<3" wheel
    "$py" -m pip install -q --disable-pip-version-check --no-build-isolation "pyyaml==5.4.1"
    "$py" -m pip install -q --disable-pip-version-check docker-compose
fi
"$venv/bin/docker-compose" version --short >/dev/null
echo "install.sh: deploy test dependencies ready in $venv"
