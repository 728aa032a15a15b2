import Atomics
import Foundation

/// The body of `GET /status` (docs/protocol.md#http), plus `recent_events`, `cluster` and
/// `pusher` for the dashboard.
struct StatusReport {
    let bridge: BridgeContext

    func fields() -> [String: JSONValue] {
        let users = bridge.users.totals
        let connections = bridge.metrics.connections.load(ordering: .relaxed)
        let redis = bridge.redisStatus.snapshot
        let history = bridge.hub.summary
        let log = bridge.logStatus.snapshot
        let local = ClusterView.NodeFigures(node: bridge.configuration.nodeId, connections: connections,
                                            sessions: users.sessions, users: bridge.users.users)
        let cluster = bridge.cluster.totals(local: local)
        let uptime = Date().timeIntervalSince(bridge.startedAt)
        return [
            "status": .string(redis.connected && log.connected ? "ok" : "degraded"),
            "version": .string(BridgeVersion.current),
            "node": .string(bridge.configuration.nodeId),
            "started_at": .string(bridge.startedAt.formatted(.iso8601)),
            "uptime_seconds": .integer(Int64(uptime)),
            "connections": .integer(Int64(connections)),
            "sessions": .integer(Int64(users.sessions)),
            "users": .integer(Int64(users.users)),
            "messages": .object([
                "received": .integer(Int64(bridge.metrics.received.load(ordering: .relaxed))),
                "delivered": .integer(Int64(bridge.metrics.delivered.load(ordering: .relaxed))),
                "rejected": .object(bridge.metrics.rejected.mapValues { .integer(Int64($0)) }),
                "dropped_slow": .integer(Int64(bridge.metrics.droppedSlow.load(ordering: .relaxed))),
            ]),
            "redis": .object([
                "connected": .bool(redis.connected),
                "subscriptions": .integer(Int64(redis.subscriptions)),
                "reconnects": .integer(Int64(redis.reconnects)),
                "last_message_at": redis.lastMessageAt.map { .string($0.formatted(.iso8601)) } ?? .null,
            ]),
            "log": .object([
                "stream": .string(bridge.logStatus.key),
                "reading": .bool(log.connected),
                "length": log.length.map { .integer(Int64($0)) } ?? .null,
                "head_id": log.head.map { .string($0.description) } ?? .null,
                "delivered_id": log.delivered.map { .string($0.description) } ?? .null,
                "lag_seconds": .number(log.lagSeconds),
            ]),
            "history": .object([
                "size": .integer(Int64(history.size)),
                "capacity": .integer(Int64(history.capacity)),
                "first_id": history.firstId.map(JSONValue.string) ?? .null,
                "last_id": history.lastId.map(JSONValue.string) ?? .null,
            ]),
            "recent_events": .array(history.recent.reversed().map { event in
                .object(["id": .string(event.id), "type": .string(event.type), "ts": .string(event.timestamp)])
            }),
            "cluster": .object([
                "nodes": .integer(Int64(cluster.nodes)),
                "connections": .integer(Int64(cluster.connections)),
                "sessions": .integer(Int64(cluster.sessions)),
                "users": .integer(Int64(cluster.users)),
            ]),
            "pusher": pusherFields(),
        ]
    }
}
