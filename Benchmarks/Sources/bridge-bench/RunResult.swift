import BenchCore

/// Everything one `run` measured; written as JSON and summarised in the table.
struct RunResult: Codable {
    var label: String
    var peer: String
    var url: [String]
    var sessionsRequested: Int
    var sessionsConnected = 0
    var sessionsFailed = 0
    var failures: [String: Int] = [:]
    var workers: Int
    var connectSeconds = 0.0
    var connectRatePerSecond = 0.0
    var payloadBytes: Int
    var audience: String
    var serverPids: [Int32]
    var serverBefore: ProcSample?
    var serverConnected: ProcSample?
    var serverAfterClose: ProcSample?
    /// (RSS with sessions − RSS before) / sessions.
    var rssPerSessionBytes: Double?
    /// RSS after the sessions closed − RSS before they opened.
    var rssRetainedAfterCloseBytes: Int?
    var phases: [PhaseResult] = []
    var slowCloseCodes: [String: Int] = [:]
    var problems: [String] = []
}

struct PhaseResult: Codable {
    var scenario: String
    var messages: Int
    var expectedFrames: Int
    var deliveredFrames: Int
    var lostFrames: Int
    var outOfRangeFrames: Int
    var framesPerSecond: Double
    var latencyMs: Latency
    /// one-to-all: per message, ms from publish until the last recipient read it (nil: not all got it).
    var timeToAllMs: [Double?]
    var timeToAllMedianMs: Double?
    /// burst: ms from the first publish until the last frame was read.
    var drainMs: Double?
    var serverCPUSeconds: Double?
    /// Server CPU time / wall time of the phase (1.0 = one core busy).
    var serverCPUShare: Double?
    var serverPeakRSSBytes: Int?
    var publishAcked: Int
    var publishErrors: [String]
    var redisReceivers: Int
    var closeCodes: [String: Int]
    var droppedWithoutClose: Int
    var wallSeconds: Double
    /// rate: the messages per second asked for (offered frames/s = expectedFrames / messages × this).
    var ratePerSecond: Double? = nil
}

struct Latency: Codable {
    var count: UInt64
    var p50: Double
    var p99: Double
    var p999: Double
    var max: Double
    var mean: Double
}
