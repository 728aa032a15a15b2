/// One row of the per-minute table.
struct SoakMinute: Codable, Sendable {
    var minute: Int
    var bridgeRSSBytes: Int?
    /// CPU seconds the bridge used during this minute.
    var bridgeCPUSeconds: Double?
    var generatorRSSBytes: Int?
    var eventsPublished: Int
    var framesReceived: Int
    var sessionsOpen: Int
    var reconnects: Int
    var resumes: Int
    var resyncs: Int
}

/// Everything a soak run measured and concluded.
struct SoakResult: Codable, Sendable {
    var label: String
    var date: String
    var minutes: Double
    var sessionsRequested: Int
    var sessionsConnected: Int
    var connectFailures: [String: Int]
    var connectSeconds: Double
    var rate: Double
    var maxPauseSeconds = 0.0
    var table: [SoakMinute] = []
    var rssAfterDrainBytes: Int?
    var rssBaselineMinute: Int = 0
    var rssGrowthPercent: Double?
    var rssPeakBytes: Int?
    var eventsPublished = 0
    var eventsConfirmed = 0
    var publishFailures: [String: Int] = [:]
    var eventsByLabel: [String: Int] = [:]
    var eventsByPath: [String: Int] = [:]
    var sentinelReached = 0
    var drainSeconds = 0.0
    var sessions = SoakSnapshot()
    var idMismatches = 0
    var verification = SoakVerifier.Outcome()
    var failures: [String] = []
    var findings: [String] = []
}
