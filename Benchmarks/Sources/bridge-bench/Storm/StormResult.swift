/// Everything a storm run measured, written as JSON and printed as a table.
struct StormResult: Codable, Sendable {
    var label: String
    var date: String
    var nodes: Int
    var killedNode: Int
    var sessionsRequested: Int
    var sessionsConnected = 0
    var connectFailures: [String: Int] = [:]
    var connectSeconds = 0.0
    var rate: Double
    var settleSeconds: Double
    var eventsPublished = 0
    var eventsConfirmed = 0
    var publishFailures: [String: Int] = [:]
    /// Sessions whose connection ended at or after the kill; of those, welcomed again, and caught up.
    var sessionsDropped = 0
    var sessionsReconnected = 0
    var sessionsCaughtUp = 0
    /// From the kill until the last dropped session was welcomed by a survivor, and until the last
    /// one held every event published up to its welcome.
    var allBackSeconds: Double?
    var allCaughtUpSeconds: Double?
    var reconnectMs = StormPercentiles()
    var caughtUpMs = StormPercentiles()
    /// Connection attempts refused or timed out before the welcome on a survivor, in all and at most for one session.
    var failedAttempts = 0
    var mostFailedAttempts = 0
    /// Events replayed after `bridge:resume`, in all and at most for one session.
    var replayedEvents = 0
    var mostReplayed = 0
    /// Node (0-based) → dropped sessions it welcomed.
    var landedOn: [String: Int] = [:]
    /// Phase ("before", "storm", "after") → each node's peaks (the killed node's only before).
    var peaks: [String: [StormNodePeak]] = [:]
    var drainSeconds = 0.0
    var verification = StormVerification()
    var failures: [String] = []
}

/// p50, p90, p99 and max of a list, in its unit.
struct StormPercentiles: Codable, Sendable {
    var count = 0
    var p50 = 0.0
    var p90 = 0.0
    var p99 = 0.0
    var max = 0.0

    init() {}

    init(_ values: [Double]) {
        let v = values.sorted()
        count = v.count
        guard let last = v.last else { return }
        func at(_ q: Double) -> Double { v[Swift.min(v.count - 1, Int((Double(v.count) * q).rounded(.up)) - 1)] }
        p50 = at(0.5); p90 = at(0.9); p99 = at(0.99); max = last
    }
}
