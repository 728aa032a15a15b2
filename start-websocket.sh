#!/usr/bin/env bash
# Starts the realtime bridge (the successor of the old `php artisan websocket:serve`).
#
#   ./start-websocket.sh                      # ws://127.0.0.1:8080/ws
#   WEBSOCKET_PORT=9000 ./start-websocket.sh  # another port
#   ./start-websocket.sh --allowed-origins https://help.example.org   # extra flags go to `bridge serve`
#
# Binary: $BRIDGE_BIN, else .build/release/bridge, .build/debug/bridge, `bridge`
# on PATH; when none exists it runs `swift build` here first.
# Redis: when nothing answers PING on REDIS_URL (default redis://127.0.0.1:6379/0)
# and that address is local, it starts a redis-server there (no persistence) and
# stops it when the bridge exits.
# Secret: without BRIDGE_SECRET the bridge runs with --dev (fixed development
# secret, loopback only); set BRIDGE_SECRET (>= 32 bytes) for anything else.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
say() { echo "start-websocket: $*" >&2; }

if [ -n "${BRIDGE_BIN:-}" ] && { [ ! -f "$BRIDGE_BIN" ] || [ ! -x "$BRIDGE_BIN" ]; }; then
    say "BRIDGE_BIN=$BRIDGE_BIN is not an executable file"
    exit 1
fi

find_bridge() {
    [ -n "${BRIDGE_BIN:-}" ] && { echo "$BRIDGE_BIN"; return 0; }
    for candidate in .build/release/bridge .build/debug/bridge; do
        [ -x "$candidate" ] && { echo "$PWD/$candidate"; return 0; }
    done
    command -v bridge 2>/dev/null && return 0
    return 1
}

if ! bin=$(find_bridge); then
    command -v swift >/dev/null || { say "no bridge binary and no swift toolchain to build one (set BRIDGE_BIN)"; exit 1; }
    say "no bridge binary yet: running swift build (a few minutes the first time)"
    swift build --product bridge >&2
    bin="$PWD/.build/debug/bridge"
fi

export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
# redis://[:password@]host:port[/db]
rest=${REDIS_URL#redis://}
auth=""; [[ "$rest" == *@* ]] && { auth=${rest%%@*}; rest=${rest#*@}; }
hostport=${rest%%/*}
redis_host=${hostport%:*}; redis_port=${hostport##*:}
[ "$redis_host" = "$hostport" ] && redis_port=6379
redis_host=${redis_host:-127.0.0.1}
password=${auth#*:}; [ "$auth" = "" ] && password=""

redis_answers() {
    REDISCLI_AUTH="$password" timeout 2 redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null | grep -q PONG
}

redis_pid=""
if ! redis_answers; then
    case "$redis_host" in
        127.*|localhost|::1) ;;
        *) say "no Redis answers at $redis_host:$redis_port and it is not local; start it or fix REDIS_URL"; exit 1 ;;
    esac
    command -v redis-server >/dev/null || { say "no Redis on $redis_host:$redis_port and redis-server is not installed (apt-get install redis-server)"; exit 1; }
    say "no Redis on $redis_host:$redis_port: starting a local redis-server"
    args=(--port "$redis_port" --bind "$redis_host" --save '' --appendonly no --daemonize no)
    [ -n "$password" ] && args+=(--requirepass "$password")
    redis-server "${args[@]}" >&2 &
    redis_pid=$!
    for _ in $(seq 50); do redis_answers && break; sleep 0.1; done
    redis_answers || { say "redis-server did not start on port $redis_port"; kill "$redis_pid" 2>/dev/null; exit 1; }
fi

flags=()
if [ -z "${BRIDGE_SECRET:-}" ]; then
    say "BRIDGE_SECRET is not set: starting in --dev mode (development secret, loopback only)"
    flags+=(--dev)
fi

if [ -z "$redis_pid" ]; then
    exec "$bin" serve "${flags[@]}" "$@"
fi

# We own a redis-server: run the bridge as a child, pass signals on, stop both.
"$bin" serve "${flags[@]}" "$@" &
bridge_pid=$!
stop() { kill -TERM "$bridge_pid" 2>/dev/null || true; }
trap stop TERM INT HUP
status=0
wait "$bridge_pid" || status=$?
# `wait` returns early when a trapped signal arrives: wait for the bridge itself.
while kill -0 "$bridge_pid" 2>/dev/null; do wait "$bridge_pid" || status=$?; done
kill -TERM "$redis_pid" 2>/dev/null || true
wait "$redis_pid" 2>/dev/null || true
exit "$status"
