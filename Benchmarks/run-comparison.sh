#!/usr/bin/env bash
# The whole comparison in one command: installs the peers, builds the bridge and the benchmark
# package in release, runs every scenario against the bridge and its peers in the same run, and
# writes BENCHMARKS.md at the repository root (a partial run, with ONLY or PEERS, writes its report
# into its results folder only). Heavy (≈ 15 minutes, both cores): run it on an
# otherwise quiet machine. Every server it starts is stopped on exit.
#
# Environment: REPEATS (3) runs of each throughput scenario (medians are reported);
# SESSIONS (10000); IDLE_SESSIONS (100000) over IDLE_NODES (6) bridge nodes;
# BRIDGE_BIN (default: build <repo>/.build/release/bridge) and BRIDGE_COMMIT (its commit, for the
# report); SKIP_INSTALL=1; ONLY="A P B C D" to
# run a subset of the scenario groups (A: 10k burst + one-to-all, P: the same over HTTP, Pusher
# protocol against /ws; B: 1k at 100 msg/s and, as B2, B2_SESSIONS (2000) at 100 msg/s, near
# saturation; C: slow consumer, D: 100k idle; S: the reconnect storm of reconnect-storm.sh with
# STORM_SESSIONS (30000), not in the default list: add it, e.g. ONLY="A P B C D S");
# PEERS="bridge nio nio-coalescing uws nchan python" for A and B (also bridge-baseline: the bridge
# binary BASELINE_BIN, for a change's before and after in one run);
# BURST (200), SLOW_SECONDS (6), RATE_SECONDS (10) to shrink a trial run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$here/lib.sh"
REPEATS="${REPEATS:-3}"
SESSIONS="${SESSIONS:-10000}"
IDLE_SESSIONS="${IDLE_SESSIONS:-100000}"
IDLE_NODES="${IDLE_NODES:-6}"
ONLY="${ONLY:-A P B C D}"
BURST="${BURST:-200}"
SLOW_SECONDS="${SLOW_SECONDS:-6}"
RATE_SECONDS="${RATE_SECONDS:-10}"
B2_SESSIONS="${B2_SESSIONS:-2000}"
results="$repo/bench-results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results/logs"
PIDS=()
cleanup() { stop_pid "${PIDS[@]}" "${REDIS_PID:-}"; }
trap cleanup EXIT
say() { echo "== $*" >&2; }

if [[ "${SKIP_INSTALL:-0}" != 1 ]]; then
    say "installing peers (apt: nginx-light libnginx-mod-nchan redis-server libuv1; pip: websockets redis socketify)"
    export DEBIAN_FRONTEND=noninteractive
    dpkg -s nginx-light libnginx-mod-nchan redis-server curl python3-venv libuv1 >/dev/null 2>&1 || {
        apt-get update -qq && apt-get install -y -qq nginx-light libnginx-mod-nchan redis-server curl python3-venv libuv1; }
    [[ -x "$here/.venv-bench/bin/python" ]] || python3 -m venv "$here/.venv-bench"
    # socketify bundles uWebSockets and links the system's libuv.so.1 (Debian's libuv1).
    "$here/.venv-bench/bin/pip" install -q websockets redis socketify
fi

PEERS_GIVEN="${PEERS:-}"
read -r -a peers <<<"${PEERS:-bridge nio nio-coalescing uws nchan python}"
# The bridge is needed when it is one of PEERS or a bridge-only group (P, C, D) runs.
need_bridge=0
[[ " ${peers[*]} " == *" bridge "* || " $ONLY " == *" P "* || " $ONLY " == *" C "* || " $ONLY " == *" D "* || " $ONLY " == *" S "* ]] && need_bridge=1
if [[ $need_bridge == 1 && -z "${BRIDGE_BIN:-}" ]]; then
    say "building the bridge (release)"
    (cd "$repo" && nice swift build -c release --product bridge)
    BRIDGE_BIN="$repo/.build/release/bridge"
fi
say "building bridge-bench and nio-broadcaster (release)"
(cd "$here" && nice swift build -c release)
BENCH="$here/.build/release/bridge-bench"
NIO="$here/.build/release/nio-broadcaster"

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "kernel: $(uname -sr)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
    echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "swift: $(swift --version 2>/dev/null | head -1)"
    # The commit, not the binary's path: the report is committed and must not name this machine.
    if [[ $need_bridge == 1 ]]; then echo "bridge: commit ${BRIDGE_COMMIT:-$(cd "$repo" && git rev-parse --short HEAD)}, release build"; fi
    echo "nginx: $(nginx -v 2>&1 | sed 's/.*: //'), nchan $(dpkg-query -W -f '${Version}' libnginx-mod-nchan)"
    echo "python: $("$here/.venv-bench/bin/python" -c 'import sys, websockets; print(sys.version.split()[0], "websockets", websockets.__version__)')"
    echo "uWebSockets: socketify $("$here/.venv-bench/bin/python" -c 'import importlib.metadata as m; print(m.version("socketify"))'), libuv $(dpkg-query -W -f '${Version}' libuv1)"
    echo "redis: $(redis-server --version | awk '{print $3}')"
    echo "open files per process: $(ulimit -n)"
} >"$results/machine.txt"

redis_port="$(free_port)"
REDIS_URL="redis://127.0.0.1:$redis_port/0"
start_redis "$redis_port" "$results/logs/redis.log"
export BRIDGE_SECRET; BRIDGE_SECRET="$(random_secret)"
# Only the bridges of group P get a Pusher app (all three settings or none).
PUSHER_SECRET="$(random_secret)"

# start_peer NAME: starts one server; sets URL, SERVER_PIDS (for /proc sampling), PEER_ARGS, STOP.
start_peer() {
    local port; port="$(free_port)"
    case "$1" in
    bridge)
        "$BRIDGE_BIN" serve --port "$port" --redis-url "$REDIS_URL" --node-id 1 >"$results/logs/bridge-$port.log" 2>&1 &
        STOP=($!); SERVER_PIDS=(--server-pid $!); URL="ws://127.0.0.1:$port/ws"
        PEER_ARGS=(--peer bridge --http-url "http://127.0.0.1:$port/broadcast")
        wait_http "http://127.0.0.1:$port/ready" 30 ;;
    bridge-baseline)
        # An earlier build (BASELINE_BIN) beside BRIDGE_BIN: a change's before and after in one run.
        "${BASELINE_BIN:?the bridge-baseline peer needs BASELINE_BIN, an earlier bridge binary}" serve --port "$port" \
            --redis-url "$REDIS_URL" --node-id 1 >"$results/logs/bridge-baseline-$port.log" 2>&1 &
        STOP=($!); SERVER_PIDS=(--server-pid $!); URL="ws://127.0.0.1:$port/ws"
        PEER_ARGS=(--peer bridge --label bridge-baseline --http-url "http://127.0.0.1:$port/broadcast")
        wait_http "http://127.0.0.1:$port/ready" 30 ;;
    nio)
        "$NIO" --port "$port" --redis-url "$REDIS_URL" --channel bench >"$results/logs/nio-$port.log" 2>&1 &
        STOP=($!); SERVER_PIDS=(--server-pid $!); URL="ws://127.0.0.1:$port/"; PEER_ARGS=(--peer nio)
        wait_port "$port" 15 ;;
    nio-coalescing)
        "$NIO" --coalesce --port "$port" --redis-url "$REDIS_URL" --channel bench >"$results/logs/nio-coalescing-$port.log" 2>&1 &
        STOP=($!); SERVER_PIDS=(--server-pid $!); URL="ws://127.0.0.1:$port/"; PEER_ARGS=(--peer nio-coalescing)
        wait_port "$port" 15 ;;
    uws)
        "$here/peers/uws/start.sh" "$port" "$REDIS_URL" bench >"$results/logs/uws-$port.log" 2>&1 &
        STOP=($!); SERVER_PIDS=(--server-pid $!); URL="ws://127.0.0.1:$port/"; PEER_ARGS=(--peer uws)
        wait_port "$port" 15 ;;
    nchan)
        "$here/peers/nchan/start.sh" "$port" "$results/nchan-$port" auto >"$results/logs/nchan-$port.log" 2>&1 &
        STOP=($!); URL="ws://127.0.0.1:$port/sub"; PEER_ARGS=(--peer nchan --http-url "http://127.0.0.1:$port/pub")
        wait_port "$port" 15
        SERVER_PIDS=(--server-pid "${STOP[0]}")
        local w; for w in $(pgrep -P "${STOP[0]}"); do SERVER_PIDS+=(--server-pid "$w"); done ;;
    python)
        "$here/peers/python/start.sh" "$port" "$REDIS_URL" bench >"$results/logs/python-$port.log" 2>&1 &
        STOP=($!); SERVER_PIDS=(--server-pid $!); URL="ws://127.0.0.1:$port/"; PEER_ARGS=(--peer python)
        wait_port "$port" 15 ;;
    bridge-http|pusher)
        # The bridge with a Pusher app: /ws sessions fed by POST /broadcast (bridge-http), or Pusher
        # sessions on /app/{key} fed by the signed HTTP API (pusher); group P compares the two.
        PUSHER_APP_ID=bench PUSHER_APP_KEY=bench-key PUSHER_APP_SECRET="$PUSHER_SECRET" "$BRIDGE_BIN" serve --port "$port" --redis-url "$REDIS_URL" --node-id 1 \
            >"$results/logs/$1-$port.log" 2>&1 &
        STOP=($!); SERVER_PIDS=(--server-pid $!)
        if [[ $1 == pusher ]]; then
            URL="ws://127.0.0.1:$port/app/bench-key?protocol=7"
            PEER_ARGS=(--peer pusher --pusher-app-id bench --pusher-key bench-key --pusher-secret "$PUSHER_SECRET" --http-url "http://127.0.0.1:$port/apps/bench/events")
        else
            URL="ws://127.0.0.1:$port/ws"
            PEER_ARGS=(--peer bridge --label bridge-http --publish http --http-url "http://127.0.0.1:$port/broadcast")
        fi
        wait_http "http://127.0.0.1:$port/ready" 30 ;;
    *)  echo "unknown peer '$1' in PEERS; use bridge bridge-baseline nio nio-coalescing uws nchan python" >&2; exit 2 ;;
    esac
    PIDS+=("${STOP[@]}")
}

# bench NAME ARGS...: one bounded bench run, its command recorded, JSON in results/NAME.json.
bench() {
    local name="$1"; shift
    echo "bridge-bench run $* --json $name.json" >>"$results/commands.txt"
    say "$name"
    SOURCE_BASE=$(( (SOURCE_BASE + 8) % 232 + 2 ))  # fresh loopback source addresses for every run
    timeout 900 "$BENCH" run "$@" --redis-url "$REDIS_URL" --source-address-base "$SOURCE_BASE" --wait-seconds 120 --json "$results/$name.json" 2>"$results/logs/$name.log" \
        | tee -a "$results/tables.txt" || echo "!! $name failed (see logs/$name.log)" | tee -a "$results/tables.txt"
}

SOURCE_BASE=2
for group in $ONLY; do
case "$group" in
A)  # 10k sessions: one message to all (5 single messages), then a burst of 200.
    for rep in $(seq "$REPEATS"); do
        for peer in "${peers[@]}"; do
            start_peer "$peer"
            bench "A-$peer-$rep" "${PEER_ARGS[@]}" --url "$URL" "${SERVER_PIDS[@]}" --sessions "$SESSIONS" \
                --scenario one-to-all,burst --burst-messages "$BURST" --one-to-all-repeats 5 --one-to-all-gap-ms 500
            stop_pid "${STOP[@]}"
        done
    done
    # The same burst with relevance filtering at work (staff + two users of 10k).
    if [[ " ${peers[*]} " == *" bridge "* ]]; then
        start_peer bridge
        bench "A-bridge_mixed-1" "${PEER_ARGS[@]}" --label bridge-mixed --audience mixed --url "$URL" "${SERVER_PIDS[@]}" \
            --sessions "$SESSIONS" --scenario one-to-all,burst --burst-messages "$BURST" --one-to-all-repeats 5 --one-to-all-gap-ms 500
        stop_pid "${STOP[@]}"
    fi ;;
P)  # The Pusher protocol beside /ws, both fed over HTTP: SESSIONS Pusher connections on one channel
    # (events through the signed HTTP API) against SESSIONS /ws sessions (events through /broadcast).
    for rep in $(seq "$REPEATS"); do
        for peer in bridge-http pusher; do
            start_peer "$peer"
            # 15 single messages a run (A sends 5): the 10 % verdict compares two paths of one
            # server, and 5 messages' median moves more than that from run to run here.
            bench "P-$peer-$rep" "${PEER_ARGS[@]}" --url "$URL" "${SERVER_PIDS[@]}" --sessions "$SESSIONS" \
                --scenario one-to-all,burst --burst-messages "$BURST" --one-to-all-repeats 15 --one-to-all-gap-ms 500
            stop_pid "${STOP[@]}"
        done
    done ;;
B)  # 1k sessions at 100 messages/s for 10 s; then B2: B2_SESSIONS (2k) at 100/s, near what these
    # 2 cores can deliver paced, where a server that falls behind shows it (latency grows, the
    # delivered rate stays under the offered one).
    for rep in $(seq "$REPEATS"); do
        for peer in "${peers[@]}"; do
            start_peer "$peer"
            bench "B-$peer-$rep" "${PEER_ARGS[@]}" --url "$URL" "${SERVER_PIDS[@]}" --sessions 1000 \
                --scenario rate --rate 100 --rate-seconds "$RATE_SECONDS"
            stop_pid "${STOP[@]}"
        done
        for peer in "${peers[@]}"; do
            start_peer "$peer"
            bench "B2-$peer-$rep" "${PEER_ARGS[@]}" --url "$URL" "${SERVER_PIDS[@]}" --sessions "$B2_SESSIONS" \
                --scenario rate --rate 100 --rate-seconds "$RATE_SECONDS"
            stop_pid "${STOP[@]}"
        done
    done ;;
C)  # A slow consumer: 1k sessions at 100 msg/s then a burst, without and with one session that
    # stops reading; then the bound itself: 8 KB frames at 200/s for SLOW_SECONDS (9.6 MB) towards
    # one slow session among 20 (more than the kernel's socket buffers plus the 1 MiB queue; the
    # readers keep up at 1.6 MB/s, so only the slow one may be closed).
    for mode in noslow slow; do
        start_peer bridge
        bench "C-bridge_$mode-1" "${PEER_ARGS[@]}" --label "bridge-$mode" --url "$URL" "${SERVER_PIDS[@]}" --sessions 1000 \
            --slow-consumers "$([[ $mode == slow ]] && echo 1 || echo 0)" \
            --scenario rate,burst --rate 100 --rate-seconds "$RATE_SECONDS" --burst-messages "$BURST"
        stop_pid "${STOP[@]}"
    done
    start_peer bridge
    bench "C-bridge_bound-1" "${PEER_ARGS[@]}" --label bridge-bound --url "$URL" "${SERVER_PIDS[@]}" --sessions 20 \
        --slow-consumers 1 --payload-bytes 8000 --scenario rate --rate 200 --rate-seconds "$SLOW_SECONDS"
    stop_pid "${STOP[@]}" ;;
D)  # 100k idle sessions over IDLE_NODES bridge nodes on one Redis, one generator process per node; twice.
    urls=() pids=() nodes=()
    for n in $(seq "$IDLE_NODES"); do
        port="$(free_port)"
        BRIDGE_NODE_ID="$n" "$BRIDGE_BIN" serve --port "$port" --redis-url "$REDIS_URL" >"$results/logs/node-$n.log" 2>&1 &
        nodes+=($!); PIDS+=($!); pids+=(--server-pid $!); urls+=(--url "ws://127.0.0.1:$port/ws")
        wait_http "http://127.0.0.1:$port/ready" 30
    done
    for cycle in 1 2; do
        bench "D-bridge-$cycle" --peer bridge "${urls[@]}" "${pids[@]}" --sessions "$IDLE_SESSIONS" --workers "$IDLE_NODES" \
            --scenario idle --idle-seconds 10 --settle-seconds 5 --after-close-seconds 8 --connect-timeout 60
    done
    # Is what stays after close freed-but-kept heap? Ask glibc to give it back (diagnosis only).
    if command -v gdb >/dev/null; then
        rss() { local t=0 p; for p in "${nodes[@]}"; do t=$((t + $(awk '/VmRSS/ {print $2}' "/proc/$p/status"))); done; echo "$t"; }
        before="$(rss)"
        for p in "${nodes[@]}"; do timeout 60 gdb -p "$p" -batch -ex 'call (int)malloc_trim(0)' >/dev/null 2>&1 || true; done
        echo "{\"rss_kib_before_trim\": $before, \"rss_kib_after_trim\": $(rss)}" >"$results/D-trim.json.txt"
    fi
    stop_pid "${nodes[@]}" ;;
S)  # The reconnect storm: three nodes of its own, one SIGKILLed under load (docs/benchmark.md).
    say "S-storm"
    echo "SESSIONS=${STORM_SESSIONS:-30000} Benchmarks/reconnect-storm.sh" >>"$results/commands.txt"
    RESULTS="$results/S-storm" SESSIONS="${STORM_SESSIONS:-30000}" BRIDGE_BIN="$BRIDGE_BIN" BENCH_BIN="$BENCH" \
        BRIDGE_COMMIT="${BRIDGE_COMMIT:-$(cd "$repo" && git rev-parse --short HEAD)}" "$here/reconnect-storm.sh" \
        | tee -a "$results/tables.txt" || echo "!! S-storm failed (see S-storm/storm.log)" | tee -a "$results/tables.txt" ;;
esac
done

# A partial run (ONLY, PEERS) must not replace the committed report of a whole one.
if [[ "$ONLY" == "A P B C D" && -z "$PEERS_GIVEN" ]]; then
    say "writing BENCHMARKS.md"
    python3 "$here/report.py" "$results" >"$repo/BENCHMARKS.md"
    say "done: $repo/BENCHMARKS.md (raw results in $results)"
else
    python3 "$here/report.py" "$results" >"$results/BENCHMARKS.md"
    say "done: partial run (ONLY=$ONLY), report in $results/BENCHMARKS.md; the repository's BENCHMARKS.md is left as it is"
fi
