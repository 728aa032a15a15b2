/// What the members on one event loop observed. Touched only on that loop (held in a
/// `NIOLoopBoundBox`), so counting a member event takes no lock.
final class StormLoopStats {
    static let keptFailures = 20

    /// Members whose subscription succeeded, and the last time one did (CLOCK_MONOTONIC ns).
    var joined = 0
    var lastJoinedNs: UInt64 = 0
    /// Connections that did not join (connect, upgrade, subscription_error, close), by reason.
    var failed = 0
    var failures: [String: Int] = [:]
    var subscriptionErrors = 0
    var memberAdded = 0
    var memberRemoved = 0
    /// A member_added for a user already in the connection's members (its list or an earlier event).
    var duplicates = 0
    /// A member event naming a user the storm did not subscribe, or one that could not be read.
    var unreadable = 0
    /// A member event before the connection's members list.
    var early = 0
    /// A members list without the connection's own user.
    var selfMissing = 0
    var listBytes = 0
    var largestList = 0
    /// Connections closed by the server (by close code) or lost after they joined.
    var closesAfterJoin: [UInt16: Int] = [:]
    var droppedAfterJoin = 0
    /// Set when the storm closes its connections on purpose.
    var closing = false
    /// Joined connections by the number of members they know of, and when one last came to that number (up or down).
    var atCount: [Int]
    var lastReachedNs: [UInt64]
    /// Every joined connection, for the final check of who is missing whom.
    var handlers: [StormMemberHandler] = []

    init(capacity: Int) {
        atCount = Array(repeating: 0, count: capacity + 1)
        lastReachedNs = Array(repeating: 0, count: capacity + 1)
    }

    func fail(_ reason: String) {
        failed += 1
        if failures[reason] != nil || failures.count < Self.keptFailures {
            failures[reason, default: 0] += 1
        } else {
            failures["(other reasons)", default: 0] += 1
        }
    }

    /// A joined connection went from knowing `old` members to `new` (old -1: it just joined).
    func moved(from old: Int, to new: Int, at now: UInt64) {
        if old >= 0, old < atCount.count { atCount[old] -= 1 }
        guard new >= 0, new < atCount.count else { return }
        atCount[new] += 1
        lastReachedNs[new] = max(lastReachedNs[new], now)
    }
}
