#!/usr/bin/env bash
# CI smoke run of bridge-bench (/ws through Redis and /broadcast, and the Pusher protocol through
# its HTTP API): a few hundred sessions and about a second of load against a
# bridge (BRIDGE_BIN) and a redis-server started here on free ports. Fails on errors or lost
# frames, never on speed. Last line: "1 passed, 0 failed" or "0 passed, 1 failed".
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$here/lib.sh"
BRIDGE_BIN="${BRIDGE_BIN:-$repo/.build/debug/bridge}"
work="$(mktemp -d /tmp/bridge-smoke.XXXXXX)"
REDIS_PID="" BRIDGE_PID=""
cleanup() { stop_pid "$BRIDGE_PID" "$REDIS_PID"; rm -rf "$work"; }
trap cleanup EXIT

result() {
    if [[ "$1" == pass ]]; then echo "1 passed, 0 failed"; exit 0; fi
    echo "smoke: $2" >&2
    for f in "$work"/*.log; do [[ -s "$f" ]] && { echo "--- $(basename "$f") (last lines)" >&2; tail -n 15 "$f" >&2; }; done
    echo "0 passed, 1 failed"
    exit 1
}

[[ -x "$BRIDGE_BIN" ]] || result fail "no bridge binary at $BRIDGE_BIN (set BRIDGE_BIN)"
bench="${BENCH_BIN:-}"
if [[ -z "$bench" ]]; then
    echo "smoke: building bridge-bench (debug)…" >&2
    (cd "$here" && swift build --product bridge-bench >"$work/build.log" 2>&1) || result fail "bridge-bench did not build"
    bench="$here/.build/debug/bridge-bench"
fi

redis_port="$(free_port)"; bridge_port="$(free_port)"
start_redis "$redis_port" "$work/redis.log" || result fail "redis-server did not start"
export BRIDGE_SECRET; BRIDGE_SECRET="$(random_secret)"
# The Pusher protocol too (/app/{key}, the signed HTTP API), for run 3.
export PUSHER_APP_ID=smoke PUSHER_APP_KEY=smoke-key PUSHER_APP_SECRET; PUSHER_APP_SECRET="$(random_secret)"
"$BRIDGE_BIN" serve --host 127.0.0.1 --port "$bridge_port" --redis-url "redis://127.0.0.1:$redis_port/0" \
    --node-id 7 >"$work/bridge.log" 2>&1 &
BRIDGE_PID=$!
wait_http "http://127.0.0.1:$bridge_port/ready" 30 || result fail "bridge not ready on port $bridge_port"

common=(--redis-url "redis://127.0.0.1:$redis_port/0" --server-pid "$BRIDGE_PID" --settle-seconds 0.3 --after-close-seconds 0.3 --wait-seconds 20
        --deadline 120 --strict)
ws=(--url "ws://127.0.0.1:$bridge_port/ws")
# 1: everyone, through Redis PUBLISH (the real ingest path): a burst, single messages, a steady rate.
timeout 150 "$bench" run "${common[@]}" "${ws[@]}" --label smoke-redis --sessions 300 --scenario burst,one-to-all,rate \
    --burst-messages 50 --one-to-all-repeats 3 --one-to-all-gap-ms 100 --rate 100 --rate-seconds 1 \
    --json "$work/redis.json" >"$work/bench-redis.log" 2>&1 || result fail "run through Redis failed"
# 2: relevance (staff + two users) through POST /broadcast, with one slow consumer.
timeout 150 "$bench" run "${common[@]}" "${ws[@]}" --label smoke-broadcast --sessions 200 --scenario burst,rate \
    --audience mixed --publish http --http-url "http://127.0.0.1:$bridge_port/broadcast" \
    --burst-messages 30 --rate 50 --rate-seconds 1 --slow-consumers 1 \
    --json "$work/broadcast.json" >"$work/bench-broadcast.log" 2>&1 || result fail "run through /broadcast failed"
# 3: Pusher sessions on /app/{key} subscribed to one channel, events through the signed HTTP API.
timeout 150 "$bench" run "${common[@]}" --label smoke-pusher --peer pusher --sessions 200 --scenario burst,one-to-all,rate \
    --url "ws://127.0.0.1:$bridge_port/app/$PUSHER_APP_KEY?protocol=7" --pusher-app-id "$PUSHER_APP_ID" \
    --pusher-key "$PUSHER_APP_KEY" --http-url "http://127.0.0.1:$bridge_port/apps/$PUSHER_APP_ID/events" \
    --burst-messages 30 --one-to-all-repeats 3 --one-to-all-gap-ms 100 --rate 50 --rate-seconds 1 \
    --json "$work/pusher.json" >"$work/bench-pusher.log" 2>&1 || result fail "run through the Pusher protocol failed"
cat "$work/bench-redis.log" "$work/bench-broadcast.log" "$work/bench-pusher.log" | grep -v '^connecting' >&2
kill -0 "$BRIDGE_PID" 2>/dev/null || result fail "the bridge exited during the run"
result pass
