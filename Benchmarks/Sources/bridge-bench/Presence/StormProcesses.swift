import BenchCore

/// The server processes sampled from /proc during a storm: CPU seconds from start to end, and
/// the peak RSS of each, sampled at every progress tick.
struct StormProcesses {
    let pids: [Int32]
    private(set) var first: [Int32: ProcSample] = [:]
    private(set) var peakRSS: [Int32: Int] = [:]

    init(pids: [Int32]) {
        self.pids = pids
        for pid in pids { first[pid] = ProcSample.read(pid: pid) }
        sample()
    }

    mutating func sample() {
        for pid in pids {
            if let s = ProcSample.read(pid: pid) { peakRSS[pid] = max(peakRSS[pid] ?? 0, s.rssBytes) }
        }
    }

    /// CPU seconds `pid` used since the storm started; nil when it is gone.
    func cpuSince(_ pid: Int32) -> Double? {
        guard let start = first[pid], let now = ProcSample.read(pid: pid) else { return nil }
        return now.cpuSeconds - start.cpuSeconds
    }
}
