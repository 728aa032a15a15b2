import BenchCore

/// Reads the bridge's RSS (VmRSS of /proc/<pid>/status) and CPU time, and keeps the peak RSS.
/// Used from the soak's driving task only.
final class SoakMonitor {
    let pid: Int32?
    private(set) var peakRSS: Int?

    init(pid: Int32?) { self.pid = pid }

    func sample() -> ProcSample? {
        guard let pid, let s = ProcSample.read(pid: pid) else { return nil }
        peakRSS = max(peakRSS ?? 0, s.rssBytes)
        return s
    }

    func notePeak() { _ = sample() }
}
