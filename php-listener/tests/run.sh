#!/usr/bin/env bash
# Runs the php-listener suite: starts its own redis-server and bridge on free
# loopback ports, runs PHPUnit (unit + e2e), stops everything on exit and
# exits with PHPUnit's status. The bridge binary comes from BRIDGE_BIN
# (default: <repo>/.build/debug/bridge).
# php-listener appends events to the Redis Stream BRIDGE_REDIS_PREFIX +
# BRIDGE_STREAM, so the bridge must read it: a binary built before the stream
# (its `serve --help` does not name BRIDGE_STREAM) is refused up front.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
package=$(dirname "$here")
repo=$(dirname "$package")
export BRIDGE_BIN=${BRIDGE_BIN:-$repo/.build/debug/bridge}

if [ ! -x "$BRIDGE_BIN" ]; then
    echo "run.sh: bridge binary not found or not executable at $BRIDGE_BIN (set BRIDGE_BIN)" >&2
    exit 1
fi
bridge_help=$("$BRIDGE_BIN" serve --help 2>&1)
if [[ "$bridge_help" != *BRIDGE_STREAM* ]]; then
    echo "run.sh: $BRIDGE_BIN predates BRIDGE_STREAM (it reads Redis pub/sub only, not the stream" \
        "php-listener appends to): rebuild it (swift build) or set BRIDGE_BIN to a newer one" >&2
    exit 1
fi
if [[ "$bridge_help" != *PUSHER_APP_ID* ]]; then
    echo "run.sh: $BRIDGE_BIN predates the Pusher protocol (its \`serve --help\` does not name PUSHER_APP_ID)," \
        "which the \`bridge\` broadcast driver's tests need: rebuild it (swift build) or set BRIDGE_BIN to a newer one" >&2
    exit 1
fi

scratch=$(mktemp -d /tmp/bridge-php-tests.XXXXXX)
bridge_pid=""
redis_pid=""
# stop PID: SIGTERM, up to 6 s, then SIGKILL; returns the exit status.
stop() {
    kill -TERM "$1" 2>/dev/null || return 0
    for _ in $(seq 60); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
cleanup() {
    # The bridge first (it must exit cleanly on SIGTERM, docs/protocol.md#http), then Redis.
    if [ -n "$bridge_pid" ]; then
        stop "$bridge_pid"
        rc=$?
        if [ "$rc" != 0 ]; then
            echo "run.sh: note: the suite's bridge exited with status $rc on SIGTERM (docs/protocol.md#http wants a clean exit):" >&2
            grep -v '^$' "$scratch/bridge.log" | grep -v ' info bridge' | head -n 4 >&2
        fi
    fi
    [ -n "$redis_pid" ] && stop "$redis_pid"
    rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);'
}

# wait_http URL SECONDS: true once URL answers 200.
wait_http() {
    php -r '
        $deadline = microtime(true) + (float) $argv[2];
        while (microtime(true) < $deadline) {
            $ctx = stream_context_create(["http" => ["timeout" => 1, "ignore_errors" => true]]);
            if (@file_get_contents($argv[1], false, $ctx) !== false && str_contains($http_response_header[0] ?? "", " 200")) exit(0);
            usleep(100000);
        }
        exit(1);' "$1" "$2"
}

export REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    >"$scratch/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 50); do
    [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
    sleep 0.1
done
if [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" != PONG ]; then
    echo "run.sh: redis-server did not start on port $REDIS_PORT" >&2
    cat "$scratch/redis.log" >&2
    exit 1
fi

export WEBSOCKET_HOST=127.0.0.1
export WEBSOCKET_PORT=$(free_port)
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export BRIDGE_SECRET="php-listener-suite-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export BRIDGE_BROADCAST_TOKEN="broadcast-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
# Laravel prefixes channel names and keys (the stream) with database.redis.options.prefix (the test
# app keeps Laravel 8's default, laravel_database_).
export BRIDGE_REDIS_PREFIX=laravel_database_
export BRIDGE_CHANNELS='ict.events,private-App.Models.User.*'
# php-listener appends to laravel_database_bridge:events; the bridge reads the same key.
export BRIDGE_STREAM=bridge:events
export BRIDGE_PHP_SCRATCH=$scratch
# A Pusher app, so the bridge serves /app/{key} and the `bridge` broadcast driver's signatures are checked.
export PUSHER_APP_ID=php-listener-suite
export PUSHER_APP_KEY="key-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export PUSHER_APP_SECRET="secret-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

"$BRIDGE_BIN" serve >"$scratch/bridge.log" 2>&1 &
bridge_pid=$!
if ! wait_http "http://127.0.0.1:$WEBSOCKET_PORT/ready" 20; then
    echo "run.sh: the bridge did not become ready on port $WEBSOCKET_PORT within 20 s; its log:" >&2
    cat "$scratch/bridge.log" >&2
    exit 1
fi

cd "$package"
phpunit --configuration phpunit.xml.dist "$@"
status=$?
if [ "$status" != 0 ]; then
    echo "---- bridge log (last 40 lines) ----" >&2
    tail -n 40 "$scratch/bridge.log" >&2
fi
exit "$status"
