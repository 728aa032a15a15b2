#!/usr/bin/env bash
# Installs what Benchmarks/smoke.sh needs (idempotent): redis-server, curl, python3.
# The full comparison (run-comparison.sh) installs its peers itself.
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v curl >/dev/null || missing+=(curl)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
fi
echo "benchmarks smoke: dependencies present"
