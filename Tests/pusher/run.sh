#!/usr/bin/env bash
# Runs the Pusher SDK suite: the official `pusher` HTTP SDK, the pysher WebSocket client library and a
# Pusher protocol WebSocket client
# against the real bridge and redis-server. BRIDGE_BIN: absolute path of the bridge binary
# (default <repo>/.build/debug/bridge). Exits with pytest's status; "no tests collected" fails.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export BRIDGE_BIN="${BRIDGE_BIN:-$repo/.build/debug/bridge}"
py="$here/.venv-pusher/bin/python"
if [ ! -x "$py" ]; then
  echo "pusher suite: $py missing; run $here/install.sh first" >&2
  exit 2
fi
if [ ! -x "$BRIDGE_BIN" ]; then
  echo "pusher suite: BRIDGE_BIN=$BRIDGE_BIN is not an executable bridge" >&2
  exit 2
fi
cd "$here"
"$py" -m pytest -p no:cacheprovider -rfE "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pusher suite: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
