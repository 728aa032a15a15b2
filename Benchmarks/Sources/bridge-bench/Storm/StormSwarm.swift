import BenchCore
import Foundation
import NIOCore
import NIOPosix

/// One storm worker's sessions, spread over a few event loops of its process.
final class StormSwarm: Sendable {
    private let config: StormWorkerConfig
    private let group: MultiThreadedEventLoopGroup
    private let loops: [NIOLoopBoundBox<StormLoop>]

    init(config: StormWorkerConfig) throws {
        self.config = config
        let urls = try config.urls.map { try WebSocketURL($0) }
        guard let first = urls.first else { throw BenchError("storm worker: no --url") }
        let targets = try urls.map { try SocketAddress(ipAddress: $0.host == "localhost" ? "127.0.0.1" : $0.host, port: $0.port) }
        let hosts = urls.map { "\($0.host):\($0.port)" }
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, config.threads))
        loops = group.makeIterator().map {
            NIOLoopBoundBox.makeBoxSendingValue(StormLoop(targets: targets, hosts: hosts, path: first.pathAndQuery), eventLoop: $0)
        }
    }

    /// Makes the sessions (one token per user and loop), connecting none yet.
    func create(secret: String) async throws {
        let c = config, count = loops.count
        let sources = try c.sourceAddresses.map { try SocketAddress(ipAddress: $0, port: 0) }
        let expiresAt = Int(Date().timeIntervalSince1970) + c.tokenTTLSeconds
        for (li, box) in loops.enumerated() {
            try await box.eventLoop.submit {
                let minter = TokenMinter(secret: secret)
                var tokens: [Int: String] = [:]
                for local in stride(from: li, to: c.sessions, by: count) {
                    let global = c.sessionOffset + local
                    let user = c.userBase + global / 2
                    let token = tokens[user] ?? minter.token(user: String(user), roles: [], expiresAt: expiresAt)
                    tokens[user] = token
                    let source = sources.isEmpty ? nil : sources[local % sources.count]
                    box.value.sessions.append(StormSession(index: global, loop: box.value, eventLoop: box.eventLoop, token: token, source: source))
                }
            }.get()
        }
    }

    /// Connects every session, `connectConcurrency` at a time; returns (welcomed, failures by reason).
    func connectAll(progress: @Sendable (Int, Int) -> Void) async -> (Int, [String: Int]) {
        await loops.connectAll(total: config.sessions, concurrency: max(1, config.connectConcurrency),
                               timeoutSeconds: config.connectTimeoutSeconds, progressEveryNanos: 1_000_000_000, progress: progress)
    }

    func arm() async { _ = await loops.each { loop in for s in loop.sessions { s.armed = true } } }

    func published(_ seq: Int) async { _ = await loops.each { loop in loop.publishedSeq = max(loop.publishedSeq, seq) } }

    func status(since: UInt64?) async -> StormWorkerStatus {
        var out = StormWorkerStatus()
        out.minPrefix = Int.max
        for part in await loops.each({ $0.status(since: since) }) { out.merge(part) }
        if out.sessions == 0 { out.minPrefix = 0 }
        return out
    }

    func delays(since: UInt64) async -> StormDelays {
        var out = StormDelays()
        for part in await loops.each({ loop -> StormDelays in
            var d = StormDelays()
            for s in loop.sessions {
                guard let dropped = s.firstDropAt, dropped >= since else { continue }
                if let w = s.reconnectedAt {
                    d.reconnectMs.append(Double(w - since) / 1e6)
                    d.landedOn[s.node, default: 0] += 1
                }
                if let c = s.caughtUpAt { d.caughtUpMs.append(Double(c - since) / 1e6) }
                d.failedAttempts.append(s.failedBeforeReconnect)
                d.replayed.append(s.replayed)
            }
            return d
        }) { out.merge(part) }
        return out
    }

    func verify(last: Int) async -> StormVerification {
        var out = StormVerification()
        for part in await loops.each({ loop -> StormVerification in
            var v = StormVerification()
            v.eventsExpectedPerSession = last + 1
            for s in loop.sessions { s.verify(last: last, into: &v) }
            return v
        }) { out.merge(part) }
        return out
    }

    func close() async {
        _ = await loops.each { loop in for s in loop.sessions { s.finish() } }
        try? await group.shutdownGracefully()
    }
}
