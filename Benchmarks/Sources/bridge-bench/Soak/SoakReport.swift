import Foundation

/// The soak's output: a progress line per minute, and the final report as text and Markdown.
enum SoakReport {
    static func mib(_ b: Int?) -> String { b.map { String(format: "%.1f", Double($0) / 1_048_576) } ?? "–" }
    static func n(_ v: Int) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.groupingSeparator = ","
        return f.string(from: NSNumber(value: v)) ?? String(v)
    }

    static func progress(_ m: SoakMinute, of minutes: Int) -> String {
        let cpu = m.bridgeCPUSeconds.map { String(format: "%.0f %%", $0 / 60 * 100) } ?? "–"
        return "minute \(m.minute)/\(minutes): bridge RSS \(mib(m.bridgeRSSBytes)) MiB, CPU \(cpu) of a core; events \(n(m.eventsPublished)), "
            + "frames \(n(m.framesReceived)), sessions open \(n(m.sessionsOpen)), reconnects \(n(m.reconnects)), resumes \(n(m.resumes)), "
            + "resyncs \(m.resyncs); generator RSS \(mib(m.generatorRSSBytes)) MiB"
    }

    static func text(_ r: SoakResult) -> String {
        var out = "\n== soak: \(r.label), \(n(r.sessionsConnected))/\(n(r.sessionsRequested)) sessions, \(r.minutes) min at \(Int(r.rate)) events/s\n"
        out += table(r).map { "  " + $0 }.joined(separator: "\n") + "\n"
        for line in summary(r) { out += line + "\n" }
        for f in r.failures { out += "FAIL: \(f)\n" }
        for f in r.findings { out += "FINDING: \(f)\n" }
        for e in r.verification.examples.prefix(20) { out += "  \(e)\n" }
        out += r.failures.isEmpty ? "PASS\n" : "FAILED (\(r.failures.count) reason(s))\n"
        return out
    }

    /// The per-minute table as Markdown rows.
    static func table(_ r: SoakResult) -> [String] {
        var rows = ["| minute | bridge RSS MiB | bridge CPU % of a core | events published | frames received | sessions open | reconnects | resumes | resyncs |",
                    "|---|---|---|---|---|---|---|---|---|"]
        for m in r.table {
            let cpu = m.bridgeCPUSeconds.map { String(format: "%.0f", $0 / 60 * 100) } ?? "–"
            rows.append("| \(m.minute) | \(mib(m.bridgeRSSBytes)) | \(cpu) | \(n(m.eventsPublished)) | \(n(m.framesReceived)) | \(n(m.sessionsOpen)) | \(n(m.reconnects)) | \(n(m.resumes)) | \(m.resyncs) |")
        }
        return rows
    }

    static func summary(_ r: SoakResult) -> [String] {
        let v = r.verification, t = r.sessions.total
        var lines: [String] = []
        let growth = r.rssGrowthPercent.map { String(format: "%+.1f %%", $0) } ?? "not measured"
        lines.append("- memory: RSS from minute \(r.rssBaselineMinute) to the end \(growth); peak \(mib(r.rssPeakBytes)) MiB; after the drain \(mib(r.rssAfterDrainBytes)) MiB")
        lines.append(String(format: "- sessions: %@ connected in %.1f s; by kind %@", n(r.sessionsConnected), r.connectSeconds,
                            r.sessions.byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.sessions)" }.joined(separator: ", ")))
        lines.append("- events published: \(n(r.eventsPublished)) (\(n(r.eventsConfirmed)) accepted); by path \(SoakJudge.sorted(r.eventsByPath))")
        lines.append("- frames delivered (event frames read by the sessions, replays included): \(n(t.events)); expected deliveries \(n(v.expectedDeliveries)), matched \(n(v.matched))")
        lines.append("- lost: \(n(v.lost)) in \(v.sessionsWithLoss) sessions; wrong deliveries: \(n(v.wrong)) in \(v.sessionsWithWrong) sessions; duplicates: \(v.duplicates)")
        lines.append("- reconnects: \(n(t.reconnects)) (\(n(t.leaves)) voluntary drops, \(n(t.oversizedSent)) after an oversized frame); resumes \(n(t.resumes)), events replayed \(n(t.replayed)), resyncs \(t.resyncs)")
        lines.append("- bad frames: \(n(t.badFramesSent)) sent, \(n(t.errorsReceived)) bridge:error answers; oversized \(t.oversizedSent), close codes \(SoakJudge.sorted(t.closeCodes))")
        let slow = r.sessions.byKind[SoakKind.slow.rawValue] ?? SoakSessionStats()
        lines.append("- slow readers: \(n(slow.pauses)) pauses of 10–\(Int(r.maxPauseSeconds)) s; largest catch-up after one \(n(slow.largestCatchUpBytes / 1024)) KiB; "
            + "drain to the sentinel took \(String(format: "%.1f", r.drainSeconds)) s")
        return lines
    }

    static func markdown(_ r: SoakResult) -> String {
        var md = "### Soak: \(r.label), \(n(r.sessionsConnected)) sessions, \(r.minutes) minutes at \(Int(r.rate)) events/s\n\n"
        md += "Run \(r.date). Result: **\(r.failures.isEmpty ? "pass" : "fail")**.\n\n"
        md += table(r).joined(separator: "\n") + "\n\n"
        md += summary(r).joined(separator: "\n") + "\n"
        if !r.failures.isEmpty { md += "\nFailures:\n\n" + r.failures.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        if !r.findings.isEmpty { md += "\nFindings:\n\n" + r.findings.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        md += "\nEvents by kind:\n\n| event | published | expected deliveries | lost |\n|---|---|---|---|\n"
        for (label, count) in r.eventsByLabel.sorted(by: { $0.key < $1.key }) {
            md += "| \(label) | \(n(count)) | \(n(r.verification.expectedByEvent[label] ?? 0)) | \(r.verification.lostByEvent[label] ?? 0) |\n"
        }
        if !r.verification.wrongByEvent.isEmpty {
            md += "\nWrong deliveries: " + SoakJudge.sorted(r.verification.wrongByEvent) + "\n"
        }
        md += "\nBy session kind:\n\n| kind | sessions | frames | reconnects | resumes | replayed | resyncs | close codes | drops |\n|---|---|---|---|---|---|---|---|---|\n"
        for (k, s) in r.sessions.byKind.sorted(by: { $0.key < $1.key }) {
            md += "| \(k) | \(n(s.sessions)) | \(n(s.events)) | \(n(s.reconnects)) | \(n(s.resumes)) | \(n(s.replayed)) | \(s.resyncs) | \(SoakJudge.sorted(s.closeCodes)) | \(s.drops) |\n"
        }
        return md
    }
}
