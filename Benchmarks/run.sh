#!/usr/bin/env bash
# The suite entry point scripts/test.sh expects: the benchmark smoke run.
exec "$(dirname "$0")/smoke.sh" "$@"
