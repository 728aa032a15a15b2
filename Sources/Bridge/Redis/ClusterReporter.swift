import Foundation
import NIOCore
import ServiceLifecycle

/// Publishes this node's figures in one shared Redis hash every 5 s and reads every node's, so
/// `/status` can show the whole cluster (several bridges on one Redis). Stale entries are
/// dropped; the hash itself expires when every node is gone. No KEYS scan, so a Redis shared
/// with Laravel's cache is never blocked. On shutdown this node's entry is removed.
struct ClusterReporter: Service {
    static let hashKey = "bridge:nodes"
    /// Also how stale another node's per-user session counts may be when the limit is checked.
    static let interval = TimeAmount.seconds(2)

    private let endpoint: RedisEndpoint
    private let eventLoop: any EventLoop
    private let figures: any ClusterFigures
    private let limits: RedisLimits

    init(endpoint: RedisEndpoint, eventLoop: any EventLoop, figures: any ClusterFigures,
         limits: RedisLimits = RedisLimits(commandTimeout: .seconds(2))) {
        self.endpoint = endpoint
        self.eventLoop = eventLoop
        self.figures = figures
        self.limits = limits
    }

    /// Reports until graceful shutdown or cancellation, then removes this node's entry.
    func run() async {
        let connection = await cancelWhenGracefulShutdown { await self.reportUntilCancelled() }
        guard let connection else { return }
        _ = try? await connection.command(["HDEL", Self.hashKey, figures.local().node], timeout: .seconds(1))
        connection.close()
    }

    /// Answers the connection it had when cancelled.
    private func reportUntilCancelled() async -> RedisConnection? {
        var connection: RedisConnection?
        while !Task.isCancelled {
            do {
                let current: RedisConnection
                if let connection {
                    current = connection
                } else {
                    current = try await RedisConnection.connect(to: endpoint, on: eventLoop, limits: limits)
                }
                connection = current
                try await report(over: current)
            } catch {
                connection?.close()
                connection = nil
            }
            await eventLoop.pause(for: Self.interval)
        }
        return connection
    }

    private func report(over connection: RedisConnection) async throws(RedisError) {
        let now = Date().timeIntervalSince1970
        let local = figures.local()
        let ttl = String(Int(ClusterReport.staleAfter * 2))
        _ = connection.send(RedisCommand(["HSET", Self.hashKey, local.node, ClusterReport.entry(local, at: now)]))
        _ = connection.send(RedisCommand(["EXPIRE", Self.hashKey, ttl]))
        guard case .array(let entries) = try await connection.command(["HGETALL", Self.hashKey]) else { return }
        let (live, stale) = ClusterReport.read(entries, now: now)
        if !stale.isEmpty { _ = try await connection.command(["HDEL", Self.hashKey] + stale) }
        figures.update(live)
        try await observeLog(over: connection)
    }

    private func observeLog(over connection: RedisConnection) async throws(RedisError) {
        let length = try await connection.command(["XLEN", figures.logKey])
        let newest = try await connection.command(["XREVRANGE", figures.logKey, "+", "-", "COUNT", "1"])
        guard case .integer(let count) = length else { return }
        figures.observeLog(length: Int(count), head: LogEntry.entries(ofRange: newest).first?.id)
    }
}
