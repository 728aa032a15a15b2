#!/usr/bin/env bash
# Installs what the browser suite needs: Debian's headless Chromium and its driver,
# redis-server, python3-venv, and selenium + pytest in a venv next to this file.
# Idempotent: re-running only installs what is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv-browser"
export DEBIAN_FRONTEND=noninteractive

need=()
for pkg in chromium chromium-driver redis-server python3-venv; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  # Other suites may run apt at the same time: wait for the locks (bounded) instead of failing.
  apt=(apt-get -o DPkg::Lock::Timeout=300)
  for try in 1 2 3 4 5 6; do "${apt[@]}" update -qq && break; sleep 10; done
  "${apt[@]}" install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core
fi

# Debian's python3 (not any pyenv shim) so the venv matches the system's venv module.
py=/usr/bin/python3
if [ ! -x "$venv/bin/python" ]; then
  "$py" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import selenium, pytest' >/dev/null 2>&1; then
  "$venv/bin/pip" install -q --disable-pip-version-check 'selenium>=4.15,<5' 'pytest>=7,<9'
fi
echo "browser suite: installed (chromium $(dpkg-query -W -f='${Version}' chromium), venv $venv)"
