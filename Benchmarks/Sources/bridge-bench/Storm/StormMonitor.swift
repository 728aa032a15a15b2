import BenchCore

/// Samples each node's CPU time and RSS from /proc and keeps, per phase, every node's peak CPU
/// (% of one core over the last second) and peak RSS. Used from the coordinator's sampling task only.
final class StormMonitor {
    let pids: [Int32]
    /// The phase new samples count towards ("before", "storm", "after").
    var phase = "before"
    private(set) var peaks: [String: [StormNodePeak]] = [:]
    private var history: [[(UInt64, ProcSample)]]

    init(pids: [Int32]) {
        self.pids = pids
        history = pids.map { _ in [] }
    }

    /// Current CPU % of one core over about the last second, per node (nil: gone or not known yet).
    private(set) var lastCPU: [Double?] = []
    private(set) var lastRSS: [Int?] = []

    func sample() {
        let now = monotonicNanos()
        var row = peaks[phase] ?? pids.map { _ in StormNodePeak() }
        lastCPU = []
        lastRSS = []
        for (i, pid) in pids.enumerated() {
            guard let s = ProcSample.read(pid: pid) else { lastCPU.append(nil); lastRSS.append(nil); continue }
            history[i].append((now, s))
            // Keep about 1 s of samples: the CPU figure is over the oldest one still within 1.2 s.
            while let first = history[i].first, now - first.0 > 1_200_000_000 { history[i].removeFirst() }
            var cpu: Double?
            if let first = history[i].first, now - first.0 >= 500_000_000 {
                cpu = (s.cpuSeconds - first.1.cpuSeconds) / (Double(now - first.0) / 1e9) * 100
            }
            lastCPU.append(cpu)
            lastRSS.append(s.rssBytes)
            row[i].rssBytes = max(row[i].rssBytes, s.rssBytes)
            if let cpu { row[i].cpuPercent = max(row[i].cpuPercent, cpu) }
            row[i].samples += 1
        }
        peaks[phase] = row
    }
}

/// One node's peaks over a phase.
struct StormNodePeak: Codable, Sendable {
    var cpuPercent = 0.0
    var rssBytes = 0
    var samples = 0
}
