import Foundation

/// Turns a soak's figures into failures (exit 1) and findings (reported, not fatal).
enum SoakJudge {
    static func judge(_ r: inout SoakResult, baselineMinute: Int?, tolerance: Double) {
        judgeMemory(&r, baselineMinute: baselineMinute, tolerance: tolerance)
        let v = r.verification
        if v.lost > 0 {
            r.failures.append("\(v.lost) of \(v.expectedDeliveries) expected deliveries lost, in \(v.sessionsWithLoss) sessions; "
                + "by session kind \(sorted(v.lostBySessionKind)); by event \(sorted(v.lostByEvent)); by path \(sorted(v.lostByPath))")
        }
        if v.wrong > 0 {
            r.failures.append("\(v.wrong) deliveries a session must not see, in \(v.sessionsWithWrong) sessions: \(sorted(v.wrongByEvent))")
        }
        if !r.publishFailures.isEmpty {
            r.failures.append("\(r.eventsPublished - r.eventsConfirmed) events not accepted by the bridge: \(sorted(r.publishFailures))")
        }
        if r.sentinelReached < r.sessions.everConnected {
            r.failures.append("only \(r.sentinelReached) of \(r.sessions.everConnected) sessions received the closing sentinel within the drain")
        }
        let t = r.sessions.total
        if t.resyncs > 0 { r.findings.append("\(t.resyncs) bridge:resync answers to a resume (\(perKind(r) { $0.resyncs }))") }
        if v.duplicates > 0 { r.findings.append("\(v.duplicates) events received twice by the same session") }
        if t.orderViolations > 0 { r.findings.append("\(t.orderViolations) events arrived with an id not above the previous one (\(perKind(r) { $0.orderViolations }))") }
        if r.idMismatches > 0 { r.findings.append("\(r.idMismatches) events reached sessions under different ids") }
        if t.resumeCountMismatches > 0 { r.findings.append("\(t.resumeCountMismatches) bridge:resumed frames whose missed differed from the events replayed") }
        if t.otherFrames > 0 { r.findings.append("\(t.otherFrames) frames the soak could not read as an event or a bridge frame") }
        if t.eventsWithoutSoakSeq > 0 { r.findings.append("\(t.eventsWithoutSoakSeq) event frames without data.soak_seq") }
        if t.drops > 0 { r.findings.append("\(t.drops) connections lost without a close frame (\(perKind(r) { $0.drops }))") }
        if t.errorsReceived != t.badFramesSent {
            r.findings.append("\(t.badFramesSent) bad frames sent, \(t.errorsReceived) bridge:error answers")
        }
        var codes = t.closeCodes
        let tooLarge = codes.removeValue(forKey: "1009") ?? 0
        if tooLarge != t.oversizedSent { r.findings.append("\(t.oversizedSent) oversized frames sent, \(tooLarge) closes with 1009") }
        if !codes.isEmpty { r.findings.append("unexpected close codes from the bridge: \(sorted(codes)) (\(perKind(r) { $0.closeCodes.filter { $0.key != "1009" }.values.reduce(0, +) }))") }
        if r.sessions.total.connectFailures > 0 { r.findings.append("\(t.connectFailures) failed connection attempts") }
    }

    private static func judgeMemory(_ r: inout SoakResult, baselineMinute: Int?, tolerance: Double) {
        let last = r.table.last?.minute ?? 0
        let base = baselineMinute ?? (last >= 10 ? 5 : max(1, last / 2))
        r.rssBaselineMinute = base
        guard let b = r.table.first(where: { $0.minute == base })?.bridgeRSSBytes, let e = r.table.last?.bridgeRSSBytes, b > 0 else {
            r.findings.append("memory not checked: no RSS samples (pass --server-pid)")
            return
        }
        let growth = Double(e - b) / Double(b) * 100
        r.rssGrowthPercent = growth
        if growth > tolerance {
            r.failures.append(String(format: "bridge RSS grew %.1f %% from minute %d to minute %d (%.1f → %.1f MiB), more than %.0f %%",
                                     growth, base, last, Double(b) / 1_048_576, Double(e) / 1_048_576, tolerance))
        }
    }

    static func sorted(_ d: [String: Int]) -> String {
        d.sorted { $0.value > $1.value }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }

    private static func perKind(_ r: SoakResult, _ value: (SoakSessionStats) -> Int) -> String {
        r.sessions.byKind.sorted { $0.key < $1.key }.compactMap { k, s in value(s) > 0 ? "\(k) \(value(s))" : nil }.joined(separator: ", ")
    }
}
