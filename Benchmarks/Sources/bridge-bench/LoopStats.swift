import Histogram

/// What the sessions of one event loop observed. Touched only on that loop (held in `NIOLoopBound`),
/// so recording a frame takes no lock.
final class LoopStats {
    /// End-to-end latency in microseconds, publish → read.
    var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    /// Per message (`bench_seq`): frames received, first and last receive time (CLOCK_MONOTONIC ns).
    var seqCount: [UInt32]
    var seqFirst: [UInt64]
    var seqLast: [UInt64]
    var frames = 0
    /// Frames with a bench stamp outside the planned sequence range (duplicates of nothing, corrupt).
    var outOfRange = 0
    /// Text frames without a bench stamp after the welcome (bridge-level frames such as pongs).
    var otherFrames = 0
    var slowFrames = 0
    var minRecv = UInt64.max
    var maxRecv: UInt64 = 0
    /// Close codes received from the server, and connections lost without one, after the session was ready.
    var closeCodes: [UInt16: Int] = [:]
    var slowCloseCodes: [UInt16: Int] = [:]
    var droppedWithoutClose = 0
    /// Set when the swarm closes its sessions on purpose (those closes are not drops).
    var closing = false

    init(capacity: Int) {
        seqCount = Array(repeating: 0, count: capacity)
        seqFirst = Array(repeating: .max, count: capacity)
        seqLast = Array(repeating: 0, count: capacity)
    }

    @inline(__always)
    func record(seq: UInt64, sentNs: UInt64, now: UInt64) {
        frames &+= 1
        _ = histogram.record(now > sentNs ? (now - sentNs) / 1000 : 0)
        if now < minRecv { minRecv = now }
        if now > maxRecv { maxRecv = now }
        guard seq < UInt64(seqCount.count) else { outOfRange &+= 1; return }
        let i = Int(seq)
        seqCount[i] &+= 1
        if now < seqFirst[i] { seqFirst[i] = now }
        if now > seqLast[i] { seqLast[i] = now }
    }

    func resetWindow() {
        histogram.reset()
        frames = 0
        outOfRange = 0
        otherFrames = 0
        minRecv = .max
        maxRecv = 0
    }
}
