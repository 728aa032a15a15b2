import NIOCore
import NIOHTTP1

/// The Pusher paths (docs/pusher.md): `/app/{key}` is the WebSocket (a plain GET is refused) and
/// `/apps/{id}/…` the HTTP API; all of them answer 404 while no Pusher app is configured.
extension HTTPRouter {
    /// The answer for a Pusher path, or nil for any other path.
    func routePusher(_ request: HTTPRequest, on channel: any Channel) -> Reply? {
        let path = request.path
        let isSocket = path == "/app" || path.hasPrefix("/app/")
        let isAPI = Self.isPusherAPI(path)
        guard isSocket || isAPI else { return nil }
        guard let app = bridge.configuration.pusher else {
            return .now(.error(.notFound, "the Pusher protocol is off; set PUSHER_APP_ID, PUSHER_APP_KEY and PUSHER_APP_SECRET to serve \(path)"))
        }
        if request.method == .OPTIONS { return nil }
        if isSocket {
            guard bridge.configuration.allows(origin: request.origin) else {
                return .now(.error(.forbidden, "origin \(request.origin ?? "") is not in BRIDGE_ALLOWED_ORIGINS"))
            }
            return .now(.error(.badRequest, "expected a WebSocket handshake: GET /app/<key>?protocol=7 without a body, with Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Key and Sec-WebSocket-Version: 13"))
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 4, parts[1] == "users" {
            // ["", "users", user, "terminate_connections"]: what the Python SDK (3.3) sends.
            return routePusherAPI(request, parts: Array(parts.dropFirst()), app: app, on: channel.eventLoop)
        }
        // ["", "apps", id, endpoint, …]
        guard parts.count >= 4, parts[2] == app.id else {
            return .now(.error(.notFound, "no such Pusher endpoint: \(path) (this server serves app \(app.id): /apps/\(app.id)/events, /batch_events, /channels, /users/…)"))
        }
        return routePusherAPI(request, parts: Array(parts.dropFirst(3)), app: app, on: channel.eventLoop)
    }

    /// Whether `path` is for backends only (no CORS): the Pusher HTTP API, including
    /// `/users/{user}/terminate_connections` without `/apps/{id}`, as the Python SDK sends it.
    static func isPusherAPI(_ path: String) -> Bool {
        path == "/apps" || path.hasPrefix("/apps/") || (path.hasPrefix("/users/") && path.hasSuffix("/terminate_connections"))
    }
}
