import Atomics
import Foundation
import NIOConcurrencyHelpers

/// Publishes this node's figures in one shared Redis hash and reads every node's, so `/status`
/// can show the whole cluster (several bridges on one Redis). Entries older than `staleAfter`
/// are dropped; the hash itself expires when every node is gone. No KEYS scan, so a Redis shared
/// with Laravel's cache is never blocked.
public final class ClusterReporter: Sendable {
    static let hashKey = "bridge:nodes"
    static let interval: TimeInterval = 5
    static let staleAfter: TimeInterval = 15

    private let bridge: BridgeContext
    private let stopping = NIOLockedValueBox(false)
    private let finished = NIOLockedValueBox(false)

    public init(bridge: BridgeContext) {
        self.bridge = bridge
    }

    public func start() {
        let thread = Thread { [self] in
            self.run()
            self.finished.withLockedValue { $0 = true }
        }
        thread.name = "cluster-reporter"
        thread.start()
    }

    /// Asks the thread to remove this node's entry and stop; waits at most `timeout`.
    public func stop(timeout: TimeInterval = 1.5) {
        stopping.withLockedValue { $0 = true }
        let deadline = Date().addingTimeInterval(timeout)
        while !finished.withLockedValue({ $0 }), Date() < deadline { usleep(10_000) }
    }

    private func run() {
        var connection: RedisConnection?
        while !stopping.withLockedValue({ $0 }) {
            do {
                let current = try connection ?? RedisConnection(endpoint: bridge.configuration.redis)
                connection = current
                try report(over: current)
            } catch {
                connection = nil
            }
            for _ in 0..<Int(Self.interval * 10) where !stopping.withLockedValue({ $0 }) { usleep(100_000) }
        }
        _ = try? connection?.command(["HDEL", Self.hashKey, bridge.configuration.nodeId])
    }

    private func report(over connection: RedisConnection) throws(RedisError) {
        let now = Date().timeIntervalSince1970
        let totals = bridge.users.totals
        let figures: [String: JSONValue] = [
            "node": .string(bridge.configuration.nodeId),
            "at": .number(now),
            "connections": .integer(Int64(bridge.metrics.connections.load(ordering: .relaxed))),
            "sessions": .integer(Int64(totals.sessions)),
            "users": .array(bridge.users.users.map(JSONValue.string)),
        ]
        _ = try connection.command(["HSET", Self.hashKey, bridge.configuration.nodeId, JSONText.object(figures)])
        _ = try connection.command(["EXPIRE", Self.hashKey, String(Int(Self.staleAfter * 2))])
        guard case .array(let entries) = try connection.command(["HGETALL", Self.hashKey]) else { return }
        var nodes: [ClusterView.NodeFigures] = []
        var stale: [String] = []
        for pair in stride(from: 0, to: entries.count - 1, by: 2) {
            guard let node = entries[pair].text, case .string(let bytes) = entries[pair + 1],
                  let json = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else { continue }
            guard Self.timestamp(json["at"]) > now - Self.staleAfter else {
                stale.append(node)
                continue
            }
            nodes.append(ClusterView.NodeFigures(node: node, connections: Self.count(json["connections"]),
                                                 sessions: Self.count(json["sessions"]), users: json["users"]?.idStrings ?? []))
        }
        if !stale.isEmpty { _ = try connection.command(["HDEL", Self.hashKey] + stale) }
        bridge.cluster.update(nodes)
    }

    private static func count(_ value: JSONValue?) -> Int {
        if case .integer(let number)? = value { Int(number) } else { 0 }
    }

    private static func timestamp(_ value: JSONValue?) -> Double {
        switch value {
        case .number(let seconds)?: seconds
        case .integer(let seconds)?: Double(seconds)
        default: 0
        }
    }
}
