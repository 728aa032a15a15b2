#if canImport(Glibc)
import Glibc
#endif

/// CPU seconds (user+system) and resident memory of a process, from /proc/<pid>.
public struct ProcSample: Codable, Sendable {
    public var cpuSeconds: Double
    public var rssBytes: Int
    public init(cpuSeconds: Double, rssBytes: Int) { self.cpuSeconds = cpuSeconds; self.rssBytes = rssBytes }

    public static func + (a: ProcSample, b: ProcSample) -> ProcSample {
        ProcSample(cpuSeconds: a.cpuSeconds + b.cpuSeconds, rssBytes: a.rssBytes + b.rssBytes)
    }

    /// nil when the process is gone or /proc is unreadable.
    public static func read(pid: Int32) -> ProcSample? {
        guard let stat = readFile("/proc/\(pid)/stat"), let status = readFile("/proc/\(pid)/status") else { return nil }
        // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let ut = Double(fields[11]), let st = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var rss = 0
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            rss = (Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0) * 1024
        }
        return ProcSample(cpuSeconds: (ut + st) / ticks, rssBytes: rss)
    }

    /// Sum over several processes (several bridge nodes, nginx workers); nil if any is gone.
    public static func read(pids: [Int32]) -> ProcSample? {
        var total = ProcSample(cpuSeconds: 0, rssBytes: 0)
        for pid in pids {
            guard let s = read(pid: pid) else { return nil }
            total = total + s
        }
        return total
    }
}

func readFile(_ path: String) -> String? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&chunk, 1, chunk.count, f)
        if n <= 0 { break }
        out += chunk[0..<n]
    }
    return String(decoding: out, as: UTF8.self)
}
