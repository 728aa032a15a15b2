import ArgumentParser
import BenchCore
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The phases of a storm: connect, publish and settle, kill, wait until every session is back and
/// caught up, publish a little longer, drain, verify.
struct StormRunner {
    let options: StormOptions

    func run() async throws -> StormResult {
        let o = options
        guard let secret = o.secret ?? ProcessInfo.processInfo.environment["BRIDGE_SECRET"], secret.utf8.count >= 32 else {
            throw ValidationError("set BRIDGE_SECRET (at least 32 bytes, the nodes' own) or --secret")
        }
        guard o.urls.count >= 2 else { throw ValidationError("give at least two nodes (--url once per node)") }
        guard o.serverPids.count == o.urls.count else { throw ValidationError("give one --server-pid per --url, in the same order") }
        guard o.urls.indices.contains(o.killNode) else { throw ValidationError("--kill-node must be 0…\(o.urls.count - 1)") }
        guard o.workers >= 1, o.sessions >= o.workers else { throw ValidationError("--workers must be 1…--sessions") }
        guard o.sessions / o.workers <= 19_000 else {
            throw ValidationError("\(o.sessions / o.workers) sessions per generator process exceed what one process may open under `ulimit -n` 20000: raise --workers")
        }
        let lastSource = o.sourceAddressBase + o.workers * o.sourceAddressesPerWorker - 1
        guard o.sourceAddressBase <= 0 || lastSource <= 254 else { throw ValidationError("source addresses 127.0.0.\(o.sourceAddressBase)…\(lastSource) go past .254") }

        var result = StormResult(label: o.label, date: ISO8601DateFormatter().string(from: Date()), nodes: o.urls.count,
                                 killedNode: o.killNode, sessionsRequested: o.sessions, rate: o.rate, settleSeconds: o.settleSeconds)
        var env = ProcessInfo.processInfo.environment
        env["BRIDGE_SECRET"] = secret
        let life = o.connectTimeout + o.settleSeconds + o.waitSeconds + o.afterSeconds + o.drainSeconds + 300
        var workers: [WorkerProcess] = []
        var offset = 0
        for w in 0..<o.workers {
            let count = o.sessions / o.workers + (w < o.sessions % o.workers ? 1 : 0)
            let sources = o.sourceAddressBase <= 0 ? [] : (0..<o.sourceAddressesPerWorker).map { "127.0.0.\(o.sourceAddressBase + w * o.sourceAddressesPerWorker + $0)" }
            let config = StormWorkerConfig(urls: o.urls, sessionOffset: offset, sessions: count, userBase: 1000, sourceAddresses: sources,
                                           threads: o.threads, connectConcurrency: o.connectConcurrency, connectTimeoutSeconds: o.connectTimeout,
                                           tokenTTLSeconds: Int(life) + 3600)
            offset += count
            workers.append(try WorkerProcess(index: w, arguments: ["storm-worker", json(config), "--deadline", String(life)], environment: env))
        }
        defer { for w in workers { w.terminate() } }

        stormLog("connecting \(o.sessions) sessions over \(o.urls.count) nodes from \(o.workers) processes")
        let t0 = monotonicNanos()
        for w in workers {
            let line = try await w.await("ready") { p in stormLog("  worker \(w.index): \(p.dropFirst(9)) welcomed/failed") }
            let ready = try JSONDecoder().decode(StormReady.self, from: Data(line.utf8))
            result.sessionsConnected += ready.welcomed
            result.connectFailures.merge(ready.failures, uniquingKeysWith: +)
        }
        result.connectSeconds = Double(monotonicNanos() - t0) / 1e9
        stormLog(String(format: "%d of %d sessions welcomed in %.1f s", result.sessionsConnected, o.sessions, result.connectSeconds))
        guard result.sessionsConnected == o.sessions else {
            result.failures.append("only \(result.sessionsConnected) of \(o.sessions) sessions were welcomed at the start: \(result.connectFailures)")
            return result
        }
        for w in workers { w.send("arm"); _ = try await w.await("armed") }

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let publisher = try await StormPublisher.connect(redisURL: o.redisUrl, channel: o.channel, group: group)
        let state = StormPublishState()
        let rate = o.rate, everyWorker = workers
        let publishing = Task { try await Self.publishLoop(publisher, state: state, rate: rate, workers: everyWorker) }
        let monitor = StormMonitor(pids: o.serverPids)
        let expectedDrops = (0..<o.sessions).filter { $0 % o.urls.count == o.killNode }.count

        // Before: steady traffic.
        stormLog("publishing \(StormReport.fmt(o.rate)) events/s for everyone; killing node \(o.killNode) in \(StormReport.fmt(o.settleSeconds)) s")
        let settleEnd = monotonicNanos() + UInt64(o.settleSeconds * 1e9)
        while monotonicNanos() < settleEnd {
            await sample(monitor, seconds: 2)
            let s = try await status(workers, since: 0)
            stormLog("  before: \(s.open) open, \(s.events) events received, fewest in order \(s.minPrefix); \(nodes(monitor))")
        }

        // The kill.
        monitor.phase = "storm"
        let killAt = monotonicNanos()
        guard kill(o.serverPids[o.killNode], SIGKILL) == 0 else { throw BenchError("could not SIGKILL pid \(o.serverPids[o.killNode]): errno \(errno)") }
        stormLog("SIGKILL node \(o.killNode) (pid \(o.serverPids[o.killNode])); \(expectedDrops) sessions must come back")
        var done = false
        while !done {
            await sample(monitor, seconds: 1)
            let s = try await status(workers, since: killAt)
            let elapsed = Double(monotonicNanos() - killAt) / 1e9
            stormLog(String(format: "  +%.1f s: ", elapsed) + "\(s.open) of \(o.sessions) open; dropped \(s.dropped), back \(s.reconnected), caught up \(s.caughtUp); \(nodes(monitor))")
            done = s.dropped >= expectedDrops && s.reconnected == s.dropped && s.caughtUp == s.dropped && s.open == o.sessions
            if done {
                if s.lastReconnectNs > 0 { result.allBackSeconds = Double(s.lastReconnectNs - killAt) / 1e9 }
                if s.lastCaughtUpNs > 0 { result.allCaughtUpSeconds = Double(s.lastCaughtUpNs - killAt) / 1e9 }
            } else if elapsed > o.waitSeconds {
                result.failures.append(String(format: "not every session was back and caught up %.0f s after the kill: %d of %d open, %d of %d dropped sessions welcomed again, %d caught up (raise --wait-seconds if the machine is just slow)",
                                              o.waitSeconds, s.open, o.sessions, s.reconnected, s.dropped, s.caughtUp))
                break
            }
        }

        // After: steady traffic again, then the drain.
        monitor.phase = "after"
        if done { await sample(monitor, seconds: o.afterSeconds) }
        await state.stop()
        let published = try await publishing.value
        let last = published - 1
        let tally = await publisher.settle(timeoutSeconds: 30)
        result.eventsPublished = published
        result.eventsConfirmed = tally.confirmed
        for (_, reason) in tally.failed { result.publishFailures[reason, default: 0] += 1 }
        if !tally.unanswered.isEmpty { result.publishFailures["no answer", default: 0] += tally.unanswered.count }
        let drainStart = monotonicNanos()
        while true {
            let s = try await status(workers, since: killAt)
            let elapsed = Double(monotonicNanos() - drainStart) / 1e9
            if s.minPrefix > last || elapsed > o.drainSeconds { break }
            if Int(elapsed) % 5 == 0 { stormLog("  draining: the furthest-behind session holds \(s.minPrefix) of \(published) events in order") }
            try? await Task.sleep(nanoseconds: 250_000_000)
        }
        result.drainSeconds = Double(monotonicNanos() - drainStart) / 1e9
        result.peaks = monitor.peaks

        let end = try await status(workers, since: killAt)
        result.sessionsDropped = end.dropped
        result.sessionsReconnected = end.reconnected
        result.sessionsCaughtUp = end.caughtUp
        var delays = StormDelays()
        for w in workers {
            w.send("delays \(killAt)")
            delays.merge(try JSONDecoder().decode(StormDelays.self, from: Data(try await w.await("delays").utf8)))
        }
        result.reconnectMs = StormPercentiles(delays.reconnectMs)
        result.caughtUpMs = StormPercentiles(delays.caughtUpMs)
        result.failedAttempts = delays.failedAttempts.reduce(0, +)
        result.mostFailedAttempts = delays.failedAttempts.max() ?? 0
        result.replayedEvents = delays.replayed.reduce(0, +)
        result.mostReplayed = delays.replayed.max() ?? 0
        result.landedOn = Dictionary(uniqueKeysWithValues: delays.landedOn.map { (String($0.key), $0.value) })
        stormLog("verifying \(o.sessions) sessions against events 0…\(last)")
        for w in workers {
            w.send("verify \(last)")
            result.verification.merge(try JSONDecoder().decode(StormVerification.self, from: Data(try await w.await("verified").utf8)))
        }
        for w in workers { w.send("close"); _ = try? await w.await("closed") }
        await publisher.close()
        try? await group.shutdownGracefully()
        judge(&result, expectedDrops: expectedDrops)
        return result
    }

    private func judge(_ r: inout StormResult, expectedDrops: Int) {
        let v = r.verification
        if v.eventsLost > 0 { r.failures.append("\(v.eventsLost) events lost over \(v.sessionsWithLoss) sessions") }
        if v.resyncs > 0 { r.failures.append("\(v.resyncs) bridge:resync received: those sessions would reload instead of resuming") }
        if v.sessionsNotOpen > 0 { r.failures.append("\(v.sessionsNotOpen) sessions were not open at the end") }
        if r.sessionsDropped < expectedDrops { r.failures.append("only \(r.sessionsDropped) sessions dropped, \(expectedDrops) were on the killed node") }
        if r.eventsConfirmed < r.eventsPublished { r.failures.append("\(r.eventsPublished - r.eventsConfirmed) PUBLISHes not confirmed: \(r.publishFailures)") }
    }

    /// Samples the nodes every 250 ms for `seconds`.
    private func sample(_ monitor: StormMonitor, seconds: Double) async {
        let end = monotonicNanos() + UInt64(seconds * 1e9)
        repeat {
            monitor.sample()
            try? await Task.sleep(nanoseconds: 250_000_000)
        } while monotonicNanos() < end
    }

    private func status(_ workers: [WorkerProcess], since: UInt64) async throws -> StormWorkerStatus {
        var out = StormWorkerStatus()
        for w in workers { w.send("status \(since)") }
        for w in workers { out.merge(try JSONDecoder().decode(StormWorkerStatus.self, from: Data(try await w.await("status").utf8))) }
        return out
    }

    private func nodes(_ m: StormMonitor) -> String {
        m.pids.indices.map { i in
            guard i < m.lastRSS.count, let rss = m.lastRSS[i] else { return "node \(i): gone" }
            let cpu = m.lastCPU[i].map { String(format: "%.0f %%", $0) } ?? "–"
            return "node \(i): \(cpu) \(StormReport.mib(rss))"
        }.joined(separator: ", ")
    }

    /// Publishes at `rate` events per second, a tick every 20 ms, telling the workers the newest
    /// number after each tick, until stopped; returns how many were published.
    static func publishLoop(_ publisher: StormPublisher, state: StormPublishState, rate: Double, workers: [WorkerProcess]) async throws -> Int {
        let start = monotonicNanos()
        var count = 0
        while !(await state.stopped) {
            let due = Int(Double(monotonicNanos() - start) / 1e9 * rate) + 1 - count
            if due > 0 {
                try await publisher.publish(count..<(count + due))
                count += due
                for w in workers { w.send("pub \(count - 1)") }
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return count
    }
}

/// Tells the publishing task to stop.
actor StormPublishState {
    private(set) var stopped = false
    func stop() { stopped = true }
}

/// A line on stderr, stamped with the time.
func stormLog(_ text: String) { soakLog(text) }
