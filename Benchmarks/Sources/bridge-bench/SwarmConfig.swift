import BenchCore

/// Everything one generator process needs to open its share of the sessions.
/// The parent passes it to each worker process as one JSON argument.
struct SwarmConfig: Codable, Sendable {
    var url: String
    var sessions: Int
    /// Global index of this worker's first session (decides its users and roles).
    var sessionOffset: Int
    var sourceAddresses: [String]
    var threads: Int
    /// Append `?token=<JWT>` (the bridge) or connect without credentials (peers).
    var tokenInQuery: Bool
    /// Wait for `bridge:welcome` before a session counts as ready.
    var awaitWelcome: Bool
    /// Pusher sessions: subscribe to this channel, and count as ready once subscribed.
    var pusherChannel: String?
    var slowConsumers: Int
    var audience: String
    var sessionsPerUser: Int
    var userBase: Int
    /// Highest `bench_seq` + 1 this run will publish.
    var capacity: Int
    var connectConcurrency: Int
    var connectTimeoutSeconds: Double
    var tokenTTLSeconds: Int

    var population: Population { Population(sessionsPerUser: sessionsPerUser, userBase: userBase) }
    var audienceValue: Audience { Audience(rawValue: audience) ?? .everyone }
}

/// `ws://host:port/path?query`.
struct WebSocketURL: Sendable {
    let host: String
    let port: Int
    let pathAndQuery: String

    init(_ text: String) throws {
        guard text.hasPrefix("ws://") else { throw SessionError(reason: "only ws:// URLs on loopback are supported: \(text)") }
        let rest = text.dropFirst(5)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let hostPort = rest[..<slash]
        pathAndQuery = slash == rest.endIndex ? "/" : String(rest[slash...])
        let parts = hostPort.split(separator: ":")
        host = String(parts.first ?? "127.0.0.1")
        port = parts.count > 1 ? Int(parts[1]) ?? 80 : 80
        guard host.hasPrefix("127.") || host == "localhost" || host == "[::1]" else {
            throw SessionError(reason: "refusing a non-loopback target \(host): this tool is for loopback only")
        }
    }

    func upgradeRequest(token: String?) -> String {
        var target = pathAndQuery
        if let token { target += (target.contains("?") ? "&" : "?") + "token=" + token }
        return "GET \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: YnJpZGdlLWJlbmNoLWtleQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://\(host):\(port)\r\n\r\n"
    }
}
