import BenchCore
import Histogram
import Foundation
import NIOCore
import NIOPosix

/// Drives one run: workers connect, the publisher publishes each scenario, workers report.
struct Runner {
    let plan: Plan

    func execute() async throws -> RunResult {
        let o = plan.options
        var result = RunResult(label: plan.label, peer: o.peer.rawValue, url: plan.urls, sessionsRequested: o.sessions,
                               workers: plan.workers, payloadBytes: o.payloadBytes, audience: o.audience.rawValue,
                               serverPids: o.serverPids)
        let pids = o.serverPids
        let sample: @Sendable () -> ProcSample? = { pids.isEmpty ? nil : ProcSample.read(pids: pids) }
        result.serverBefore = sample()

        var environment = ProcessInfo.processInfo.environment
        if let secret = o.secret { environment["BRIDGE_SECRET"] = secret }
        let workers = try (0..<plan.workers).map {
            try WorkerProcess(index: $0, config: plan.swarmConfig(worker: $0), deadline: o.deadline, environment: environment)
        }
        defer { workers.forEach { $0.terminate() } }

        let board = ProgressBoard(workers: plan.workers, total: o.sessions)
        let summaries = try await withThrowingTaskGroup(of: SwarmStats.self) { group in
            for w in workers {
                group.addTask {
                    let json = try await w.await("ready") { line in
                        let p = line.split(separator: " ")
                        if p.count == 3 { Task { await board.update(w.index, connected: Int(p[1]) ?? 0, failed: Int(p[2]) ?? 0) } }
                    }
                    return try JSONDecoder().decode(SwarmStats.self, from: Data(json.utf8))
                }
            }
            var all = SwarmStats()
            for try await s in group { all.merge(s) }
            return all
        }
        FileHandle.standardError.write(Data("\n".utf8))
        result.sessionsConnected = summaries.connected
        result.sessionsFailed = summaries.failed
        result.failures = summaries.failures
        result.connectSeconds = summaries.connectSeconds
        result.connectRatePerSecond = summaries.connectSeconds > 0 ? Double(summaries.connected) / summaries.connectSeconds : 0
        if summaries.failed > 0 { result.problems.append("\(summaries.failed) sessions failed to connect: \(summaries.failures)") }
        log("\(plan.label): \(summaries.connected)/\(o.sessions) sessions in \(String(format: "%.1f", summaries.connectSeconds)) s; settling \(o.settleSeconds) s")

        try await Task.sleep(nanoseconds: UInt64(o.settleSeconds * 1e9))
        result.serverConnected = sample()
        if let before = result.serverBefore, let after = result.serverConnected, summaries.connected > 0 {
            result.rssPerSessionBytes = Double(after.rssBytes - before.rssBytes) / Double(summaries.connected)
        }

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let publisher = try await makePublisher(group: group)
        var seq = 0
        for scenario in plan.scenarios {
            log("\(plan.label): \(scenario.rawValue)…")
            let phase = try await runPhase(scenario, firstSeq: seq, publisher: publisher, workers: workers,
                                           expectedPerMessage: summaries.expectedPerMessage, sample: sample)
            seq += phase.messages
            if phase.lostFrames > 0 { result.problems.append("\(scenario.rawValue): \(phase.lostFrames) of \(phase.expectedFrames) frames lost") }
            if phase.droppedWithoutClose > 0 { result.problems.append("\(scenario.rawValue): \(phase.droppedWithoutClose) sessions dropped without a close frame") }
            if !phase.closeCodes.isEmpty { result.problems.append("\(scenario.rawValue): sessions closed by the server: \(phase.closeCodes)") }
            if !phase.publishErrors.isEmpty { result.problems.append("\(scenario.rawValue): publish errors \(phase.publishErrors)") }
            result.phases.append(phase)
        }
        await publisher.close()
        try? await group.shutdownGracefully()

        if o.slowConsumers > 0 {
            for w in workers { w.send("drain 10") }
            for w in workers { _ = try await w.await("drained") }
            for w in workers { w.send("collect 0 0 0") }
            for w in workers { result.slowCloseCodes.merge(try await w.stats(after: "stats").slowCloseCodes, uniquingKeysWith: +) }
        }
        for w in workers { w.send("close") }
        for w in workers { _ = try await w.await("closed") }
        try await Task.sleep(nanoseconds: UInt64(o.afterCloseSeconds * 1e9))
        result.serverAfterClose = sample()
        if let before = result.serverBefore, let after = result.serverAfterClose {
            result.rssRetainedAfterCloseBytes = after.rssBytes - before.rssBytes
        }
        return result
    }

    private func makePublisher(group: MultiThreadedEventLoopGroup) async throws -> Publisher {
        switch plan.publish {
        case .redis:
            let address = try RedisAddress(url: plan.options.redisUrl)
            return try await Publisher.connect(host: address.host, port: address.port, method: .redis(channel: plan.channel), builder: plan.builder, group: group)
        case .http, .pusherHTTP:
            guard plan.httpURL.hasPrefix("http://") else { throw BenchError("--http-url must be http://host:port/path") }
            let rest = plan.httpURL.dropFirst(7)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let hostPort = rest[..<slash].split(separator: ":")
            let path = slash == rest.endIndex ? "/" : String(rest[slash...])
            return try await Publisher.connect(host: String(hostPort[0]), port: hostPort.count > 1 ? Int(hostPort[1]) ?? 80 : 80,
                                               method: plan.publish == .pusherHTTP ? .pusher(path: path, signer: plan.pusherSigner)
                                                   : .http(path: path, bearer: plan.options.bearer),
                                               builder: plan.builder, group: group)
        }
    }

    private func runPhase(_ scenario: Scenario, firstSeq: Int, publisher: Publisher, workers: [WorkerProcess],
                          expectedPerMessage: Int, sample: @escaping @Sendable () -> ProcSample?) async throws -> PhaseResult {
        let o = plan.options
        let before = sample()
        let sampler = Task { () -> Int in
            var peak = 0
            while !Task.isCancelled {
                if let s = sample() { peak = max(peak, s.rssBytes) }
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
            return peak
        }
        let started = monotonicNanos()
        var count = 0
        var firstSend: UInt64 = 0
        var sendTimes: [UInt64] = []
        switch scenario {
        case .burst:
            count = o.burstMessages
            firstSend = try await publisher.publish(firstSeq..<firstSeq + count)
        case .oneToAll:
            count = o.oneToAllRepeats
            for r in 0..<count {
                sendTimes.append(try await publisher.publish(firstSeq + r..<firstSeq + r + 1))
                try await Task.sleep(nanoseconds: UInt64(o.oneToAllGapMs) * 1_000_000)
            }
            firstSend = sendTimes.first ?? 0
        case .rate:
            count = Int((o.rate * o.rateSeconds).rounded(.up))
            firstSend = try await publisher.publish(from: firstSeq, count: count, rate: o.rate)
        case .idle:
            count = 1
            try await Task.sleep(nanoseconds: UInt64(o.idleSeconds / 2 * 1e9))
            firstSend = try await publisher.publish(firstSeq..<firstSeq + 1)
            sendTimes = [firstSend]
            try await Task.sleep(nanoseconds: UInt64(o.idleSeconds / 2 * 1e9))
        }
        let replies = await publisher.awaitReplies(timeoutSeconds: 10)
        for w in workers { w.send("collect \(firstSeq) \(count) \(o.waitSeconds)") }
        var stats = SwarmStats()
        for w in workers { stats.merge(try await w.stats(after: "stats")) }
        let wall = Double(monotonicNanos() - started) / 1e9
        sampler.cancel()
        let peak = await sampler.value
        let after = sample()

        let expected = expectedPerMessage * count
        let delivered = stats.seqCount.reduce(0, +)
        let h = stats.histogram
        let ms = { (v: UInt64) in Double(v) / 1000 }
        let latency = Latency(count: h.totalCount, p50: ms(h.valueAtPercentile(50)), p99: ms(h.valueAtPercentile(99)),
                              p999: ms(h.valueAtPercentile(99.9)), max: ms(h.max), mean: h.mean / 1000)
        let span = stats.maxRecv > firstSend ? Double(stats.maxRecv - firstSend) / 1e9 : 0
        let toAll: [Double?] = sendTimes.indices.map { r in
            stats.seqCount[r] >= expectedPerMessage && stats.seqLast[r] > sendTimes[r]
                ? Double(stats.seqLast[r] - sendTimes[r]) / 1e6 : nil
        }
        let complete = toAll.compactMap { $0 }.sorted()
        var cpu: Double?
        if let b = before, let a = after { cpu = a.cpuSeconds - b.cpuSeconds }
        var result = PhaseResult(
            scenario: scenario.rawValue, messages: count, expectedFrames: expected, deliveredFrames: delivered,
            lostFrames: max(0, expected - delivered), outOfRangeFrames: stats.outOfRange,
            framesPerSecond: span > 0 ? Double(delivered) / span : 0, latencyMs: latency,
            timeToAllMs: toAll, timeToAllMedianMs: complete.isEmpty ? nil : complete[complete.count / 2],
            drainMs: scenario == .burst ? span * 1000 : nil,
            serverCPUSeconds: cpu, serverCPUShare: cpu.map { $0 / wall },
            serverPeakRSSBytes: peak > 0 ? peak : nil,
            publishAcked: replies.acked, publishErrors: replies.errors, redisReceivers: replies.receivers,
            closeCodes: stats.closeCodes, droppedWithoutClose: stats.droppedWithoutClose, wallSeconds: wall
        )
        if scenario == .rate { result.ratePerSecond = o.rate }
        return result
    }
}

func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// The one progress line shown while the workers connect.
actor ProgressBoard {
    private var connected: [Int]
    private var failed: [Int]
    private let total: Int
    private let started = monotonicNanos()

    init(workers: Int, total: Int) {
        connected = Array(repeating: 0, count: workers)
        failed = Array(repeating: 0, count: workers)
        self.total = total
    }

    func update(_ worker: Int, connected c: Int, failed f: Int) {
        connected[worker] = c
        failed[worker] = f
        let done = connected.reduce(0, +)
        let secs = Double(monotonicNanos() - started) / 1e9
        let rate = secs > 0 ? Double(done) / secs : 0
        FileHandle.standardError.write(Data(String(format: "\rconnecting: %d/%d sessions, %d failed, %.0f/s   ", done, total, failed.reduce(0, +), rate).utf8))
    }
}
