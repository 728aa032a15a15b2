import BenchCore
import Foundation

/// The human-readable table printed after a run.
enum Report {
    static func printTable(_ r: RunResult) {
        var out = "\n== \(r.label): \(r.sessionsConnected)/\(r.sessionsRequested) sessions (\(r.workers) process(es)), "
        out += String(format: "connect %.1f s (%.0f/s)", r.connectSeconds, r.connectRatePerSecond)
        if let per = r.rssPerSessionBytes { out += String(format: ", server RSS %.1f KiB/session", per / 1024) }
        if let b = r.serverBefore, let c = r.serverConnected {
            out += String(format: ", RSS %.0f → %.0f MiB", mib(b.rssBytes), mib(c.rssBytes))
        }
        if let a = r.serverAfterClose { out += String(format: " → %.0f MiB after close", mib(a.rssBytes)) }
        out += "\n"
        let header = ["scenario", "msgs", "frames", "lost", "frames/s", "p50 ms", "p99 ms", "p999 ms", "max ms", "to-all ms", "srv CPU s", "CPU µs/frame", "srv peak MiB"]
        var rows = [header]
        for p in r.phases {
            rows.append([
                p.scenario, "\(p.messages)", "\(p.deliveredFrames)", "\(p.lostFrames)",
                String(format: "%.0f", p.framesPerSecond),
                f(p.latencyMs.p50), f(p.latencyMs.p99), f(p.latencyMs.p999), f(p.latencyMs.max),
                p.timeToAllMedianMs.map(f) ?? p.drainMs.map { "drain " + f($0) } ?? "-",
                p.serverCPUSeconds.map { String(format: "%.2f", $0) } ?? "-",
                p.serverCPUSeconds.flatMap { p.deliveredFrames > 0 ? String(format: "%.3f", $0 / Double(p.deliveredFrames) * 1e6) : nil } ?? "-",
                p.serverPeakRSSBytes.map { String(format: "%.0f", mib($0)) } ?? "-",
            ])
        }
        let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        for row in rows {
            out += row.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "\n"
        }
        if !r.slowCloseCodes.isEmpty { out += "slow consumers' close codes: \(r.slowCloseCodes)\n" }
        for p in r.problems { out += "PROBLEM: \(p)\n" }
        print(out, terminator: "")
    }

    private static func f(_ v: Double) -> String { String(format: v < 10 ? "%.2f" : "%.1f", v) }
    private static func mib(_ b: Int) -> Double { Double(b) / 1_048_576 }
}
