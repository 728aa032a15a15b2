import NIOCore

/// The storm's figures summed over the event loops at one moment.
struct StormSnapshot: Sendable {
    var joined = 0
    var failed = 0
    var lastJoinedNs: UInt64 = 0
    var memberAdded = 0
    /// Joined members that know exactly `target` members, and when the last of them got there.
    var complete = 0
    var lastCompleteNs: UInt64 = 0
    var settled: Int { joined + failed }

    /// Reads every loop's counters, on its loop.
    static func take(_ stats: [NIOLoopBoundBox<StormLoopStats>], target: Int) async -> StormSnapshot {
        var sum = StormSnapshot()
        for box in stats {
            guard let part = try? await box.eventLoop.submit({ () -> StormSnapshot in
                let s = box.value
                let inRange = target >= 0 && target < s.atCount.count
                return StormSnapshot(joined: s.joined, failed: s.failed, lastJoinedNs: s.lastJoinedNs, memberAdded: s.memberAdded,
                                     complete: inRange ? s.atCount[target] : 0, lastCompleteNs: inRange ? s.lastReachedNs[target] : 0)
            }).get() else { continue }
            sum.joined += part.joined
            sum.failed += part.failed
            sum.lastJoinedNs = max(sum.lastJoinedNs, part.lastJoinedNs)
            sum.memberAdded += part.memberAdded
            sum.complete += part.complete
            sum.lastCompleteNs = max(sum.lastCompleteNs, part.lastCompleteNs)
        }
        return sum
    }
}
