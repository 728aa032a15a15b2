import NIOCore
import NIOHTTP1

/// The Pusher paths (docs/pusher.md): `/app/{key}` is the WebSocket (a plain GET is refused) and
/// `/apps/{id}/…` the HTTP API; all of them answer 404 while no Pusher app is configured.
extension HTTPRouter {
    /// The answer for a Pusher path, or nil for any other path.
    func routePusher(_ request: HTTPRequest, on channel: any Channel) -> Reply? {
        let path = request.path
        let isSocket = path == "/app" || path.hasPrefix("/app/")
        let isAPI = path == "/apps" || path.hasPrefix("/apps/")
        guard isSocket || isAPI else { return nil }
        guard let app = bridge.configuration.pusher else {
            return .now(.error(.notFound, "the Pusher protocol is off; set PUSHER_APP_ID, PUSHER_APP_KEY and PUSHER_APP_SECRET to serve \(path)"))
        }
        if request.method == .OPTIONS { return nil }
        if isSocket {
            guard bridge.configuration.allows(origin: request.origin) else {
                return .now(.error(.forbidden, "origin \(request.origin ?? "") is not in BRIDGE_ALLOWED_ORIGINS"))
            }
            return .now(.error(.badRequest, "expected a WebSocket upgrade (GET /app/<key>?protocol=7 with Upgrade: websocket)"))
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        // ["", "apps", id, endpoint]
        guard parts.count == 4, String(parts[2]) == app.id else {
            return .now(.error(.notFound, "no such Pusher endpoint: \(path) (this server serves app \(app.id): /apps/\(app.id)/events and /batch_events)"))
        }
        switch (request.method, parts[3]) {
        case (.POST, "events"):
            return PusherEventsEndpoint(bridge: bridge, app: app).answer(request, batch: false, on: channel.eventLoop)
        case (.POST, "batch_events"):
            return PusherEventsEndpoint(bridge: bridge, app: app).answer(request, batch: true, on: channel.eventLoop)
        case (_, "events"), (_, "batch_events"):
            return .now(.error(.methodNotAllowed, "\(request.method) \(path) is not supported; use POST"))
        default:
            return .now(.error(.notFound, "\(path) is not served yet (docs/pusher.md lists the endpoints of this release)"))
        }
    }

    /// Whether `path` is for backends only (no CORS): the Pusher HTTP API.
    static func isPusherAPI(_ path: String) -> Bool {
        path == "/apps" || path.hasPrefix("/apps/")
    }
}
