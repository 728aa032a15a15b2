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
run_suite() {
    local name=$1 install=$2 run=$3
    echo "=== $name ===" >&2
    if (cd "$root" && "$install" && "$run"); then
        passed+=("$name")
    else
        failed+=("$name")
    fi
}

# Each libFuzzer target for a minute (FUZZ_SECONDS): long enough to catch a regression in the
# parsers; the 10-million-run figures in docs/security.md come from longer runs.
fuzz_in_ci() { scripts/fuzz.sh "${FUZZ_SECONDS:-60}"; }

echo "=== swift test ===" >&2
if swift test --skip-build --parallel 2>&1 | grep -v "_FILE_OFFSET_BITS"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
    passed+=("swift")
else
    failed+=("swift")
fi
run_suite "php-listener" php-listener/tests/install.sh php-listener/tests/run.sh
run_suite "browser" Tests/browser/install.sh Tests/browser/run.sh
# The official Pusher HTTP SDK (PyPI `pusher`) and a Pusher protocol client against the bridge.
run_suite "pusher sdk" Tests/pusher/install.sh Tests/pusher/run.sh
run_suite "deploy" deploy/tests/install.sh deploy/tests/run.sh
run_suite "benchmark smoke" Benchmarks/install.sh Benchmarks/smoke.sh
run_suite "fuzz" true fuzz_in_ci
skipped=()
containers_suite
case $? in
    0) passed+=("containers") ;;
    77) skipped+=("containers") ;;
    *) failed+=("containers") ;;
esac

echo "suites passed: ${passed[*]:-none}; failed: ${failed[*]:-none}; skipped: ${skipped[*]:-none}" >&2
echo "${#passed[@]} passed, ${#failed[@]} failed${skipped[0]:+, ${#skipped[@]} skipped}"
[ ${#failed[@]} -eq 0 ]
