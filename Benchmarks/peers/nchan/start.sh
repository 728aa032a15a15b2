#!/usr/bin/env bash
# Starts nginx with libnginx-mod-nchan in the foreground (exec) on 127.0.0.1:PORT, with its
# config, pid and logs in DIR. Usage: start.sh PORT DIR [WORKERS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${1:?port}"; dir="${2:?run directory}"; workers="${3:-1}"
mkdir -p "$dir"
sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@WORKERS@|$workers|g" "$here/nginx.conf.template" > "$dir/nginx.conf"
exec nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
