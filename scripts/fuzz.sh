#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ and runs each one against a scratch copy of its seeds.
#
#   scripts/fuzz.sh [SECONDS]          run every target for SECONDS (default 60)
#   scripts/fuzz.sh --runs N           run every target for N inputs instead
#   scripts/fuzz.sh ... --only NAME    run one target (envelope, token, client-frame, http-request)
#   scripts/fuzz.sh ... --debug        debug build (quicker to build, several times fewer runs/s)
#   scripts/fuzz.sh ... --max-len N    inputs of at most N bytes (libFuzzer's -max_len; else its
#                                      default, 4096 here); long client-frame runs use 512: their
#                                      inputs otherwise grow to many frames each, ever slower to run
#
# The targets are built in release mode with -enable-testing (they use the bridge's internal
# API through @testable import): debug code runs 2-8x fewer inputs a second under libFuzzer.
# Flags always passed: -rss_limit_mb=2048 -timeout=10 -detect_leaks=1. The committed seeds in
# Fuzz/corpus are never written to. Exits non-zero on any crash, leak, timeout or out-of-memory,
# naming the reproducer file; the last line is "N passed, N failed". Installs only what the build
# needs and lacks (libhiredis-dev, pkg-config), with apt-get, as root or through sudo.
# FUZZ_SCRATCH=DIR builds in DIR instead of Fuzz/.build (to share one sanitized build).
set -uo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

seconds=60
runs=""
only=""
max_len=""
configuration=(-c release -Xswiftc -enable-testing)
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        --only) only="${2:?--only needs a target name}"; shift 2 ;;
        --debug) configuration=(); shift ;;
        --max-len) max_len="${2:?--max-len needs a number}"; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *[!0-9]*|"") echo "fuzz: unknown argument $1 (see --help)" >&2; exit 2 ;;
        *) seconds="$1"; shift ;;
    esac
done

# target name (corpus, dictionary) and SwiftPM product
targets=(envelope:FuzzEnvelope token:FuzzToken client-frame:FuzzClientFrame http-request:FuzzHTTPRequest)

if ! command -v swift >/dev/null && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null || { echo "fuzz: no Swift toolchain on PATH" >&2; exit 1; }

missing=()
for package in libhiredis-dev pkg-config; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "fuzz: installing ${missing[*]}" >&2
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null \
        || { echo "fuzz: could not install ${missing[*]}" >&2; exit 1; }
fi

scratch=(--scratch-path "${FUZZ_SCRATCH:-$root/Fuzz/.build}")
build=(swift build --package-path Fuzz "${scratch[@]}" "${configuration[@]}" -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
echo "fuzz: building (${build[*]})"
build_log=$(mktemp)
if ! "${build[@]}" >"$build_log" 2>&1; then
    tail -40 "$build_log" >&2; rm -f "$build_log"; echo "fuzz: build failed" >&2; exit 1
fi
grep -E 'warning: .*\.swift|error:' "$build_log" | grep -v '/checkouts/' || true
rm -f "$build_log"
bin=$("${build[@]}" --show-bin-path)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
work="${FUZZ_SCRATCH:-$root/Fuzz/.build}/runs/$stamp"
mkdir -p "$work"
echo "fuzz: scratch corpora, logs and any reproducers under $work"
# libFuzzer and ASan report crashes; Swift's backtracer would only delay them.
export SWIFT_BACKTRACE=enable=no
# Swift weak-reference side tables are invisible to LSan (Fuzz/lsan.supp says why).
export LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp:print_suppressions=0"
limit=(-max_total_time="$seconds")
[ -n "$runs" ] && limit=(-runs="$runs")
[ -n "$max_len" ] && limit+=(-max_len="$max_len")

passed=0
failed=0
for entry in "${targets[@]}"; do
    name=${entry%%:*}
    product=${entry#*:}
    [ -n "$only" ] && [ "$only" != "$name" ] && continue
    corpus="$work/$name-corpus"
    mkdir -p "$corpus" "$work/$name-artifacts"
    cp "$root/Fuzz/corpus/$name/"* "$corpus/"
    seeds=$(ls "$corpus" | wc -l)
    dict=()
    [ -f "$root/Fuzz/dictionaries/$name.dict" ] && dict=(-dict="$root/Fuzz/dictionaries/$name.dict")
    log="$work/$name.log"
    start=$(date +%s)
    "$bin/$product" "$corpus" "${dict[@]}" "${limit[@]}" -rss_limit_mb=2048 -timeout=10 -detect_leaks=1 \
        -print_final_stats=1 -artifact_prefix="$work/$name-artifacts/" >"$log" 2>&1
    status=$?
    elapsed=$(( $(date +%s) - start ))
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
    [ -z "$done_line" ] && done_line=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -1)
    executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
    size=$(ls "$corpus" | wc -l)
    reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    problem=$(grep -m1 -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|Fatal error|SUMMARY: ' "$log")
    printf '%-13s runs %-10s %5ss  runs/s %-7s cov %-6s ft %-6s corpus %s (seeds %s)\n' \
        "$name" "${executed:-?}" "$elapsed" "${per_second:-?}" "${cov:-?}" "${ft:-?}" "$size" "$seeds"
    if [ "$status" -eq 0 ] && [ -z "$reproducer" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "  FAILED (exit $status): ${problem:-see the log}"
        echo "  reproducer: ${reproducer:-none written}"
        echo "  log: $log"
        [ -n "$reproducer" ] && echo "  replay: $bin/$product $reproducer"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
