#!/usr/bin/env bash
# Installs what the php-listener suite needs from Debian: PHP 8, Laravel 8
# (php-laravel-framework), phpredis and predis, SQLite (Eloquent
# tests), PHPUnit 9 and redis-server.
# Idempotent: runs `apt-get update` and `apt-get install` only when a package is missing.
set -euo pipefail

packages=(php-cli php-redis php-laravel-framework php-predis php-mbstring php-xml php-curl php-sqlite3 phpunit redis-server)

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "php-listener: all packages present"
    exit 0
fi

echo "php-listener: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
