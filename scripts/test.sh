#!/usr/bin/env bash
# Runs every test on a fresh Debian 12 machine: the Swift unit and integration tests (real
# redis-server, real bridge binary, real WebSocket clients), the Laravel package on real Laravel,
# the browser client in headless Chromium, the deployment checks (compose, nginx, two nodes) and
# the benchmark smoke run, each libFuzzer target for a minute, and the container suite (the
# Dockerfile built and docker-compose.yml run with Podman). Each suite installs what it needs
# and starts and stops its services. `scripts/test.sh containers` runs the container suite alone.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

# The container suite builds the image itself: it needs neither the host build nor the other
# suites. Its run.sh exits 77, with the reason printed, when this machine cannot run containers.
containers_suite() {
    echo "=== containers ===" >&2
    deploy/containers/install.sh && deploy/containers/run.sh
}
if [ "${1:-}" = containers ]; then
    containers_suite
    case $? in
        0) echo "1 passed, 0 failed"; exit 0 ;;
        77) echo "0 passed, 0 failed, 1 skipped"; exit 0 ;;
        *) echo "0 passed, 1 failed"; exit 1 ;;
    esac
fi

scripts/install-deps.sh || exit 1
echo "test: building the bridge and the tests" >&2
# A failed build fails the run: a binary left from an earlier build must never be tested.
if swift build --build-tests 2>&1 | grep -v "_FILE_OFFSET_BITS"; [ "${PIPESTATUS[0]}" -ne 0 ]; then
    echo "test: the bridge or its tests did not build (see above)" >&2
    exit 1
fi
export BRIDGE_BIN="$root/.build/debug/bridge"

failed=()
passed=()
# Every suite runs under a time limit (several times its cold run on these machines), so a hang
# fails that suite with a message instead of eating the whole CI budget, and the summary still
# comes. `timeout` signals the suite's whole process group: servers it started go with it.
# TEST_BUDGET_SECONDS (default 85 min from the start, CI's 90 less a margin) bounds the run: a suite gets
# at most what is left of it, and one with no time left fails as not run.
budget_end=${TEST_BUDGET_SECONDS:-5100}
limited() {
    local name=$1 seconds=$2; shift 2
    local left=$((budget_end - SECONDS - 45))
    if [ "$left" -lt 30 ]; then
        echo "test: suite '$name' not run: the run's time budget is spent (TEST_BUDGET_SECONDS)" >&2
        return 124
    fi
    [ "$seconds" -le "$left" ] || seconds=$left
    timeout --kill-after=30 "$seconds" "$@" &
    local group=$!
    wait "$group"
    local status=$?
    # `timeout` leads a process group of its own: whatever the suite left running (a server a
    # failed test did not stop, still holding the suite's output pipe) goes with it.
    kill -KILL -- "-$group" 2>/dev/null
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        echo "test: suite '$name' did not finish within $seconds s and was stopped" >&2
    fi
    return "$status"
}
run_suite() {
    local name=$1 seconds=$2 install=$3 run=$4 start=$SECONDS
    echo "=== $name ===" >&2
    if (cd "$root" && limited "$name" "$seconds" bash -c '"$1" && "$2"' suite "$install" "$run"); then
        passed+=("$name")
    else
        failed+=("$name")
    fi
    echo "=== $name: $((SECONDS - start)) s ===" >&2
}

# Each libFuzzer target for a minute (FUZZ_SECONDS): long enough to catch a regression in the
# parsers; the 10-million-run figures in docs/security.md come from longer runs.
fuzz_in_ci() { scripts/fuzz.sh "${FUZZ_SECONDS:-60}"; }
export -f fuzz_in_ci containers_suite

echo "=== swift test ===" >&2
start=$SECONDS
swift_log="$(mktemp)"
if limited "swift test" 1200 swift test --skip-build --parallel 2>&1 | grep -v "_FILE_OFFSET_BITS" | tee "$swift_log"; \
   [ "${PIPESTATUS[0]}" -eq 0 ]; then
    passed+=("swift")
else
    failed+=("swift")
    # Tests that started and never ended name a hang.
    grep -o '^◇ Test "[^"]*" started' "$swift_log" | sed 's/^◇ Test \(.*\) started$/\1/' | sort -u >"$swift_log.started"
    grep -oE '^(✔|✘) Test "[^"]*" (passed|failed)' "$swift_log" | sed -E 's/^(✔|✘) Test (.*) (passed|failed)$/\2/' | sort -u >"$swift_log.ended"
    unfinished="$(comm -23 "$swift_log.started" "$swift_log.ended")"
    [ -z "$unfinished" ] || printf 'test: swift tests that started and did not end:\n%s\n' "$unfinished" >&2
    rm -f "$swift_log.started" "$swift_log.ended"
fi
rm -f "$swift_log"
echo "=== swift test: $((SECONDS - start)) s ===" >&2
run_suite "php-listener" 900 php-listener/tests/install.sh php-listener/tests/run.sh
run_suite "browser" 900 Tests/browser/install.sh Tests/browser/run.sh
# The official Pusher HTTP SDK (PyPI `pusher`) and a Pusher protocol client against the bridge.
run_suite "pusher sdk" 600 Tests/pusher/install.sh Tests/pusher/run.sh
run_suite "deploy" 600 deploy/tests/install.sh deploy/tests/run.sh
run_suite "benchmark smoke" 900 Benchmarks/install.sh Benchmarks/smoke.sh
run_suite "fuzz" 1200 true fuzz_in_ci
skipped=()
start=$SECONDS
limited containers 2700 bash -c containers_suite
case $? in
    0) passed+=("containers") ;;
    77) skipped+=("containers") ;;
    *) failed+=("containers") ;;
esac
echo "=== containers: $((SECONDS - start)) s ===" >&2

echo "test: all suites took $((SECONDS / 60)) min $((SECONDS % 60)) s" >&2
echo "suites passed: ${passed[*]:-none}; failed: ${failed[*]:-none}; skipped: ${skipped[*]:-none}" >&2
echo "${#passed[@]} passed, ${#failed[@]} failed${skipped[0]:+, ${#skipped[@]} skipped}"
[ ${#failed[@]} -eq 0 ]
