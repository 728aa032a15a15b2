import Foundation

/// The storm's progress lines and its closing table.
enum StormReport {
    static func mib(_ bytes: Int) -> String { String(format: "%.0f MiB", Double(bytes) / 1_048_576) }

    static func text(_ r: StormResult) -> String {
        var out: [String] = []
        func row(_ k: String, _ v: String) { out.append("| \(k) | \(v) |") }
        out.append("## Reconnect storm: \(r.label)")
        out.append("")
        out.append("| | |")
        out.append("|---|---|")
        row("sessions", "\(r.sessionsConnected) of \(r.sessionsRequested) welcomed over \(r.nodes) nodes in \(String(format: "%.1f", r.connectSeconds)) s")
        row("events", "\(r.eventsPublished) published (\(r.eventsConfirmed) confirmed) at \(fmt(r.rate))/s for everyone, by Redis PUBLISH")
        row("killed", "node \(r.killedNode) (SIGKILL) after \(fmt(r.settleSeconds)) s of steady traffic")
        row("sessions dropped by the kill", "\(r.sessionsDropped); welcomed again \(r.sessionsReconnected), caught up \(r.sessionsCaughtUp)")
        row("**every session back** (kill → last welcome on a survivor)", r.allBackSeconds.map { String(format: "**%.2f s**", $0) } ?? "never")
        row("**every session caught up** (kill → last holding every event published up to its welcome)", r.allCaughtUpSeconds.map { String(format: "**%.2f s**", $0) } ?? "never")
        row("back, per session: p50 / p90 / p99 / max", percentiles(r.reconnectMs))
        row("caught up, per session: p50 / p90 / p99 / max", percentiles(r.caughtUpMs))
        row("failed attempts before the welcome", "\(r.failedAttempts) in all, at most \(r.mostFailedAttempts) for one session")
        row("replayed after bridge:resume", "\(r.replayedEvents) events, at most \(r.mostReplayed) for one session")
        row("landed on", r.landedOn.sorted { $0.key < $1.key }.map { "node \($0.key): \($0.value)" }.joined(separator: ", "))
        let v = r.verification
        row("**events lost**", "**\(v.eventsLost)** (\(v.sessionsWithLoss) sessions with a gap, \(v.eventsExpectedPerSession) events expected by each of \(v.sessions))")
        row("duplicates / order violations / unexpected", "\(v.duplicates) / \(v.orderViolations) / \(v.unexpected)")
        row("bridge:resync / resumed count mismatches / not open at the end", "\(v.resyncs) / \(v.resumeCountMismatches) / \(v.sessionsNotOpen)")
        for phase in ["before", "storm", "after"] {
            guard let peaks = r.peaks[phase] else { continue }
            let nodes = peaks.enumerated().filter { phase == "before" || $0.offset != r.killedNode }
            row("peak CPU / RSS \(phase == "storm" ? "**during the storm**" : phase)", nodes.map { i, p in
                "node \(i): \(String(format: "%.0f", p.cpuPercent)) % / \(mib(p.rssBytes))"
            }.joined(separator: "; "))
        }
        row("drain after the last event", String(format: "%.1f s", r.drainSeconds))
        if !v.examples.isEmpty { out.append(""); out.append("Sessions with losses: " + v.examples.joined(separator: "; ")) }
        out.append("")
        out.append(r.failures.isEmpty ? "Verdict: **nothing lost**; every session came back and caught up." : "Verdict: **FAILED**: " + r.failures.joined(separator: "; "))
        return out.joined(separator: "\n")
    }

    static func percentiles(_ p: StormPercentiles) -> String {
        p.count == 0 ? "–" : String(format: "%.0f / %.0f / %.0f / %.0f ms (%d sessions)", p.p50, p.p90, p.p99, p.max, p.count)
    }

    static func fmt(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x) }
}
