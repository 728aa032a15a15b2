#!/usr/bin/env bash
# Makes the stand-in base images the project's Dockerfile and docker-compose.yml name, because
# no registry but Debian's and PyPI is reachable here:
#   debian:bookworm-slim   debootstrap (minbase) of Debian 12 from the host's Debian mirror
#   swift:6.3-bookworm     that base + the packages the official image has + the host's Swift
#                          toolchain + the host's GitHub mirror (what "the network" is here)
#   redis:7-bookworm       that base + Debian's redis-server, entrypoint as the official image's
#   nginx:stable-bookworm  that base + Debian's nginx, logs to stdout/stderr, "daemon off"
# Each image carries a label with a key of its recipe and inputs: an image whose key matches is
# kept (a few seconds), otherwise it is made again. The debootstrap tarball, the slow step, is
# cached under $ICT_CONTAINERS_CACHE (default /var/cache/ict-bridge-containers), outside the clone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
cache="${ICT_CONTAINERS_CACHE:-/var/cache/ict-bridge-containers}"
mkdir -p "$cache"
podman=(podman --log-level=error)
say() { echo "images.sh: $*" >&2; }

# The host's Debian mirror and apt settings (the stand-ins use what the host uses).
mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
[ -n "$mirror" ] || mirror="$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

label_of() { "${podman[@]}" image inspect --format '{{ index .Labels "org.ict-bridge.standin-key" }}' "$1" 2>/dev/null || true; }

# Files put into every stand-in: the host's apt sources and the apt settings they need.
apt_dir="$(mktemp -d)"
trap 'rm -rf "$apt_dir"' EXIT
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    cp /etc/apt/sources.list.d/debian.sources "$apt_dir/debian.sources"
else
    printf 'Types: deb\nURIs: %s\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" >"$apt_dir/debian.sources"
fi
: >"$apt_dir/apt.conf"
for f in /etc/apt/apt.conf.d/*; do
    # Only plain Acquire:: settings (validity of snapshot mirrors, proxies); nothing host-specific else.
    grep -h '^Acquire::' "$f" 2>/dev/null >>"$apt_dir/apt.conf" || true
done

# ---- debian:bookworm-slim ---------------------------------------------------------------------
# Bump "v1" when the recipe below changes.
base_key="$(printf 'v2 minbase bookworm %s\n' "$mirror" | cat - "$apt_dir/debian.sources" "$apt_dir/apt.conf" | sha256sum | cut -c1-16)"
if [ "$(label_of debian:bookworm-slim)" != "$base_key" ]; then
    tarball="$cache/debian-bookworm-minbase-$base_key.tar"
    if [ ! -s "$tarball" ]; then
        command -v debootstrap >/dev/null || { say "debootstrap is missing (apt-get install debootstrap)"; exit 1; }
        say "debootstrap of Debian 12 from $mirror (once; cached in $tarball)"
        root="$(mktemp -d "$cache/rootfs.XXXXXX")"
        start=$SECONDS
        nice -n 10 debootstrap --variant=minbase bookworm "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 \
            || { say "debootstrap failed, see $cache/debootstrap.log"; tail -20 "$cache/debootstrap.log" >&2; rm -rf "$root"; exit 1; }
        rm -f "$root/etc/apt/sources.list"
        cp "$apt_dir/debian.sources" "$root/etc/apt/sources.list.d/debian.sources"
        cp "$apt_dir/apt.conf" "$root/etc/apt/apt.conf.d/99standin-acquire"
        # As the official slim image: no package lists, no caches, no docs.
        rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
               "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/*
        printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\n' \
            >"$root/etc/dpkg/dpkg.cfg.d/docker"
        # The apt settings of the official Debian images: no package caches left in layers.
        cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
        echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
        echo 'Acquire::GzipIndexes "true";' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
        echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
        rm -rf "$root"/usr/share/locale/* "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
        : >"$root/etc/hostname"; : >"$root/etc/resolv.conf"
        tar -C "$root" --numeric-owner -cf "$tarball.tmp" .
        mv "$tarball.tmp" "$tarball"
        find "$cache" -maxdepth 1 -name 'debian-bookworm-minbase-*.tar' ! -name "${tarball##*/}" -delete
        rm -rf "$root"
        say "debootstrap done in $((SECONDS - start)) s"
    fi
    say "importing debian:bookworm-slim from $tarball"
    "${podman[@]}" import -q --change 'CMD ["bash"]' --change "LABEL org.ict-bridge.standin-key=$base_key" \
        "$tarball" docker.io/library/debian:bookworm-slim >/dev/null
    # Derived stand-ins are made again on top of the new base.
    for image in swift:6.3-bookworm redis:7-bookworm nginx:stable-bookworm; do
        "${podman[@]}" rmi -f "docker.io/library/$image" >/dev/null 2>&1 || true
    done
fi

# ---- derived stand-ins, each from deploy/containers/standins/<name>/Containerfile -------------
build_standin() {
    local image=$1 dir=$2; shift 2
    local key
    key="$(printf '%s\n' "$base_key" "$@" | cat - "$dir"/* | sha256sum | cut -c1-16)"
    if [ "$(label_of "$image")" = "$key" ]; then
        say "$image is up to date"
        return
    fi
    say "building the stand-in $image"
    local start=$SECONDS old
    old="$("${podman[@]}" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
    nice -n 10 "${podman[@]}" build --network host --label "org.ict-bridge.standin-key=$key" \
        "${extra_build_args[@]}" -t "docker.io/library/$image" "$dir" >"$cache/build-${image%%:*}.log" 2>&1 \
        || { say "building $image failed, see $cache/build-${image%%:*}.log"; tail -30 "$cache/build-${image%%:*}.log" >&2; exit 1; }
    say "$image built in $((SECONDS - start)) s"
    # The replaced stand-in goes (the toolchain is 4 GB); it stays while an image still uses it.
    [ -z "$old" ] || "${podman[@]}" rmi "$old" >/dev/null 2>&1 || true
}

extra_build_args=()
build_standin redis:7-bookworm "$here/standins/redis"
build_standin nginx:stable-bookworm "$here/standins/nginx"

# The toolchain: the host's Swift (the same release as the official image's tag) and the host's
# copy of the GitHub repositories SwiftPM resolves (git's url.insteadOf, as on the host), both
# bind-mounted into the build and copied in, so the project's Dockerfile resolves and builds
# exactly as it would against swift:6.3-bookworm and github.com.
swift_bin="$(command -v swift || true)"
[ -n "$swift_bin" ] || { say "no Swift toolchain on PATH"; exit 1; }
toolchain="$(cd "$(dirname "$(readlink -f "$swift_bin")")/../.." && pwd)"
mirrors="${ICT_SWIFT_MIRRORS:-/opt/swift-packages}"
[ -d "$mirrors" ] || { say "no package mirror at $mirrors"; exit 1; }
swift_version="$("$swift_bin" --version 2>/dev/null | head -1)"
mirror_state="$(cd "$mirrors" && find . -maxdepth 3 -name 'packed-refs' -o -maxdepth 3 -name 'HEAD' | sort | xargs cat 2>/dev/null | sha256sum | cut -c1-16)"
extra_build_args=(-v "$toolchain:/mnt/toolchain:ro" -v "$mirrors:/mnt/mirrors:ro")
build_standin swift:6.3-bookworm "$here/standins/swift" "$toolchain" "$swift_version" "$mirror_state"
