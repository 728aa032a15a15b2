#!/usr/bin/env bash
# Starts the uWebSockets (socketify) broadcaster peer in the foreground (exec), from the benchmark venv.
# Usage: start.sh PORT REDIS_URL [CHANNEL]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${BENCH_VENV:-$here/../../.venv-bench}"
exec "$venv/bin/python" "$here/broadcaster.py" --port "${1:-8093}" --redis-url "${2:-redis://127.0.0.1:6379/0}" --channel "${3:-bench}"
