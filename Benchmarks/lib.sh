# Shared helpers for the benchmark scripts (sourced, not run).

# A free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL SECONDS: polls until URL answers 200; fails after SECONDS.
wait_http() {
    local url="$1" deadline=$((SECONDS + $2))
    until curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; do
        if ((SECONDS >= deadline)); then echo "timed out waiting for $url" >&2; return 1; fi
        sleep 0.2
    done
}

# wait_port PORT SECONDS: polls until something listens on 127.0.0.1:PORT.
wait_port() {
    local port="$1" deadline=$((SECONDS + $2))
    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        if ((SECONDS >= deadline)); then echo "timed out waiting for port $port" >&2; return 1; fi
        sleep 0.2
    done
}

# start_redis PORT LOGFILE: starts a throwaway redis-server, sets REDIS_PID.
start_redis() {
    redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$2" 2>&1 &
    REDIS_PID=$!
    wait_port "$1" 15
}

# stop_pid PID...: SIGTERM, then SIGKILL after 5 s, for processes this script started.
stop_pid() {
    local pid
    for pid in "$@"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
    for pid in "$@"; do
        [[ -z "$pid" ]] && continue
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}

# A random secret of 48 characters for BRIDGE_SECRET.
random_secret() {
    python3 -c 'import secrets; print(secrets.token_urlsafe(36))'
}

# need_binaries NAME RESULTS [swift build flags for the bridge…]: checks that redis-server is installed,
# then builds the bridge (release) unless BRIDGE_BIN is set and bridge-bench unless BENCH_BIN is set,
# each build's log in RESULTS; sets BRIDGE_BIN and BENCH_BIN. Exits 2, saying why (messages start
# with NAME), when one is missing or does not build.
need_binaries() {
    local name="$1" results="$2" lib repo
    shift 2
    lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    repo="$(cd "$lib/.." && pwd)"
    command -v redis-server >/dev/null || { echo "$name: redis-server is needed (apt-get install redis-server)" >&2; exit 2; }
    if [[ -z "${BRIDGE_BIN:-}" ]]; then
        echo "== building the bridge (release)" >&2
        (cd "$repo" && nice swift build -c release --product bridge "$@" >"$results/build-bridge.log" 2>&1) \
            || { tail -n 30 "$results/build-bridge.log" >&2; exit 2; }
        BRIDGE_BIN="$(cd "$repo" && swift build -c release --product bridge "$@" --show-bin-path)/bridge"
    fi
    [[ -x "$BRIDGE_BIN" ]] || { echo "$name: no bridge binary at $BRIDGE_BIN" >&2; exit 2; }
    if [[ -z "${BENCH_BIN:-}" ]]; then
        echo "== building bridge-bench (release)" >&2
        (cd "$lib" && nice swift build -c release --product bridge-bench >"$results/build-bench.log" 2>&1) \
            || { tail -n 30 "$results/build-bench.log" >&2; exit 2; }
        BENCH_BIN="$lib/.build/release/bridge-bench"
    fi
}
