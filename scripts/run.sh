#!/usr/bin/env bash
# Runs the bridge on a fresh Debian 12 machine: installs hiredis and Redis, builds the release
# binary, starts a local Redis when none answers on REDIS_URL, then runs `bridge serve`.
# Without BRIDGE_SECRET it runs in --dev mode (loopback only, development secret).
#   scripts/run.sh                       # ws://127.0.0.1:8080/ws
#   WEBSOCKET_PORT=9000 scripts/run.sh   # any `bridge serve` flag may follow
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
echo "run: building the release binary (several minutes the first time)" >&2
swift build -c release --product bridge >&2
BRIDGE_BIN="$PWD/.build/release/bridge" exec ./start-websocket.sh "$@"
