import Foundation
import NIOCore
import NIOHTTP1

/// The endpoints of the Pusher HTTP API under `/apps/{id}/` (docs/pusher.md#http-api).
extension HTTPRouter {
    /// `parts` is the path after `/apps/{id}/` (or after `/` for `users/{user}/terminate_connections`), split at `/`.
    func routePusherAPI(_ request: HTTPRequest, parts: [String], app: PusherApp, on eventLoop: any EventLoop) -> Reply {
        let path = request.path
        let channels = PusherChannelsEndpoint(bridge: bridge, app: app)
        switch (request.method, parts.count, parts.first ?? "") {
        case (.POST, 1, "events"):
            return PusherEventsEndpoint(bridge: bridge, app: app).answer(request, batch: false, on: eventLoop)
        case (.POST, 1, "batch_events"):
            return PusherEventsEndpoint(bridge: bridge, app: app).answer(request, batch: true, on: eventLoop)
        case (_, 3, "users") where parts[2] == "terminate_connections":
            guard request.method == .POST else { return .now(.error(.methodNotAllowed, "\(request.method) \(path) is not supported; use POST")) }
            return PusherTerminateEndpoint(bridge: bridge, app: app).answer(request, user: Self.decoded(parts[1]), on: eventLoop)
        case (_, 1, "events"), (_, 1, "batch_events"):
            return .now(.error(.methodNotAllowed, "\(request.method) \(path) is not supported; use POST"))
        case (.GET, 1, "channels"):
            return channels.list(request, on: eventLoop)
        case (.GET, 2, "channels"):
            return channels.channel(request, name: Self.decoded(parts[1]), on: eventLoop)
        case (.GET, 3, "channels") where parts[2] == "users":
            return channels.users(request, name: Self.decoded(parts[1]), on: eventLoop)
        case (let method, 1...3, "channels") where method != .GET:
            return .now(.error(.methodNotAllowed, "\(request.method) \(path) is not supported; use GET"))
        default:
            return .now(.error(.notFound, "no such Pusher endpoint: \(path) (docs/pusher.md lists the endpoints)"))
        }
    }

    /// A path segment with its percent-escapes decoded.
    private static func decoded(_ segment: String) -> String {
        segment.removingPercentEncoding ?? segment
    }
}
