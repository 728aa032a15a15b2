#!/usr/bin/env bash
# Runs the deployment suite (nginx, two-node, compose, Dockerfile, systemd checks) with pytest.
# Every service is started by the fixtures on free loopback ports and stopped again.
# BRIDGE_BIN: absolute path of the bridge binary (default <repo>/.build/debug/bridge).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export BRIDGE_BIN="${BRIDGE_BIN:-$repo/.build/debug/bridge}"
py="$here/.venv-deploy/bin/python"
if [ ! -x "$py" ]; then
    echo "run.sh: $here/.venv-deploy is missing: run deploy/tests/install.sh first" >&2
    exit 2
fi
echo "run.sh: BRIDGE_BIN=$BRIDGE_BIN"
cd "$here"
"$py" -m pytest -p no:cacheprovider -q "$@"
exit $?
