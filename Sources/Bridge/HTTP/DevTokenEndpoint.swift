import Foundation
import NIOCore
import NIOHTTP1

/// `GET /dev/token?user=5&roles=admin`: a development token, served only with `--dev`.
struct DevTokenEndpoint {
    static let lifetime = 3600
    let bridge: BridgeContext

    /// No `Origin` (curl, scripts) or the bridge's own origin, and not a cross-site fetch: any
    /// other page on the developer's machine must not get an admin token.
    static func isSameOrigin(_ request: HTTPRequest) -> Bool {
        if request.head.headers.first(name: "sec-fetch-site")?.lowercased() == "cross-site" { return false }
        guard let origin = request.origin else { return true }
        guard let host = request.head.headers.first(name: "host") else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    func answer(_ request: HTTPRequest, on eventLoop: any EventLoop) -> EventLoopFuture<HTTPResponse> {
        guard Self.isSameOrigin(request) else {
            return eventLoop.makeSucceededFuture(.error(.forbidden, "/dev/token answers only pages served by this bridge (same origin)"))
        }
        let user = request.query["user"].flatMap { $0.isEmpty ? nil : $0 } ?? "1"
        let roles = (request.query["roles"] ?? "").split(separator: ",").map(String.init)
        let host = request.head.headers.first(name: "host") ?? "\(bridge.configuration.host):\(bridge.configuration.port)"
        let tokens = bridge.tokens
        let promise = eventLoop.makePromise(of: HTTPResponse.self)
        promise.completeWithTask {
            let token = try await tokens.mint(user: user, roles: roles, name: request.query["name"], lifetime: Self.lifetime)
            let expires = JSONText.isoDate(unixSeconds: Int64(Date().timeIntervalSince1970) + Int64(Self.lifetime))
            return .json(.ok, ["token": .string(token), "expires_at": .string(expires), "url": .string("ws://\(host)/ws")])
        }
        return promise.futureResult
    }
}
