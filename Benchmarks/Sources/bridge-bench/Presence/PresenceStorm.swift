import BenchCore
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// One presence storm: `members` connections, one user each, spread round-robin over the nodes'
/// URLs, join one presence channel at a bounded rate; then every member must come to know every
/// other (its list plus member_added), each exactly once. Every wait is bounded.
final class PresenceStorm {
    private let options: PresenceStormOptions
    private let group: MultiThreadedEventLoopGroup
    private let stats: [NIOLoopBoundBox<StormLoopStats>]
    private var processes: StormProcesses
    private var started: UInt64 = 0
    private var lastProgress: UInt64 = 0
    private var launched = 0

    init(options: PresenceStormOptions) {
        self.options = options
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, options.threads))
        stats = group.makeIterator().map { NIOLoopBoundBox.makeBoxSendingValue(StormLoopStats(capacity: options.members), eventLoop: $0) }
        processes = StormProcesses(pids: options.serverPids + (options.redisPid.map { [$0] } ?? []))
    }

    func run() async throws -> PresenceStormResult {
        let targets = try options.urls.map { text -> (url: WebSocketURL, address: SocketAddress) in
            let url = try WebSocketURL(text)
            return (url, try SocketAddress(ipAddress: url.host == "localhost" ? "127.0.0.1" : url.host, port: url.port))
        }
        let subscription = StormSubscription(channel: options.channel, signer: options.signer, capacity: options.members)
        var result = PresenceStormResult(label: options.label, channel: options.channel, membersRequested: options.members,
                                         joinRatePerSecond: options.joinRate)
        let clientBefore = ProcSample.read(pid: getpid())
        started = monotonicNanos()

        try await launchAll(targets: targets, subscription: subscription)
        result.launchSeconds = seconds(since: started)

        // Every member answered (joined or refused), or the join wait is over.
        var snapshot = await StormSnapshot.take(stats, target: options.members)
        let joinDeadline = monotonicNanos() + nanos(options.joinWait)
        while snapshot.settled < options.members, monotonicNanos() < joinDeadline {
            snapshot = await tick(target: options.members)
        }
        if snapshot.settled < options.members {
            result.problems.append("\(options.members - snapshot.settled) members neither joined nor were refused within --join-wait \(Int(options.joinWait)) s after the last launch")
        }
        result.allJoinedSeconds = snapshot.joined > 0 ? Double(snapshot.lastJoinedNs - started) / 1e9 : nil

        // Every joined member knows all of them, or no member event came for --stall-seconds.
        let target = snapshot.joined
        snapshot = await StormSnapshot.take(stats, target: target)
        let convergeDeadline = monotonicNanos() + nanos(options.convergeWait)
        var lastAdded = snapshot.memberAdded
        var lastChange = monotonicNanos()
        while snapshot.complete < target, monotonicNanos() < convergeDeadline, monotonicNanos() - lastChange < nanos(options.stallSeconds) {
            snapshot = await tick(target: target)
            if snapshot.memberAdded != lastAdded { lastAdded = snapshot.memberAdded; lastChange = monotonicNanos() }
        }
        if snapshot.complete < target {
            let why = monotonicNanos() >= convergeDeadline ? "within --converge-wait \(Int(options.convergeWait)) s"
                : "and no member_added came for --stall-seconds \(Int(options.stallSeconds)) s"
            result.problems.append("only \(snapshot.complete) of \(target) members knew all \(target) members \(why)")
        } else if target > 0 {
            result.allSeenSeconds = Double(snapshot.lastCompleteNs - started) / 1e9
        }
        progress(snapshot, target: target, force: true)

        processes.sample()
        for (i, url) in options.urls.enumerated() {
            let pid = i < options.serverPids.count ? options.serverPids[i] : nil
            result.nodes.append(.init(url: url, pid: pid, cpuSeconds: pid.flatMap(processes.cpuSince),
                                      rssBeforeBytes: pid.flatMap { processes.first[$0]?.rssBytes }, peakRSSBytes: pid.flatMap { processes.peakRSS[$0] }))
        }
        if let redis = options.redisPid {
            result.redisCPUSeconds = processes.cpuSince(redis)
            result.redisPeakRSSBytes = processes.peakRSS[redis]
        }
        if let before = clientBefore, let after = ProcSample.read(pid: getpid()) { result.clientCPUSeconds = after.cpuSeconds - before.cpuSeconds }
        await collectDetails(into: &result, target: target)
        await close()
        return result
    }

    /// Opens the connections at `joinRate` a second, at most `maxInFlight` not yet answered.
    private func launchAll(targets: [(url: WebSocketURL, address: SocketAddress)], subscription: StormSubscription) async throws {
        let requests = targets.map { ByteBuffer(string: $0.url.upgradeRequest(token: nil)) }
        var settled = 0
        while launched < options.members {
            let due = min(options.members, Int(seconds(since: started) * options.joinRate) + 1)
            if launched - settled >= options.maxInFlight || launched >= due {
                settled = await tick(target: options.members, pauseMs: 5).settled
                continue
            }
            while launched < due, launched - settled < options.maxInFlight {
                let node = launched % targets.count
                launch(launched, address: targets[node].address, request: requests[node], subscription: subscription)
                launched += 1
            }
        }
    }

    private func launch(_ index: Int, address: SocketAddress, request: ByteBuffer, subscription: StormSubscription) {
        let box = stats[index % stats.count]
        let loop = box.eventLoop
        ClientBootstrap(group: loop)
            .connectTimeout(.milliseconds(Int64(options.connectTimeout * 1000)))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = StormMemberHandler(index: index, request: request, subscription: subscription, stats: box.value)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }.flatMap {
                    // Abortive close (RST): no TIME_WAIT left holding the machine's ephemeral ports.
                    (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                        ?? channel.eventLoop.makeSucceededVoidFuture()
                }
            }
            .connect(to: address)
            .whenFailure { error in
                loop.execute { box.value.fail("connect: \(error)") }
            }
    }

    /// Waits a little, samples the servers, prints progress now and then; the snapshot after the wait.
    private func tick(target: Int, pauseMs: UInt64 = 100) async -> StormSnapshot {
        try? await Task.sleep(nanoseconds: pauseMs * 1_000_000)
        let snapshot = await StormSnapshot.take(stats, target: target)
        progress(snapshot, target: target, force: false)
        return snapshot
    }

    private func progress(_ s: StormSnapshot, target: Int, force: Bool) {
        let now = monotonicNanos()
        guard force || now - lastProgress >= nanos(options.progressSeconds) else { return }
        lastProgress = now
        processes.sample()
        let cpu = options.serverPids.compactMap(processes.cpuSince).reduce(0, +)
        stormLog(String(format: "%6.1f s  launched %d/%d  joined %d  failed %d  member_added %.2f M  knowing all %d: %d  nodes' CPU %.1f s",
                        seconds(since: started), launched, options.members, s.joined, s.failed, Double(s.memberAdded) / 1e6, target, s.complete, cpu))
    }

    /// The counters of every loop, and a few members that missed someone.
    private func collectDetails(into result: inout PresenceStormResult, target: Int) async {
        var joinedUsers = [Bool](repeating: false, count: options.members)
        for box in stats {
            let indexes = (try? await box.eventLoop.submit { box.value.handlers.map(\.index) }.get()) ?? []
            for index in indexes where index < joinedUsers.count { joinedUsers[index] = true }
        }
        let joined = joinedUsers
        for box in stats {
            guard let part = try? await box.eventLoop.submit({ () -> PresenceStormResult in
                let s = box.value
                var r = PresenceStormResult(label: "", channel: "", membersRequested: 0, joinRatePerSecond: 0)
                r.joined = s.joined
                r.failed = s.failed
                r.failures = s.failures
                r.subscriptionErrors = s.subscriptionErrors
                r.memberAddedDelivered = s.memberAdded
                r.memberRemoved = s.memberRemoved
                r.duplicates = s.duplicates
                r.unreadable = s.unreadable
                r.early = s.early
                r.selfMissing = s.selfMissing
                r.closesAfterJoin = Dictionary(uniqueKeysWithValues: s.closesAfterJoin.map { (String($0.key), $0.value) })
                r.droppedAfterJoin = s.droppedAfterJoin
                r.membersListBytes = s.listBytes
                r.largestMembersListBytes = s.largestList
                r.membersComplete = target < s.atCount.count ? s.atCount[target] : 0
                for handler in s.handlers where handler.members.count != target && r.incompleteSamples.count < 5 {
                    let missing = joined.indices.first { joined[$0] && !handler.members.contains($0) }
                    let ghost = joined.indices.first { !joined[$0] && handler.members.contains($0) }
                    r.incompleteSamples.append("member \(handler.index) knows \(handler.members.count) members of \(target): "
                        + "misses joined user \(missing.map(String.init) ?? "none"), knows user \(ghost.map(String.init) ?? "none") that did not join")
                }
                return r
            }).get() else { continue }
            result.joined += part.joined
            result.failed += part.failed
            result.failures.merge(part.failures, uniquingKeysWith: +)
            result.subscriptionErrors += part.subscriptionErrors
            result.memberAddedDelivered += part.memberAddedDelivered
            result.memberRemoved += part.memberRemoved
            result.duplicates += part.duplicates
            result.unreadable += part.unreadable
            result.early += part.early
            result.selfMissing += part.selfMissing
            result.closesAfterJoin.merge(part.closesAfterJoin, uniquingKeysWith: +)
            result.droppedAfterJoin += part.droppedAfterJoin
            result.membersListBytes += part.membersListBytes
            result.largestMembersListBytes = max(result.largestMembersListBytes, part.largestMembersListBytes)
            result.membersComplete += part.membersComplete
            result.incompleteSamples += part.incompleteSamples.prefix(max(0, 5 - result.incompleteSamples.count))
        }
        let k = result.joined
        result.memberAddedExpected = k * (k - 1) / 2
        if result.failed > 0 { result.problems.append("\(result.failed) members did not join (\(result.subscriptionErrors) by subscription_error)") }
        if result.duplicates > 0 { result.problems.append("\(result.duplicates) member announcements of a user the member already knew") }
        if result.early > 0 { result.problems.append("\(result.early) member events before the members list") }
        if result.unreadable > 0 { result.problems.append("\(result.unreadable) member events naming no known user, or removing a non-member") }
        if result.selfMissing > 0 { result.problems.append("\(result.selfMissing) members lists without the member itself") }
        if result.memberRemoved > 0 { result.problems.append("\(result.memberRemoved) member_removed during the storm (no member left)") }
        if !result.closesAfterJoin.isEmpty || result.droppedAfterJoin > 0 {
            result.problems.append("members closed after joining: codes \(result.closesAfterJoin), \(result.droppedAfterJoin) without a close frame")
        }
        if result.memberAddedDelivered != result.memberAddedExpected {
            result.problems.append("member_added delivered \(result.memberAddedDelivered), expected \(result.memberAddedExpected)")
        }
        for sample in result.incompleteSamples { result.problems.append(sample) }
    }

    /// Closes every connection (abortive) and stops the loops, within a bounded wait.
    private func close() async {
        for box in stats { _ = try? await box.eventLoop.submit { box.value.closing = true }.get() }
        try? await group.shutdownGracefully()
    }

    private func seconds(since start: UInt64) -> Double { Double(monotonicNanos() - start) / 1e9 }
    private func nanos(_ seconds: Double) -> UInt64 { UInt64(max(0, seconds) * 1e9) }
}
