import BenchCore
import Histogram
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The sessions of one generator process, spread over its own event loops.
final class Swarm {
    let config: SwarmConfig
    private let group: MultiThreadedEventLoopGroup
    private let loops: [any EventLoop]
    private let stats: [NIOLoopBoundBox<LoopStats>]
    private var channels: [any Channel] = []
    private var slowChannels: [any Channel] = []
    private(set) var summary = SwarmStats()

    init(config: SwarmConfig) {
        self.config = config
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, config.threads))
        loops = Array(group.makeIterator())
        stats = loops.map { NIOLoopBoundBox.makeBoxSendingValue(LoopStats(capacity: config.capacity), eventLoop: $0) }
    }

    /// Opens every session, `connectConcurrency` at a time; `progress(done, failed)` is called
    /// at most every half second. Failures are counted by reason, never thrown.
    func connect(progress: (Int, Int) -> Void) async throws {
        let url = try WebSocketURL(config.url)
        let target = try SocketAddress(ipAddress: url.host == "localhost" ? "127.0.0.1" : url.host, port: url.port)
        let sources = try config.sourceAddresses.map { try SocketAddress(ipAddress: $0, port: 0) }
        let minter = config.tokenInQuery ? try Self.minter() : nil
        let population = config.population
        let audience = config.audienceValue
        let expiry = Int(time(nil)) + config.tokenTTLSeconds
        var tokens: [Int: String] = [:]
        let started = monotonicNanos()
        var lastProgress = started

        try await withThrowingTaskGroup(of: (Int, Result<any Channel, any Error>).self) { group in
            var next = 0
            func launch(_ i: Int) {
                let global = config.sessionOffset + i
                var token: String?
                if let minter {
                    let user = population.userID(session: global)
                    if let t = tokens[user] { token = t } else {
                        let t = minter.token(user: String(user), roles: Population.roles(userIndex: population.userIndex(session: global)), expiresAt: expiry)
                        tokens[user] = t
                        token = t
                    }
                }
                let request = ByteBuffer(string: url.upgradeRequest(token: token))
                let slow = i < config.slowConsumers
                let loop = loops[i % loops.count]
                let loopStats = stats[i % stats.count]
                let source = sources.isEmpty ? nil : sources[i % sources.count]
                let awaitWelcome = config.awaitWelcome
                let pusherChannel = config.pusherChannel
                let timeout = TimeAmount.milliseconds(Int64(config.connectTimeoutSeconds * 1000))
                group.addTask {
                    let ready = loop.makePromise(of: Void.self)
                    var bootstrap = ClientBootstrap(group: loop)
                        .connectTimeout(timeout)
                        .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                        .channelInitializer { channel in
                            channel.eventLoop.makeCompletedFuture {
                                let handler = SessionHandler(request: request, awaitWelcome: awaitWelcome, pusherChannel: pusherChannel, slow: slow, stats: loopStats.value, ready: ready)
                                try channel.pipeline.syncOperations.addHandler(handler)
                            }.flatMap {
                                // Abortive close (RST): the generator leaves no TIME_WAIT behind, which would
                                // otherwise hold tens of thousands of ephemeral ports of the machine for a minute.
                                (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                                    ?? channel.eventLoop.makeSucceededVoidFuture()
                            }
                        }
                    if slow { bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: 4096) }
                    if let source { bootstrap = bootstrap.bind(to: source) }
                    do {
                        let channel = try await bootstrap.connect(to: target).get()
                        let deadline = loop.scheduleTask(in: timeout) { ready.fail(SessionError(reason: "no upgrade/welcome within the connect timeout")) }
                        do {
                            try await ready.futureResult.get()
                            deadline.cancel()
                            return (i, .success(channel))
                        } catch {
                            deadline.cancel()
                            channel.close(promise: nil)
                            return (i, .failure(error))
                        }
                    } catch {
                        ready.fail(error)
                        return (i, .failure(error))
                    }
                }
            }
            while next < min(config.connectConcurrency, config.sessions) { launch(next); next += 1 }
            while let (i, result) = try await group.next() {
                switch result {
                case .success(let channel):
                    summary.connected += 1
                    if i < config.slowConsumers {
                        slowChannels.append(channel)
                    } else {
                        channels.append(channel)
                        if population.receives(session: config.sessionOffset + i, audience: audience) { summary.expectedPerMessage += 1 }
                    }
                case .failure(let error):
                    summary.failed += 1
                    summary.failures[Self.reason(error), default: 0] += 1
                }
                if next < config.sessions { launch(next); next += 1 }
                let now = monotonicNanos()
                if now - lastProgress > 500_000_000 {
                    lastProgress = now
                    progress(summary.connected, summary.failed)
                }
            }
        }
        summary.connectSeconds = Double(monotonicNanos() - started) / 1e9
        progress(summary.connected, summary.failed)
    }

    private static func minter() throws -> TokenMinter {
        guard let secret = getenv("BRIDGE_SECRET").map({ String(cString: $0) }), secret.utf8.count >= 32 else {
            throw SessionError(reason: "BRIDGE_SECRET (at least 32 bytes) must be set to mint session tokens")
        }
        return TokenMinter(secret: secret)
    }

    private static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        return text.count > 120 ? String(text.prefix(120)) : text
    }

    /// Frames received so far for messages `from..<from+count` (cheap; used for polling).
    func received(from: Int, count: Int) async -> Int {
        var total = 0
        for s in stats {
            total += (try? await s.eventLoop.submit {
                let v = s.value
                var n = 0
                for i in from..<min(from + count, v.seqCount.count) { n += Int(v.seqCount[i]) }
                return n
            }.get()) ?? 0
        }
        return total
    }

    /// Waits until every expected frame of the window arrived or `waitSeconds` passed, then
    /// returns the window's figures and starts a new window.
    func collect(from: Int, count: Int, waitSeconds: Double) async -> SwarmStats {
        let expected = summary.expectedPerMessage * count
        let deadline = monotonicNanos() + UInt64(waitSeconds * 1e9)
        while monotonicNanos() < deadline {
            if await received(from: from, count: count) >= expected { break }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        var out = summary
        out.seqCount = Array(repeating: 0, count: count)
        out.seqFirst = Array(repeating: .max, count: count)
        out.seqLast = Array(repeating: 0, count: count)
        for s in stats {
            let part = try? await s.eventLoop.submit { () -> SwarmStats in
                let v = s.value
                var p = SwarmStats()
                p.frames = v.frames
                p.outOfRange = v.outOfRange
                p.otherFrames = v.otherFrames
                p.slowFrames = v.slowFrames
                p.histogram = v.histogram
                p.minRecv = v.minRecv
                p.maxRecv = v.maxRecv
                p.droppedWithoutClose = v.droppedWithoutClose
                p.closeCodes = Dictionary(uniqueKeysWithValues: v.closeCodes.map { (String($0.key), $0.value) })
                p.slowCloseCodes = Dictionary(uniqueKeysWithValues: v.slowCloseCodes.map { (String($0.key), $0.value) })
                p.seqCount = (from..<from + count).map { $0 < v.seqCount.count ? Int(v.seqCount[$0]) : 0 }
                p.seqFirst = (from..<from + count).map { $0 < v.seqCount.count ? v.seqFirst[$0] : .max }
                p.seqLast = (from..<from + count).map { $0 < v.seqCount.count ? v.seqLast[$0] : 0 }
                v.resetWindow()
                return p
            }.get()
            if let part {
                out.frames += part.frames
                out.outOfRange += part.outOfRange
                out.otherFrames += part.otherFrames
                out.slowFrames += part.slowFrames
                out.histogram.add(part.histogram)
                out.minRecv = min(out.minRecv, part.minRecv)
                out.maxRecv = max(out.maxRecv, part.maxRecv)
                out.droppedWithoutClose += part.droppedWithoutClose
                out.closeCodes.merge(part.closeCodes, uniquingKeysWith: +)
                out.slowCloseCodes.merge(part.slowCloseCodes, uniquingKeysWith: +)
                for i in 0..<count {
                    out.seqCount[i] += part.seqCount[i]
                    out.seqFirst[i] = min(out.seqFirst[i], part.seqFirst[i])
                    out.seqLast[i] = max(out.seqLast[i], part.seqLast[i])
                }
            }
        }
        return out
    }

    /// Lets the slow consumers read again, so that a 4100 close queued behind their backlog is seen.
    func drainSlowConsumers(waitSeconds: Double) async {
        guard !slowChannels.isEmpty else { return }
        // A 4 KiB receive buffer never opens the window by a full segment, so the sender would only
        // send zero-window probes (with back-off): give the socket room before reading again.
        for c in slowChannels {
            c.setOption(.socketOption(.so_rcvbuf), value: 1 << 20)
                .flatMap { c.setOption(ChannelOptions.autoRead, value: true) }
                .whenComplete { _ in }
        }
        let deadline = monotonicNanos() + UInt64(waitSeconds * 1e9)
        while monotonicNanos() < deadline, slowChannels.contains(where: { $0.isActive }) {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    /// Closes every session (bounded wait) and stops the event loops.
    func close(waitSeconds: Double = 10) async {
        for s in stats { _ = try? await s.eventLoop.submit { s.value.closing = true }.get() }
        let all = channels + slowChannels
        for c in all { c.close(promise: nil) }
        let deadline = monotonicNanos() + UInt64(waitSeconds * 1e9)
        for c in all {
            while c.isActive, monotonicNanos() < deadline { try? await Task.sleep(nanoseconds: 10_000_000) }
        }
        channels = []
        slowChannels = []
        try? await group.shutdownGracefully()
    }
}
