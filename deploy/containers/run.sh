#!/usr/bin/env bash
# The container suite: makes the stand-in base images (cached, images.sh), builds the project's
# Dockerfile with podman as docker-compose.yml builds it, runs `podman-compose up` on the
# unchanged docker-compose.yml (one node, then the three-node "cluster" profile behind nginx),
# and tests it from the host: a browser, WebSocket clients, health, user, stop. Everything the
# suite starts is removed at the end, whatever happened.
#
# Exit 0: passed. Exit 77: skipped, because this machine cannot run containers (the reason is
# printed); that is not the normal path on the project's machines. Anything else: failed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
py="$here/.venv-containers/bin/python"
projects=(ictbridgect ictbridgecluster ictbridgebuild)

skip() {
    echo "containers: SKIPPED: $* (the container suite did not run; install.sh and docs/deploy.md say what it needs)" >&2
    exit 77
}

cleanup() {
    for project in "${projects[@]}"; do
        ids="$(podman --log-level=error ps -aq --filter "label=io.podman.compose.project=$project" 2>/dev/null)"
        # shellcheck disable=SC2086
        [ -z "$ids" ] || podman --log-level=error rm -f -t 0 $ids >/dev/null 2>&1 || true
        for net in $(podman --log-level=error network ls -q --filter "label=io.podman.compose.project=$project" 2>/dev/null); do
            podman --log-level=error network rm -f "$net" >/dev/null 2>&1 || true
        done
    done
}

command -v podman >/dev/null 2>&1 || skip "podman is not installed"
[ -x "$py" ] || { echo "run.sh: $here/.venv-containers is missing: run deploy/containers/install.sh first" >&2; exit 2; }
podman --log-level=error info >/dev/null 2>&1 || skip "podman cannot run here: $(podman info 2>&1 | tail -1)"

start=$SECONDS
"$here/images.sh" || { echo "containers: making the stand-in images failed" >&2; exit 1; }
echo "run.sh: stand-in images ready in $((SECONDS - start)) s" >&2
probe="$(podman --log-level=error run --rm --network none docker.io/library/debian:bookworm-slim true 2>&1)" \
    || skip "podman cannot start a container here: ${probe##*$'\n'}"

trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup
export ICT_CONTAINERS_FIGURES="$(mktemp)"
export ICT_CONTAINERS_ARTIFACTS="${ICT_CONTAINERS_ARTIFACTS:-${TMPDIR:-/tmp}/ict-bridge-containers-artifacts}"
cd "$here"
"$py" -m pytest -p no:cacheprovider -q -rs "$@"
status=$?
if [ -f "$ICT_CONTAINERS_FIGURES" ]; then
    echo "run.sh: figures: $(tr -d '\n' <"$ICT_CONTAINERS_FIGURES")" >&2
    rm -f "$ICT_CONTAINERS_FIGURES"
fi
echo "run.sh: container suite took $((SECONDS - start)) s" >&2
exit $status
