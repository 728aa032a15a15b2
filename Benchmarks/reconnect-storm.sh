#!/usr/bin/env bash
# Reconnect storm: three bridge nodes on one Redis hold SESSIONS (default 30,000) /ws sessions,
# a steady stream of events for everyone goes through the shared log, then one node gets SIGKILL.
# Its sessions reconnect to the survivors (jittered back-off, as the browser client does) and
# resume with `bridge:resume`. Prints a progress line every second, then a table: the time until
# every session is back and has caught up, events lost (must be 0), duplicates, and the
# survivors' peak CPU and RSS. Exits non-zero, with the reason, when anything was lost or late.
#
#   Benchmarks/reconnect-storm.sh [bridge-bench storm flags…]
#   SESSIONS=3000 Benchmarks/reconnect-storm.sh --settle-seconds 5      # a short development run
#
# Starts its own redis-server and three nodes on free loopback ports and stops them on exit.
# Environment: SESSIONS (30000), NODES (3), RATE (events/s for everyone, 2), WAIT (seconds the
# storm may take, 120), BRIDGE_BIN (default: build <repo>/.build/release/bridge), BRIDGE_COMMIT
# (for the report), BENCH_BIN (default: build bridge-bench in release), RESULTS (folder for logs
# and results; default <repo>/bench-results/storm-<time>, not committed).
# Not part of scripts/test.sh: it is a benchmark, heavy (both cores for a minute or two).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$here/lib.sh"

SESSIONS="${SESSIONS:-30000}"
NODES="${NODES:-3}"
RATE="${RATE:-2}"
WAIT="${WAIT:-120}"
results="${RESULTS:-$repo/bench-results/storm-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$results"
REDIS_PID="" BENCH_PID="" NODE_PIDS=()
cleanup() { stop_pid "$BENCH_PID" "${NODE_PIDS[@]}" "$REDIS_PID"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
say() { echo "== $*" >&2; }

need_binaries reconnect-storm "$results"
bench="$BENCH_BIN"
commit="${BRIDGE_COMMIT:-$(cd "$repo" && git rev-parse --short HEAD)}"
# Each survivor ends with SESSIONS / (NODES - 1) sockets, all in one process.
per_survivor=$(( SESSIONS / (NODES - 1) + 500 ))
if (( per_survivor > $(ulimit -n) )); then
    echo "reconnect-storm: a survivor would hold ~$per_survivor sockets but \`ulimit -n\` is $(ulimit -n): raise it, add NODES, or lower SESSIONS" >&2
    exit 2
fi

redis_port="$(free_port)"
start_redis "$redis_port" "$results/redis.log"
export BRIDGE_SECRET; BRIDGE_SECRET="$(random_secret)"
urls=() pids=()
for n in $(seq "$NODES"); do
    port="$(free_port)"
    "$BRIDGE_BIN" serve --host 127.0.0.1 --port "$port" --redis-url "redis://127.0.0.1:$redis_port/0" --node-id "$n" \
        >"$results/node-$n.log" 2>&1 &
    NODE_PIDS+=($!); pids+=(--server-pid $!); urls+=(--url "ws://127.0.0.1:$port/ws")
    wait_http "http://127.0.0.1:$port/ready" 30
done

say "storm: $SESSIONS sessions over $NODES nodes, bridge $commit, redis port $redis_port, results in $results"
echo "SESSIONS=$SESSIONS NODES=$NODES RATE=$RATE WAIT=$WAIT Benchmarks/reconnect-storm.sh $*" >"$results/command.txt"
rc=0
# In the background and waited for, so that a signal to this script stops everything at once.
timeout "$(( WAIT + 1200 ))" "$bench" storm "${urls[@]}" "${pids[@]}" --redis-url "redis://127.0.0.1:$redis_port/0" \
    --sessions "$SESSIONS" --rate "$RATE" --wait-seconds "$WAIT" --label "bridge $commit" \
    --json "$results/storm.json" "$@" > >(tee "$results/storm.txt") 2> >(tee "$results/storm.log" >&2) &
BENCH_PID=$!
wait "$BENCH_PID" || rc=$?
BENCH_PID=""
for n in $(seq "$NODES"); do
    lines="$(grep -ciE 'warning|error' "$results/node-$n.log" || true)"
    echo "node $n log: $lines warning/error lines" | tee -a "$results/storm.txt" >&2
done
say "results: $results (storm.txt, storm.json, storm.log, node-*.log)"
exit "$rc"
