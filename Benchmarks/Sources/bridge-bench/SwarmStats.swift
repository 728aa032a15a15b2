import Histogram

/// What a swarm (one generator process) reports for one measurement window. Codable: workers
/// send it to the parent as one JSON line, and the parent merges them.
struct SwarmStats: Codable, Sendable {
    var connected = 0
    var failed = 0
    var failures: [String: Int] = [:]
    var connectSeconds = 0.0
    /// Sessions that must receive every message of the window (ready, reading, relevant).
    var expectedPerMessage = 0
    var frames = 0
    var outOfRange = 0
    var otherFrames = 0
    var slowFrames = 0
    var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    var seqCount: [Int] = []
    var seqFirst: [UInt64] = []
    var seqLast: [UInt64] = []
    var minRecv = UInt64.max
    var maxRecv: UInt64 = 0
    var closeCodes: [String: Int] = [:]
    var slowCloseCodes: [String: Int] = [:]
    var droppedWithoutClose = 0

    mutating func merge(_ o: SwarmStats) {
        connected += o.connected
        failed += o.failed
        failures.merge(o.failures, uniquingKeysWith: +)
        connectSeconds = max(connectSeconds, o.connectSeconds)
        expectedPerMessage += o.expectedPerMessage
        frames += o.frames
        outOfRange += o.outOfRange
        otherFrames += o.otherFrames
        slowFrames += o.slowFrames
        histogram.add(o.histogram)
        if seqCount.isEmpty {
            seqCount = o.seqCount; seqFirst = o.seqFirst; seqLast = o.seqLast
        } else {
            for i in 0..<min(seqCount.count, o.seqCount.count) {
                seqCount[i] += o.seqCount[i]
                seqFirst[i] = min(seqFirst[i], o.seqFirst[i])
                seqLast[i] = max(seqLast[i], o.seqLast[i])
            }
        }
        minRecv = min(minRecv, o.minRecv)
        maxRecv = max(maxRecv, o.maxRecv)
        closeCodes.merge(o.closeCodes, uniquingKeysWith: +)
        slowCloseCodes.merge(o.slowCloseCodes, uniquingKeysWith: +)
        droppedWithoutClose += o.droppedWithoutClose
    }
}
