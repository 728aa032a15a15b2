#!/usr/bin/env bash
# Presence storm: MEMBERS connections (default 10,000), one user each, join one Pusher presence
# channel spread over three bridge nodes on one redis-server, at a bounded join rate. Measures the
# time until all joined and until every member knew every member (member_added counted, each
# checked against the members it already knew), server CPU and peak RSS per node, and failures.
# Runs each size given in turn, each on a fresh redis-server and fresh nodes started here with
# BRIDGE_PRESENCE_MAX_MEMBERS raised to the size; stops them all after each run.
#
#   Benchmarks/presence-storm.sh [MEMBERS…] [-- bridge-bench presence-storm flags…]
#   Benchmarks/presence-storm.sh 1000 2000 5000 10000 -- --join-rate 200
#
# N members mean N(N−1)/2 member_added frames (≈ 50 M for 10,000) and members lists of up to N
# users: each run is bounded by RUN_SECONDS (default 900) and reports what it reached.
# Environment: BRIDGE_BIN (default: build <repo>/.build/release/bridge), BENCH_BIN (default:
# build bridge-bench in release), RESULTS (default <repo>/bench-results/presence-storm-<time>,
# not committed), RUN_SECONDS. Loopback only. Not part of scripts/test.sh: heavy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$here/lib.sh"

sizes=()
while [[ $# -gt 0 && "$1" != "--" ]]; do sizes+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000)
for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 && "$n" -le 19000 ]] || { echo "presence-storm: MEMBERS must be 1 to 19000 (got '$n')" >&2; exit 2; }
done
run_seconds="${RUN_SECONDS:-900}"
results="${RESULTS:-$repo/bench-results/presence-storm-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$results"
REDIS_PID="" NODE_PIDS=() BENCH_PID=""
stop_all() { stop_pid "$BENCH_PID" "${NODE_PIDS[@]}" "$REDIS_PID"; BENCH_PID="" NODE_PIDS=() REDIS_PID=""; }
trap stop_all EXIT
trap 'exit 130' INT TERM
say() { echo "== $*" >&2; }

need_binaries presence-storm "$results"
bench="$BENCH_BIN"
commit="${BRIDGE_COMMIT:-$(cd "$repo" && git rev-parse --short HEAD)}"
export PUSHER_APP_ID=bench PUSHER_APP_KEY=bench-key PUSHER_APP_SECRET BRIDGE_SECRET
PUSHER_APP_SECRET="$(random_secret)"
BRIDGE_SECRET="$(random_secret)"

rc=0
for members in "${sizes[@]}"; do
    redis_port="$(free_port)"
    start_redis "$redis_port" "$results/redis-$members.log"
    urls=() pids=()
    for node in 1 2 3; do
        port="$(free_port)"
        BRIDGE_PRESENCE_MAX_MEMBERS="$members" BRIDGE_NODE_ID="$node" "$BRIDGE_BIN" serve --host 127.0.0.1 --port "$port" \
            --redis-url "redis://127.0.0.1:$redis_port/0" >"$results/node-$node-$members.log" 2>&1 &
        pid=$!
        NODE_PIDS+=("$pid")
        wait_http "http://127.0.0.1:$port/ready" 30
        urls+=(--url "ws://127.0.0.1:$port/app/$PUSHER_APP_KEY?protocol=7") pids+=(--server-pid "$pid")
    done
    say "presence storm: $members members over 3 nodes (pids ${NODE_PIDS[*]}), bridge $commit, BRIDGE_PRESENCE_MAX_MEMBERS=$members"
    echo "BRIDGE_PRESENCE_MAX_MEMBERS=$members bridge-bench presence-storm --members $members ${urls[*]} $*" >>"$results/command.txt"
    run_rc=0
    # In the background and waited for, so that a signal to this script stops everything at once.
    timeout "$run_seconds" "$bench" presence-storm --members "$members" "${urls[@]}" "${pids[@]}" --redis-pid "$REDIS_PID" \
        --pusher-key "$PUSHER_APP_KEY" --label "bridge $commit, $members members" --deadline "$((run_seconds - 10))" \
        --json "$results/storm-$members.json" "$@" > >(tee "$results/storm-$members.txt") 2>&1 &
    BENCH_PID=$!
    wait "$BENCH_PID" || run_rc=$?
    BENCH_PID=""
    [[ $run_rc -eq 124 ]] && echo "presence-storm: $members members did not finish within RUN_SECONDS=$run_seconds s" >&2
    for pid in "${NODE_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "presence-storm: node pid $pid exited during the run" >&2; run_rc=1; }; done
    for node in 1 2 3; do
        echo "node $node log: $(grep -ciE 'warning|error' "$results/node-$node-$members.log" || true) warning/error lines" >&2
    done
    [[ $run_rc -eq 0 ]] || rc=$run_rc
    stop_all
done
say "results: $results (storm-N.txt, storm-N.json, node logs)"
exit "$rc"
