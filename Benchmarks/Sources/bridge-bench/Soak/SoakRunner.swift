import ArgumentParser
import BenchCore
import Foundation
import NIOCore
import NIOPosix

/// The phases of a soak: connect, warm up, publish for the given minutes while sampling the
/// bridge every minute, drain up to a closing sentinel, verify.
struct SoakRunner {
    let options: SoakOptions

    func run() async throws -> SoakResult {
        let o = options
        guard let secret = o.secret ?? ProcessInfo.processInfo.environment["BRIDGE_SECRET"], secret.utf8.count >= 32 else {
            throw ValidationError("set BRIDGE_SECRET (at least 32 bytes) or --secret")
        }
        let population = SoakPopulation(sessions: o.sessions)
        let url = try WebSocketURL(o.url)
        let target = try SocketAddress(ipAddress: url.host == "localhost" ? "127.0.0.1" : url.host, port: url.port)
        let sources = try (o.sourceAddressBase <= 0 ? [] : (0..<o.sourceAddresses).map {
            try SocketAddress(ipAddress: "127.0.0.\(o.sourceAddressBase + $0)", port: 0)
        })
        let setup = SoakSetup(url: url, target: target, sources: sources, maxPauseSeconds: o.maxPause)
        var result = SoakResult(label: o.label, date: ISO8601DateFormatter().string(from: Date()), minutes: o.minutes,
                                sessionsRequested: o.sessions, sessionsConnected: 0, connectFailures: [:], connectSeconds: 0, rate: o.rate)
        result.maxPauseSeconds = o.maxPause
        let swarm = SoakSwarm(population: population, threads: o.threads)
        try await swarm.create(setup: setup, secret: secret, expiresAt: Int(Date().timeIntervalSince1970) + Int(o.minutes * 60) + 7200)

        soakLog("connecting \(o.sessions) sessions (\(SoakKind.allCases.map { k in "\((0..<o.sessions).filter { population.kind(ofSession: $0) == k }.count) \(k.rawValue)" }.joined(separator: ", ")))")
        let t0 = monotonicNanos()
        let (connected, failures) = await swarm.connectAll(concurrency: o.connectConcurrency, timeoutSeconds: o.connectTimeout) { ok, failed in
            soakLog("  \(ok) welcomed, \(failed) failed")
        }
        result.sessionsConnected = connected
        result.connectFailures = failures
        result.connectSeconds = Double(monotonicNanos() - t0) / 1e9
        soakLog(String(format: "%d of %d sessions welcomed in %.1f s", connected, o.sessions, result.connectSeconds))
        if connected < o.sessions { result.failures.append("only \(connected) of \(o.sessions) sessions connected: \(failures)") }

        let publisherGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let publisher = try await SoakPublisher.connect(redisURL: o.redisUrl, channel: o.channel, httpURL: o.httpUrl,
                                                        bearer: o.broadcastToken ?? ProcessInfo.processInfo.environment["BRIDGE_BROADCAST_TOKEN"],
                                                        group: publisherGroup)
        var factory = SoakEventFactory(population: population, seed: o.seed)
        factory.excludedSessionId = await swarm.sessionId(of: SoakPopulation.excludedSession)

        // Warm-up: one event for everyone, so that every session holds a last_id before anything drops.
        await swarm.watch(seq: 0)
        let warm = factory.everyone(seq: 0, title: "warm-up")
        try await publisher.publish([warm], batchHTTP: false)
        let warmed = await waitForWatched(swarm, seconds: 60)
        soakLog("warm-up reached \(warmed.sentinelSeen) of \(warmed.everConnected) sessions")
        await swarm.startBehaviours()

        let monitor = SoakMonitor(pid: o.serverPid)
        let durationNs = UInt64(o.minutes * 60 * 1e9)
        let start = monotonicNanos()
        var previous = monitor.sample()
        let loadFactory = factory
        let publishing = Task { () throws -> [SoakEvent] in
            var f = loadFactory
            return try await Self.publishLoop(publisher, factory: &f, rate: o.rate, durationNs: durationNs)
        }
        var table: [SoakMinute] = []
        let minutes = Int(o.minutes.rounded(.up))
        table.append(await row(0, monitor: monitor, previous: &previous, swarm: swarm, publisher: publisher))
        soakLog(SoakReport.progress(table[0], of: minutes))
        for minute in 1...max(1, minutes) {
            let at = start + min(UInt64(Double(minute) * 60e9), durationNs)
            while monotonicNanos() < at {
                try? await Task.sleep(nanoseconds: min(5_000_000_000, at - monotonicNanos()))
                monitor.notePeak()
            }
            table.append(await row(minute, monitor: monitor, previous: &previous, swarm: swarm, publisher: publisher))
            soakLog(SoakReport.progress(table[table.count - 1], of: minutes))
        }
        var events = [warm.event]
        events += try await publishing.value
        result.table = table

        // Drain: stop the behaviours, then a sentinel for everyone published after every other event.
        _ = await publisher.settle(timeoutSeconds: 60)
        let sentinelSeq = UInt32(events.count)
        await swarm.watch(seq: sentinelSeq)
        await swarm.quiesce()
        let sentinel = factory.everyone(seq: sentinelSeq, title: "sentinel")
        events.append(sentinel.event)
        try await publisher.publish([sentinel], batchHTTP: false)
        let tally = await publisher.settle(timeoutSeconds: 60)
        let drainStart = monotonicNanos()
        let drained = await waitForWatched(swarm, seconds: o.drainSeconds)
        result.drainSeconds = Double(monotonicNanos() - drainStart) / 1e9
        result.sentinelReached = drained.sentinelSeen
        result.rssAfterDrainBytes = monitor.sample()?.rssBytes
        result.rssPeakBytes = monitor.peakRSS
        result.sessions = await swarm.snapshot()
        let (records, crossLoopMismatches) = await swarm.finish()
        result.idMismatches = result.sessions.idMismatches + crossLoopMismatches

        var confirmed = [Bool](repeating: true, count: events.count)
        for seq in tally.failed.keys where Int(seq) < confirmed.count { confirmed[Int(seq)] = false }
        for seq in tally.unanswered where Int(seq) < confirmed.count { confirmed[Int(seq)] = false }
        for (_, reason) in tally.failed { result.publishFailures[reason, default: 0] += 1 }
        if !tally.unanswered.isEmpty { result.publishFailures["no answer", default: 0] += tally.unanswered.count }
        result.eventsPublished = events.count
        result.eventsConfirmed = confirmed.filter { $0 }.count
        for e in events {
            result.eventsByLabel[e.label, default: 0] += 1
            result.eventsByPath[e.path.rawValue, default: 0] += 1
        }
        soakLog("verifying \(records.count) sessions against \(events.count) events…")
        result.verification = SoakVerifier(population: population, events: events, confirmed: confirmed).verify(records)
        SoakJudge.judge(&result, baselineMinute: o.baselineMinute, tolerance: o.rssTolerance)

        await publisher.close()
        await swarm.shutdown()
        try? await publisherGroup.shutdownGracefully()
        return result
    }

    /// Waits until every session that ever connected saw the watched event, or `seconds` passed.
    private func waitForWatched(_ swarm: SoakSwarm, seconds: Double) async -> SoakSnapshot {
        let deadline = monotonicNanos() + UInt64(seconds * 1e9)
        var lastLog = monotonicNanos()
        while true {
            let s = await swarm.snapshot()
            if s.sentinelSeen >= s.everConnected || monotonicNanos() > deadline { return s }
            if monotonicNanos() - lastLog > 10_000_000_000 {
                lastLog = monotonicNanos()
                soakLog("  waiting: \(s.sentinelSeen) of \(s.everConnected) sessions have it")
            }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    private func row(_ minute: Int, monitor: SoakMonitor, previous: inout ProcSample?, swarm: SoakSwarm, publisher: SoakPublisher) async -> SoakMinute {
        let now = monitor.sample()
        let snap = await swarm.snapshot()
        let total = snap.total
        let tally = await publisher.tally()
        defer { previous = now }
        return SoakMinute(minute: minute, bridgeRSSBytes: now?.rssBytes,
                          bridgeCPUSeconds: now.flatMap { n in previous.map { n.cpuSeconds - $0.cpuSeconds } },
                          generatorRSSBytes: ProcSample.read(pid: getpid())?.rssBytes,
                          eventsPublished: tally.written, framesReceived: total.events, sessionsOpen: total.open,
                          reconnects: total.reconnects, resumes: total.resumes, resyncs: total.resyncs)
    }

    /// Publishes at `rate` events per second for `durationNs`, a tick every 20 ms; returns the events.
    static func publishLoop(_ publisher: SoakPublisher, factory: inout SoakEventFactory, rate: Double, durationNs: UInt64) async throws -> [SoakEvent] {
        var out: [SoakEvent] = []
        var seq: UInt32 = 1
        var rng = SoakRandom(seed: 4242)
        let start = monotonicNanos()
        while monotonicNanos() - start < durationNs {
            let due = Int(Double(monotonicNanos() - start) / 1e9 * rate) - out.count
            if due > 0 {
                var batch = (0..<due).map { i in factory.make(seq: seq + UInt32(i)) }
                seq += UInt32(due)
                let batchHTTP = batch.filter { $0.event.path == .http }.count > 1 && rng.chance(0.3)
                if batchHTTP { for i in batch.indices where batch[i].event.path == .http { batch[i].event.path = .httpBatch } }
                out += batch.map(\.event)
                try await publisher.publish(batch, batchHTTP: batchHTTP)
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return out
    }
}
