#!/usr/bin/env bash
# The shared log's cost, measured side by side in one run: two bridge binaries (BEFORE_BIN, the
# pub/sub-only release; AFTER_BIN, with the log), alternated REPEATS times against one
# redis-server, each run on a fresh bridge and an emptied Redis. Scenarios, all through Redis PUBLISH:
#   burst   10,000 sessions, a burst of 200 messages to everyone (frames/s, bridge CPU per frame)
#   rate    1,000 sessions at 100 messages/s for 10 s (p50/p99, bridge CPU per frame)
#   light   100 sessions at 20 messages/s for 10 s: the added latency of the log at light load
#   ingest  10 sessions, a burst of 8,000 messages (events/s delivered; below BRIDGE_HISTORY, so
#           no reader can be overtaken by the trimming)
# Prints one table and writes JSON under bench-results/. Heavy: both cores for ≈ 10 minutes.
#   BEFORE_BIN=… AFTER_BIN=… [BEFORE_COMMIT=…] [AFTER_COMMIT=…] [REPEATS=3]
#   [SCENARIOS="burst rate light ingest"] Benchmarks/log-ab.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$here/lib.sh"
: "${BEFORE_BIN:?set BEFORE_BIN to a release bridge binary of the pub/sub-only design}"
: "${AFTER_BIN:?set AFTER_BIN to a release bridge binary with the shared log}"
REPEATS="${REPEATS:-3}"
read -r -a SCENARIOS <<<"${SCENARIOS:-burst rate light ingest}"
results="$repo/bench-results/log-ab-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results/logs"
PIDS=()
cleanup() { stop_pid "${PIDS[@]}" "${REDIS_PID:-}"; }
trap cleanup EXIT
say() { echo "== $*" >&2; }

say "building bridge-bench (release)"
(cd "$here" && nice swift build -c release --product bridge-bench >/dev/null)
BENCH="$here/.build/release/bridge-bench"
redis_port="$(free_port)"
REDIS_URL="redis://127.0.0.1:$redis_port/0"
start_redis "$redis_port" "$results/logs/redis.log"
export BRIDGE_SECRET; BRIDGE_SECRET="$(random_secret)"
echo "before: ${BEFORE_COMMIT:-?}  after: ${AFTER_COMMIT:-?}  $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >"$results/machine.txt"

redis_cpu() { awk '{print $14 + $15}' "/proc/$REDIS_PID/stat"; }
SOURCE_BASE=2
run() {
    local which="$1" rep="$2" bin="$3" port; port="$(free_port)"
    redis-cli -p "$redis_port" FLUSHALL >/dev/null
    "$bin" serve --port "$port" --redis-url "$REDIS_URL" --node-id 1 >"$results/logs/$which-$rep.log" 2>&1 &
    local pid=$!; PIDS+=("$pid")
    wait_http "http://127.0.0.1:$port/ready" 30
    local common=(--peer bridge --url "ws://127.0.0.1:$port/ws" --server-pid "$pid" --redis-url "$REDIS_URL" --wait-seconds 120)
    local scenario args
    for scenario in "${SCENARIOS[@]}"; do
        case "$scenario" in
        burst)  args=(--sessions 10000 --scenario burst --burst-messages 200) ;;
        rate)   args=(--sessions 1000 --scenario rate --rate 100 --rate-seconds 10) ;;
        light)  args=(--sessions 100 --scenario rate --rate 20 --rate-seconds 10) ;;
        ingest) args=(--sessions 10 --scenario burst --burst-messages 8000) ;;
        esac
        SOURCE_BASE=$(( (SOURCE_BASE + 8) % 232 + 2 ))
        local before_redis; before_redis="$(redis_cpu)"
        say "$which $rep $scenario"
        timeout 600 "$BENCH" run "${common[@]}" "${args[@]}" --source-address-base "$SOURCE_BASE" \
            --json "$results/$which-$rep-$scenario.json" >/dev/null 2>"$results/logs/$which-$rep-$scenario.log" \
            || echo "!! $which $rep $scenario failed (logs/$which-$rep-$scenario.log)" >&2
        echo "$(( $(redis_cpu) - before_redis ))" >"$results/$which-$rep-$scenario.redis-ticks"
    done
    redis-cli -p "$redis_port" XLEN bridge:events >"$results/$which-$rep.xlen" 2>/dev/null || true
    stop_pid "$pid"
}

for rep in $(seq "$REPEATS"); do
    run before "$rep" "$BEFORE_BIN"
    run after "$rep" "$AFTER_BIN"
done
python3 "$here/log-ab-report.py" "$results" "$(getconf CLK_TCK)" | tee "$results/table.md"
