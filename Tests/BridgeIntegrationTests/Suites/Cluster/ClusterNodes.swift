import NIOHTTP1
import Testing

/// Several bridge nodes on one redis-server (a `BridgeCluster`), each with a numeric node id, and
/// what the cluster tests do with them: sessions on a given node, `/broadcast` and `/status` of a
/// node, the shared log read and appended to directly in Redis.
struct ClusterNodes {
    let cluster: BridgeCluster
    let configuration: BridgeConfiguration
    let tokens: TokenFactory
    /// The running nodes, in start order (node ids 101, 102, 103…).
    private(set) var nodes: [BridgeProcess]

    var redis: RedisServer { cluster.redis }
    var environment: [String: String] { configuration.environment(redisURL: cluster.redis.url) }

    /// Starts `count` nodes (ids 101, 102…) on a fresh redis-server, runs `body`, and stops them all.
    static func run(
        _ count: Int = 3,
        configuration: BridgeConfiguration = .standard,
        _ body: (inout ClusterNodes) async throws -> Void
    ) async throws {
        try await BridgeCluster.run { cluster in
            var nodes = ClusterNodes(
                cluster: cluster, configuration: configuration,
                tokens: TokenFactory(secret: configuration.secret), nodes: [])
            for index in 0..<count { try await nodes.startNode(id: 101 + index) }
            try await body(&nodes)
        }
    }

    /// Starts (or starts again) the node with `id`; answers it.
    @discardableResult
    mutating func startNode(id: Int) async throws -> BridgeProcess {
        let node = try await cluster.start(flags: configuration.flags + ["--node-id", "\(id)"], environment: environment)
        nodes.append(node)
        return node
    }

    /// SIGTERM to every running node, waiting for each to exit.
    mutating func stopAll() async {
        for node in nodes { await node.stop() }
        nodes.removeAll()
    }

    // MARK: sessions

    /// `/ws?token=…` on `node` for `user`, requiring `bridge:welcome` first.
    func session(_ user: String, roles: [String] = [], on node: BridgeProcess, query: String = "") async throws -> Session {
        let token = try await tokens.token(user: user, roles: roles)
        let client = try await WSClient.connect(port: node.port, path: "/ws?token=\(token)\(query)")
        let first = try await client.next(timeout: .seconds(10))
        guard first["type"]?.string == "bridge:welcome" else {
            client.close()
            throw SupportError("first frame for user \(user) on port \(node.port) is not bridge:welcome: \(first)")
        }
        return Session(client: client, welcome: first, user: user)
    }

    /// Opens a socket for `user` on `node` that the bridge is expected to close; answers the close
    /// code and the frames it sent before closing.
    func refusedSession(_ user: String, roles: [String] = [], on node: BridgeProcess) async throws -> (code: UInt16?, frames: [String]) {
        let token = try await tokens.token(user: user, roles: roles)
        let client = try await WSClient.connect(port: node.port, path: "/ws?token=\(token)")
        defer { client.close() }
        let code = try await client.closeCode(timeout: .seconds(10))
        return (code, client.inbox.drain())
    }

    // MARK: HTTP

    /// `POST /broadcast` of `envelope` on `node`, requiring 202; answers the ids.
    func broadcast(_ envelope: JSONValue, on node: BridgeProcess) async throws -> [String] {
        let response = try await HTTPClient.request(
            .POST, port: node.port, path: "/broadcast",
            headers: [("Content-Type", "application/json"),
                      ("Authorization", "Bearer \(configuration.broadcastToken ?? "")")],
            body: envelope.bytes)
        guard response.status == 202 else { throw SupportError("/broadcast on \(node.port) answered \(response.status): \(response.text)") }
        return try response.json()["ids"]?.array?.compactMap(\.string) ?? []
    }

    func status(of node: BridgeProcess) async throws -> JSONValue {
        try await Self.status(of: node)
    }

    static func status(of node: BridgeProcess) async throws -> JSONValue {
        try await HTTPClient.getJSON(port: node.port, path: "/status")
    }

    /// `GET /messages?since=` on `node` for `user`.
    func messages(for user: String, since: String, on node: BridgeProcess) async throws -> JSONValue {
        let token = try await tokens.token(user: user)
        return try await HTTPClient.getJSON(
            port: node.port, path: "/messages?since=\(since)", headers: [("Authorization", "Bearer \(token)")])
    }

    // MARK: the log in Redis

    var log: SharedLog { SharedLog(redis: cluster.redis, key: configuration.streamKey) }

    func headID() async throws -> String? { try await log.headID() }
    func entries(after id: String) async throws -> [(id: String, envelope: JSONValue)] { try await log.entries(after: id) }
    func appendAsListener(_ envelope: JSONValue) async throws -> String { try await log.appendAsListener(envelope) }

    /// Waits (bounded) until every running node has delivered the log through its newest entry, so a
    /// resume or poll on any of them sees everything appended so far.
    func waitUntilDelivered(within timeout: Duration = .seconds(20)) async throws {
        guard let head = try await headID(), let target = EventID(head) else { return }
        for node in nodes {
            let caughtUp = await Eventually.holds(within: timeout, every: .milliseconds(50)) {
                guard let status = try? await Self.status(of: node),
                      let delivered = EventID(status["log"]?["delivered_id"]?.string) else { return false }
                return delivered >= target
            }
            if !caughtUp {
                let log = (try? await status(of: node))?["log"] ?? .null
                throw SupportError("node on port \(node.port) did not deliver through \(head) within \(timeout.seconds) s; log: \(log)")
            }
        }
    }

    /// Waits (bounded) until `node`'s `/status` satisfies `condition`; answers the last status read.
    @discardableResult
    func waitForStatus(
        of node: BridgeProcess, within timeout: Duration = .seconds(20), _ what: String,
        _ condition: @escaping @Sendable (JSONValue) -> Bool
    ) async throws -> JSONValue {
        let seen = await Eventually.value(within: timeout, every: .milliseconds(100)) { () -> JSONValue? in
            guard let status = try? await Self.status(of: node), condition(status) else { return nil }
            return status
        }
        guard let seen else {
            let last = (try? await status(of: node)) ?? .null
            throw SupportError("node on port \(node.port): \(what) not seen within \(timeout.seconds) s; cluster \(last["cluster"] ?? .null), log \(last["log"] ?? .null)")
        }
        return seen
    }
}

extension Session {
    /// Sends nothing; requires that the next frame is the marker notification `marker` (so nothing
    /// else arrived before it).
    func expectMarker(_ marker: Int, _ why: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let frame = try await next(timeout: .seconds(10))
        #expect(frame["type"]?.string == "system_notification_created" && frame["data"]?["notification"]?["id"]?.int == marker,
                "user \(user): expected only the marker \(marker) \(why); got \(frame)", sourceLocation: sourceLocation)
    }
}

/// The shared log, read and appended to directly in Redis.
struct SharedLog: Sendable {
    let redis: RedisServer
    let key: String

    /// The newest entry id (nil while the log is empty).
    func headID() async throws -> String? {
        try await range(["XREVRANGE", key, "+", "-", "COUNT", "1"]).first?.id
    }

    /// The entries after `id` (exclusive), oldest first, as (id, envelope JSON).
    func entries(after id: String) async throws -> [(id: String, envelope: JSONValue)] {
        try await range(["XRANGE", key, "(\(id)", "+"])
    }

    /// XADD exactly as php-listener's RedisPublisher: `XADD <key> MAXLEN ~ <history> * m <envelope JSON>`.
    func appendAsListener(_ envelope: JSONValue) async throws -> String {
        let reply = try await redis.command(["XADD", key, "MAXLEN", "~", "10000", "*", "m", envelope.text])
        guard case .bulk(let bytes?) = reply else { throw SupportError("XADD answered \(reply)") }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func range(_ command: [String]) async throws -> [(id: String, envelope: JSONValue)] {
        let reply = try await redis.command(command)
        guard case .array(let items?) = reply else { throw SupportError("\(command[0]) answered \(reply)") }
        return items.compactMap { item in
            guard case .array(let parts?) = item, parts.count == 2, case .bulk(let idBytes?) = parts[0],
                  case .array(let fields?) = parts[1] else { return nil }
            var envelope = JSONValue.null
            for pair in stride(from: 0, to: fields.count - 1, by: 2) {
                guard case .bulk(let name?) = fields[pair], name == Array("m".utf8),
                      case .bulk(let value?) = fields[pair + 1] else { continue }
                envelope = (try? JSONValue.parse(value)) ?? .null
            }
            return (String(decoding: idBytes, as: UTF8.self), envelope)
        }
    }
}
