/// What the sessions did and saw, summed per session kind for the report.
struct SoakSessionStats: Codable, Sendable {
    var sessions = 0
    var open = 0
    var events = 0
    var welcomes = 0
    var reconnects = 0
    var resumes = 0
    var replayed = 0
    /// `bridge:resumed` whose `missed` differed from the events replayed before it.
    var resumeCountMismatches = 0
    var resyncs = 0
    var errorsReceived = 0
    var badFramesSent = 0
    var oversizedSent = 0
    var closeCodes: [String: Int] = [:]
    /// Connections lost without a close frame that the session did not end itself.
    var drops = 0
    /// Voluntary disconnects of reconnecting sessions.
    var leaves = 0
    var connectFailures = 0
    /// Events whose id was not above the previous one on the same session.
    var orderViolations = 0
    var eventsWithoutSoakSeq = 0
    var otherFrames = 0
    var pongs = 0
    var pauses = 0
    /// Slow readers: the most bytes read in the 3 s after a pause (about the backlog it left).
    var largestCatchUpBytes = 0

    mutating func merge(_ o: SoakSessionStats) {
        sessions += o.sessions; open += o.open; events += o.events; welcomes += o.welcomes
        reconnects += o.reconnects; resumes += o.resumes; replayed += o.replayed
        resumeCountMismatches += o.resumeCountMismatches; resyncs += o.resyncs
        errorsReceived += o.errorsReceived; badFramesSent += o.badFramesSent; oversizedSent += o.oversizedSent
        closeCodes.merge(o.closeCodes, uniquingKeysWith: +)
        drops += o.drops; leaves += o.leaves; connectFailures += o.connectFailures
        orderViolations += o.orderViolations
        eventsWithoutSoakSeq += o.eventsWithoutSoakSeq; otherFrames += o.otherFrames; pongs += o.pongs; pauses += o.pauses
        largestCatchUpBytes = max(largestCatchUpBytes, o.largestCatchUpBytes)
    }
}

/// The per-kind totals of all sessions at one moment.
struct SoakSnapshot: Codable, Sendable {
    var byKind: [String: SoakSessionStats] = [:]
    var sentinelSeen = 0
    var everConnected = 0
    /// Events whose bridge id differed between two sessions (one event, two ids).
    var idMismatches = 0

    var total: SoakSessionStats {
        var t = SoakSessionStats()
        for s in byKind.values { t.merge(s) }
        return t
    }

    mutating func merge(_ o: SoakSnapshot) {
        for (k, v) in o.byKind { byKind[k, default: SoakSessionStats()].merge(v) }
        sentinelSeen += o.sentinelSeen
        everConnected += o.everConnected
        idMismatches += o.idMismatches
    }
}
