#!/usr/bin/env bash
# Installs what the Pusher SDK suite needs: redis-server, python3-venv, and the official `pusher`
# HTTP SDK, the pysher WebSocket client, websocket-client and pytest in a venv next to this file.
# Idempotent: re-running only installs what is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv-pusher"
export DEBIAN_FRONTEND=noninteractive

need=()
for pkg in redis-server python3-venv; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  # Other suites may run apt at the same time: wait for the locks (bounded) instead of failing.
  apt=(apt-get -o DPkg::Lock::Timeout=300)
  for try in 1 2 3 4 5 6; do "${apt[@]}" update -qq && break; sleep 10; done
  "${apt[@]}" install -y -qq --no-install-recommends "${need[@]}"
fi

py=/usr/bin/python3
if [ ! -x "$venv/bin/python" ]; then
  "$py" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import pusher, pysher, websocket, pytest' >/dev/null 2>&1; then
  "$venv/bin/pip" install -q --disable-pip-version-check 'pusher>=3.3,<4' 'pysher>=1.0.8,<2' 'websocket-client>=1.6,<2' 'pytest>=7,<9'
fi
echo "pusher suite: installed (pusher $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pusher"))'), venv $venv)"
