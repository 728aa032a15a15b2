#!/usr/bin/env bash
# Soak: holds 10,000 WebSocket sessions against one bridge for MINUTES (default 30) under a mixed
# stream of the eleven event types (Redis PUBLISH on ict.events and POST /broadcast), with slow
# readers, reconnecting sessions (resume with last_id) and sessions sending bad frames. Prints the
# bridge's RSS and the load's progress every minute; at the end checks that RSS grew at most 5 %
# from minute 5 to the end and that every session received exactly the events meant for it.
# Exits non-zero, with the reason, when either fails.
#
#   Benchmarks/soak.sh [MINUTES] [bridge-bench soak flags…]
#   Benchmarks/soak.sh 2 --sessions 1000          # a short development run
#
# Starts its own redis-server and bridge on free loopback ports and stops them on exit.
# Environment: BRIDGE_BIN (default: build <repo>/.build/release/bridge, or in BRIDGE_SCRATCH when
# set), BRIDGE_COMMIT (for the report), BENCH_BIN (default: build bridge-bench in release),
# RESULTS (folder for logs and results; default <repo>/bench-results/soak-<time>, not committed).
# Not part of scripts/test.sh: it is a benchmark, heavy and long.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$here/lib.sh"

minutes=30
if [[ $# -gt 0 && "$1" != -* ]]; then minutes="$1"; shift; fi
results="${RESULTS:-$repo/bench-results/soak-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$results"
REDIS_PID="" BRIDGE_PID="" BENCH_PID=""
cleanup() { stop_pid "$BENCH_PID" "$BRIDGE_PID" "$REDIS_PID"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
say() { echo "== $*" >&2; }

scratch=(); [[ -n "${BRIDGE_SCRATCH:-}" ]] && scratch=(--scratch-path "$BRIDGE_SCRATCH")
need_binaries soak "$results" "${scratch[@]}"
bench="$BENCH_BIN"
commit="${BRIDGE_COMMIT:-$(cd "$repo" && git rev-parse --short HEAD)}"

redis_port="$(free_port)"; bridge_port="$(free_port)"
start_redis "$redis_port" "$results/redis.log"
export BRIDGE_SECRET BRIDGE_BROADCAST_TOKEN
BRIDGE_SECRET="$(random_secret)"
BRIDGE_BROADCAST_TOKEN="$(random_secret)"
"$BRIDGE_BIN" serve --host 127.0.0.1 --port "$bridge_port" --redis-url "redis://127.0.0.1:$redis_port/0" \
    --node-id 1 >"$results/bridge.log" 2>&1 &
BRIDGE_PID=$!
wait_http "http://127.0.0.1:$bridge_port/ready" 30

say "soak: $minutes min, bridge $commit (pid $BRIDGE_PID, port $bridge_port), redis port $redis_port, results in $results"
echo "BRIDGE_BIN=$BRIDGE_BIN bridge-bench soak --minutes $minutes $*" >"$results/command.txt"
rc=0
# In the background and waited for, so that a signal to this script stops everything at once.
timeout "$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 + 2400 }')" "$bench" soak --minutes "$minutes" \
    --url "ws://127.0.0.1:$bridge_port/ws" --http-url "http://127.0.0.1:$bridge_port/broadcast" \
    --redis-url "redis://127.0.0.1:$redis_port/0" --server-pid "$BRIDGE_PID" --label "bridge $commit" \
    --json "$results/soak.json" --markdown "$results/soak.md" "$@" > >(tee "$results/soak.txt") 2>&1 &
BENCH_PID=$!
wait "$BENCH_PID" || rc=$?
BENCH_PID=""

# The bridge's own counters, to set beside the generator's.
if curl -fsS --max-time 5 "http://127.0.0.1:$bridge_port/status" -o "$results/status.json"; then
    python3 - "$results/status.json" <<'PY' | tee -a "$results/soak.md"
import json, sys
s = json.load(open(sys.argv[1]))
m = s.get("messages", {})
print("\nThe bridge's /status at the end: messages received %s, delivered %s, rejected %s, dropped_slow %s." % (
    m.get("received"), m.get("delivered"), m.get("rejected"), m.get("dropped_slow")))
PY
else
    echo "soak: /status did not answer at the end" | tee -a "$results/soak.md" >&2
    rc=${rc:-1}; [[ $rc -eq 0 ]] && rc=1
fi
kill -0 "$BRIDGE_PID" 2>/dev/null || { echo "soak: the bridge exited during the run" >&2; rc=1; }
warnings="$(grep -ciE 'warning|error' "$results/bridge.log" || true)"
echo "bridge log: $warnings warning/error lines (see $results/bridge.log)" | tee -a "$results/soak.md" >&2
say "results: $results (soak.md, soak.json, soak.txt, bridge.log)"
exit "$rc"
