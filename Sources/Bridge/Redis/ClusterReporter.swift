import Atomics
import Foundation
import NIOConcurrencyHelpers

/// Publishes this node's figures under a short-lived Redis key and reads every node's, so
/// `/status` can show the whole cluster (several bridges on one Redis).
public final class ClusterReporter: Sendable {
    static let keyPrefix = "bridge:node:"
    static let interval: TimeInterval = 5
    static let keyLifetime = 15

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

    /// Asks the thread to remove this node's key and stop; waits at most `timeout`.
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
        if connection != nil { _ = try? connection?.command(["DEL", Self.keyPrefix + bridge.configuration.nodeId]) }
    }

    private func report(over connection: RedisConnection) throws(RedisError) {
        let totals = bridge.users.totals
        let figures: [String: JSONValue] = [
            "node": .string(bridge.configuration.nodeId),
            "connections": .integer(Int64(bridge.metrics.connections.load(ordering: .relaxed))),
            "sessions": .integer(Int64(totals.sessions)),
            "users": .array(bridge.users.users.map(JSONValue.string)),
        ]
        _ = try connection.command(["SET", Self.keyPrefix + bridge.configuration.nodeId, JSONText.object(figures),
                                    "EX", String(Self.keyLifetime)])
        guard case .array(let keys) = try connection.command(["KEYS", Self.keyPrefix + "*"]) else { return }
        let names = keys.compactMap(\.text)
        guard !names.isEmpty, case .array(let values) = try connection.command(["MGET"] + names) else { return }
        bridge.cluster.update(values.compactMap { value in
            guard case .string(let bytes) = value,
                  let json = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)),
                  case .string(let node)? = json["node"] else { return nil }
            func number(_ key: String) -> Int { if case .integer(let n)? = json[key] { Int(n) } else { 0 } }
            return ClusterView.NodeFigures(node: node, connections: number("connections"), sessions: number("sessions"),
                                           users: json["users"]?.idStrings ?? [])
        })
    }
}
