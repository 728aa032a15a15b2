#!/bin/sh
# As the official image's entrypoint: `redis-server …` runs as user redis with protected mode off.
set -e
if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = "redis-server" ]; then
    shift
    set -- redis-server --protected-mode no "$@"
    if [ "$(id -u)" = "0" ]; then exec setpriv --reuid=redis --regid=redis --init-groups "$@"; fi
fi
exec "$@"
