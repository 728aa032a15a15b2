#!/usr/bin/env bash
# Profiles the bridge under the burst scenario: starts redis-server and the bridge (BRIDGE_BIN,
# default <repo>/.build/release/bridge) on free ports, opens SESSIONS (10000) sessions, records
# `perf record -g` of the bridge during a burst of BURST (200) messages and prints the top symbols.
# Output: perf.data and perf-top.txt in OUT (default bench-results/profile-<time>).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$here/lib.sh"
BRIDGE_BIN="${BRIDGE_BIN:-$repo/.build/release/bridge}"
BENCH="${BENCH_BIN:-$here/.build/release/bridge-bench}"
SESSIONS="${SESSIONS:-10000}"; BURST="${BURST:-200}"
out="${OUT:-$repo/bench-results/profile-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
REDIS_PID="" BRIDGE_PID="" PERF_PID=""
trap 'stop_pid "$PERF_PID" "$BRIDGE_PID" "$REDIS_PID"' EXIT
redis_port="$(free_port)"; port="$(free_port)"
start_redis "$redis_port" "$out/redis.log"
export BRIDGE_SECRET; BRIDGE_SECRET="$(random_secret)"
"$BRIDGE_BIN" serve --port "$port" --redis-url "redis://127.0.0.1:$redis_port/0" >"$out/bridge.log" 2>&1 &
BRIDGE_PID=$!
wait_http "http://127.0.0.1:$port/ready" 30
# Record from 8 s after start (sessions connected, settling) for 15 s: the bursts fall inside.
(sleep 8; exec perf record -F 999 -g -p "$BRIDGE_PID" -o "$out/perf.data" -- sleep 15) >"$out/perf.log" 2>&1 &
PERF_PID=$!
timeout 300 "$BENCH" run --url "ws://127.0.0.1:$port/ws" --redis-url "redis://127.0.0.1:$redis_port/0" \
    --server-pid "$BRIDGE_PID" --sessions "$SESSIONS" --scenario burst,burst,burst --burst-messages "$BURST" \
    --settle-seconds 10 --json "$out/bench.json" | tee "$out/bench.txt"
wait "$PERF_PID" || true; PERF_PID=""
perf report -i "$out/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -40 | swift demangle --simplified | cut -c1-220 | tee "$out/perf-top.txt"
