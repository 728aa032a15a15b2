#!/usr/bin/env bash
# Profiles the bridge under load: starts redis-server and the bridge (BRIDGE_BIN, default
# <repo>/.build/release/bridge) on free ports, opens SESSIONS (10000) sessions, records
# `perf record -g` of the bridge while SCENARIO runs (default three bursts of BURST (200) messages;
# e.g. SCENARIO=one-to-all REPEATS=30 for single messages to everyone) and prints the top symbols.
# PROTOCOL picks the path: ws (default: /ws sessions fed through Redis), ws-http (/ws sessions fed
# by POST /broadcast) or pusher (Pusher connections on /app/{key} fed by the signed HTTP API), so
# that the last two can be profiled side by side as group P of run-comparison.sh compares them.
# Output: perf.data and perf-top.txt in OUT (default bench-results/profile-<time>).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$here/lib.sh"
BRIDGE_BIN="${BRIDGE_BIN:-$repo/.build/release/bridge}"
BENCH="${BENCH_BIN:-$here/.build/release/bridge-bench}"
SESSIONS="${SESSIONS:-10000}"; BURST="${BURST:-200}"
SCENARIO="${SCENARIO:-burst,burst,burst}"; REPEATS="${REPEATS:-30}"; PROTOCOL="${PROTOCOL:-ws}"
out="${OUT:-$repo/bench-results/profile-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
REDIS_PID="" BRIDGE_PID="" PERF_PID=""
trap 'stop_pid "$PERF_PID" "$BRIDGE_PID" "$REDIS_PID"' EXIT
redis_port="$(free_port)"; port="$(free_port)"
start_redis "$redis_port" "$out/redis.log"
export BRIDGE_SECRET; BRIDGE_SECRET="$(random_secret)"
PUSHER_SECRET="$(random_secret)"
url="ws://127.0.0.1:$port/ws"; peer=()
case "$PROTOCOL" in
ws) ;;
ws-http) peer=(--publish http --http-url "http://127.0.0.1:$port/broadcast") ;;
pusher)
    url="ws://127.0.0.1:$port/app/bench-key?protocol=7"
    peer=(--peer pusher --pusher-app-id bench --pusher-key bench-key --pusher-secret "$PUSHER_SECRET"
          --http-url "http://127.0.0.1:$port/apps/bench/events") ;;
*) echo "profile: unknown PROTOCOL '$PROTOCOL'; use ws, ws-http or pusher" >&2; exit 2 ;;
esac
PUSHER_APP_ID=bench PUSHER_APP_KEY=bench-key PUSHER_APP_SECRET="$PUSHER_SECRET" \
    "$BRIDGE_BIN" serve --port "$port" --redis-url "redis://127.0.0.1:$redis_port/0" >"$out/bridge.log" 2>&1 &
BRIDGE_PID=$!
wait_http "http://127.0.0.1:$port/ready" 30
# Record from PERF_DELAY (8) s after start (sessions connected, settling) for PERF_SECONDS (15):
# three bursts fall inside; for a one-to-all run, start later (e.g. 14 s, after the 10 s settle).
(sleep "${PERF_DELAY:-8}"; exec perf record -F 999 -g -p "$BRIDGE_PID" -o "$out/perf.data" -- sleep "${PERF_SECONDS:-15}") >"$out/perf.log" 2>&1 &
PERF_PID=$!
timeout 300 "$BENCH" run "${peer[@]}" --url "$url" --redis-url "redis://127.0.0.1:$redis_port/0" \
    --server-pid "$BRIDGE_PID" --sessions "$SESSIONS" --scenario "$SCENARIO" --burst-messages "$BURST" \
    --one-to-all-repeats "$REPEATS" --one-to-all-gap-ms 300 \
    --settle-seconds 10 --json "$out/bench.json" | tee "$out/bench.txt"
wait "$PERF_PID" || true; PERF_PID=""
perf report -i "$out/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -40 | swift demangle --simplified | cut -c1-220 | tee "$out/perf-top.txt"
