# syntax=docker/dockerfile:1
# The bridge as a container: built with the official Swift toolchain image, run on
# debian:bookworm-slim with only the C library it links (libhiredis 0.14, as in Debian 12).
#   docker build -t ict-bridge .
#   docker run --rm -p 127.0.0.1:8080:8080 -e BRIDGE_SECRET=... -e REDIS_URL=redis://redis:6379/0 ict-bridge
# docker-compose.yml builds this file; see docs/deploy.md.

ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- build -----------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libhiredis-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift Package.resolved* ./
COPY Sources ./Sources
# SwiftPM checks that every target in Package.swift has its folder, test targets included.
COPY Tests ./Tests
# The Swift runtime and Foundation are linked statically: the runtime image needs no toolchain.
# SwiftPM puts the target's resources (client.js, dashboard, demo) in a bundle folder that the
# binary looks up next to itself, so both are staged together. Package.resolved pins the
# dependencies when the checkout has one (the wildcard above lets the build go on without it).
# .build is a build cache (BuildKit, Podman): the fetched packages and the compiled dependencies
# survive a source change, so a rebuild compiles the bridge only; an empty cache builds all.
RUN --mount=type=cache,id=ict-bridge-swift-build,sharing=locked,target=/src/.build \
    swift build -c release --product bridge --static-swift-stdlib \
 && mkdir -p /staging \
 && cp .build/release/bridge /staging/bridge \
 && cp -R .build/release/ict-realtime-bridge_Bridge.resources /staging/ \
 && strip /staging/bridge

# ---- runtime ---------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends libhiredis0.14 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin bridge
COPY --from=build /staging/ /opt/ict-bridge/
# Inside a container the bridge must listen on all interfaces; everything else comes from the
# environment (docker-compose.yml, `docker run -e`), BRIDGE_SECRET above all.
ENV WEBSOCKET_HOST=0.0.0.0 \
    WEBSOCKET_PORT=8080
USER bridge:bridge
EXPOSE 8080
# bookworm-slim has no curl: bash's /dev/tcp asks /ready and wants "200" in the status line.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${WEBSOCKET_PORT:-8080} && printf 'GET /ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# SIGTERM closes every session with 4200 and exits within 5 s (docs/deploy.md, section 1).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/ict-bridge/bridge"]
CMD ["serve"]
