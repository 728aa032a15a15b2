/// One storm worker's counts at a moment, sent to the coordinator as a JSON line.
struct StormWorkerStatus: Codable, Sendable {
    var sessions = 0
    /// Welcomed and not closed since.
    var open = 0
    /// Event frames received so far (replays included).
    var events = 0
    var resyncs = 0
    var connectFailures = 0
    /// The fewest leading event numbers (0, 1, 2, … without a gap) any session holds.
    var minPrefix = Int.max
    /// Sessions whose connection ended at or after the kill, and of those: welcomed again, and
    /// holding every event published up to that welcome.
    var dropped = 0
    var reconnected = 0
    var caughtUp = 0
    /// Latest such welcome and catch-up, CLOCK_MONOTONIC ns (0: none).
    var lastReconnectNs: UInt64 = 0
    var lastCaughtUpNs: UInt64 = 0

    mutating func merge(_ o: StormWorkerStatus) {
        sessions += o.sessions; open += o.open; events += o.events; resyncs += o.resyncs
        connectFailures += o.connectFailures; minPrefix = min(minPrefix, o.minPrefix)
        dropped += o.dropped; reconnected += o.reconnected; caughtUp += o.caughtUp
        lastReconnectNs = max(lastReconnectNs, o.lastReconnectNs); lastCaughtUpNs = max(lastCaughtUpNs, o.lastCaughtUpNs)
    }
}

/// Per-session delays of the sessions the kill dropped, in ms from the kill (the coordinator
/// computes percentiles over all workers).
struct StormDelays: Codable, Sendable {
    var reconnectMs: [Double] = []
    var caughtUpMs: [Double] = []
    /// Connection attempts that failed before the welcome on a survivor, per dropped session.
    var failedAttempts: [Int] = []
    /// Events replayed (`bridge:resumed` `missed`) per dropped session.
    var replayed: [Int] = []
    /// Which node each dropped session landed on.
    var landedOn: [Int: Int] = [:]

    mutating func merge(_ o: StormDelays) {
        reconnectMs += o.reconnectMs; caughtUpMs += o.caughtUpMs; failedAttempts += o.failedAttempts
        replayed += o.replayed; landedOn.merge(o.landedOn, uniquingKeysWith: +)
    }
}

/// What the sessions received against the events published 0…N: must be exactly those, once each.
struct StormVerification: Codable, Sendable {
    var sessions = 0
    var eventsExpectedPerSession = 0
    /// Sessions missing at least one event, and the events missing in all.
    var sessionsWithLoss = 0
    var eventsLost = 0
    /// Events received more than once (counted apart from losses).
    var duplicates = 0
    /// Events whose id was not above the previous one on the same session.
    var orderViolations = 0
    /// Event frames without a `soak_seq`, or with one above N.
    var unexpected = 0
    var resyncs = 0
    var resumeCountMismatches = 0
    var sessionsNotOpen = 0
    /// A few sessions with losses: "session 123: missing 45–47".
    var examples: [String] = []

    mutating func merge(_ o: StormVerification) {
        sessions += o.sessions; eventsExpectedPerSession = max(eventsExpectedPerSession, o.eventsExpectedPerSession)
        sessionsWithLoss += o.sessionsWithLoss; eventsLost += o.eventsLost; duplicates += o.duplicates
        orderViolations += o.orderViolations; unexpected += o.unexpected; resyncs += o.resyncs
        resumeCountMismatches += o.resumeCountMismatches; sessionsNotOpen += o.sessionsNotOpen
        examples += o.examples.prefix(max(0, 10 - examples.count))
    }
}
