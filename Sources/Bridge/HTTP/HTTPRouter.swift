import NIOCore
import NIOHTTP1

/// Maps method and path onto the endpoints of docs/protocol.md#http.
struct HTTPRouter: Sendable {
    /// An answer available now, or one that arrives later (token checks, long-polls).
    enum Reply {
        case now(HTTPResponse)
        case later(EventLoopFuture<HTTPResponse>)
    }

    let bridge: BridgeContext

    func route(_ request: HTTPRequest, on channel: any Channel) -> Reply {
        if let reply = routePusher(request, on: channel) { return reply }
        if request.method == .OPTIONS { return .now(preflight(request)) }
        switch (request.method, request.path) {
        case (.GET, "/test"), (.HEAD, "/test"):
            return .now(.json(.ok, ["ok": .bool(true), "service": .string("bridge"), "version": .string(BridgeVersion.current)]))
        case (.GET, "/health"), (.HEAD, "/health"):
            return .now(.json(.ok, ["status": .string("ok")]))
        case (.GET, "/ready"), (.HEAD, "/ready"):
            return .now(readiness())
        case (.GET, "/status"):
            return .now(.json(.ok, StatusReport(bridge: bridge).fields()))
        case (.GET, "/clients"):
            let totals = bridge.users.totals
            return .now(.json(.ok, ["clients": .integer(Int64(totals.sessions)), "users": .integer(Int64(totals.users))]))
        case (.GET, "/metrics"):
            return .now(HTTPResponse(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                     body: ByteBuffer(bytes: bridge.metrics.prometheusText())))
        case (.GET, "/messages"):
            return MessagesEndpoint(bridge: bridge).answer(request, on: channel)
        case (.POST, "/broadcast"):
            return BroadcastEndpoint(bridge: bridge).answer(request, on: channel.eventLoop)
        case (.GET, "/dev/token") where bridge.configuration.devMode:
            return .later(DevTokenEndpoint(bridge: bridge).answer(request, on: channel.eventLoop))
        case (.GET, "/ws"), (.GET, "/"):
            return .now(refusedUpgrade(request, on: channel))
        case (.GET, let path), (.HEAD, let path):
            return .now(StaticResources.response(for: path) ?? .error(.notFound, "no such endpoint: \(path)"))
        default:
            return .now(.error(.methodNotAllowed, "\(request.method) \(request.path) is not supported"))
        }
    }

    private func readiness() -> HTTPResponse {
        if let problem = bridge.redisStatus.problem {
            return .json(.serviceUnavailable, ["ready": .bool(false), "reason": .string("not subscribed to Redis: \(problem)")])
        }
        if let problem = bridge.logStatus.problem {
            return .json(.serviceUnavailable, ["ready": .bool(false), "reason": .string("not reading the log \(bridge.logStatus.key): \(problem)")])
        }
        return .json(.ok, ["ready": .bool(true)])
    }

    /// A `/ws` request that was not upgraded: a foreign Origin, or not a WebSocket request.
    private func refusedUpgrade(_ request: HTTPRequest, on channel: any Channel) -> HTTPResponse {
        if !bridge.configuration.allows(origin: request.origin) {
            return .error(.forbidden, "origin \(request.origin ?? "") is not in BRIDGE_ALLOWED_ORIGINS")
        }
        if request.head.headers.first(name: "upgrade") != nil, let addresses = bridge.addresses,
           let address = bridge.clientAddress(of: request.head, peer: channel.remoteAddress),
           addresses.isFull(address) {
            return .error(.serviceUnavailable, "too many connections from \(address) (BRIDGE_MAX_CONNECTIONS_PER_IP); retry later")
        }
        if request.path == "/" && request.head.headers.first(name: "upgrade") == nil {
            return .json(.ok, ["service": .string("bridge"), "websocket": .string("/ws"), "status": .string("/status")])
        }
        return .error(.badRequest, "expected a WebSocket handshake: GET /ws without a body, with Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Key and Sec-WebSocket-Version: 13")
    }

    private func preflight(_ request: HTTPRequest) -> HTTPResponse {
        if Self.backendOnlyPaths.contains(request.path) || Self.isPusherAPI(request.path) {
            return .error(.forbidden, "\(request.path) is for backends; browsers may not call it")
        }
        var response = HTTPResponse(status: .noContent, contentType: "text/plain", body: ByteBuffer())
        if bridge.configuration.allows(origin: request.origin) {
            response.headers.add(name: "Access-Control-Allow-Methods", value: "GET, POST, OPTIONS")
            response.headers.add(name: "Access-Control-Allow-Headers", value: "Authorization, Content-Type, X-Socket-ID, X-CSRF-TOKEN")
            response.headers.add(name: "Access-Control-Max-Age", value: "600")
        }
        return response
    }

    /// Paths a browser page must never be allowed to call cross-origin: no CORS headers at all.
    static let backendOnlyPaths: Set<String> = ["/broadcast", "/dev/token"]

    /// Echoes a listed `Origin` (or `*` when every origin is allowed); nothing for others, and
    /// nothing on the backend-only paths.
    func addCORS(to headers: inout HTTPHeaders, for request: HTTPRequest) {
        guard !Self.backendOnlyPaths.contains(request.path), !Self.isPusherAPI(request.path) else { return }
        let origin = request.origin
        let configuration = bridge.configuration
        if configuration.allowedOrigins.contains("*") {
            headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*")
        } else if let origin, configuration.allows(origin: origin) {
            headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: origin)
            headers.add(name: "Vary", value: "Origin")
        }
    }
}
