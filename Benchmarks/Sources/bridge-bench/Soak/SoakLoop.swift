/// The sessions of one event loop and what they share; touched only on that loop.
final class SoakLoop: SessionLoop {
    var sessions: [SoakSession] = []
    /// Set at the end of the run: behaviours stop, slow readers read.
    var quiescing = false
    /// The closing event's number; a session that got it got everything published before it.
    var sentinelSeq = UInt32.max
    /// The bridge's `seq` of each event number as first seen here, to catch one event under two ids.
    private(set) var bridgeSeqOf: [UInt64] = []
    private(set) var idMismatches = 0

    func note(soakSeq: UInt32, bridgeSeq: UInt64) {
        let i = Int(soakSeq)
        if i >= bridgeSeqOf.count {
            bridgeSeqOf.append(contentsOf: repeatElement(0, count: max(65_536, i + 1 - bridgeSeqOf.count)))
        }
        if bridgeSeqOf[i] == 0 {
            bridgeSeqOf[i] = bridgeSeq
        } else if bridgeSeqOf[i] != bridgeSeq {
            idMismatches += 1
        }
    }

    func snapshot() -> SoakSnapshot {
        var out = SoakSnapshot()
        out.idMismatches = idMismatches
        for s in sessions {
            var stats = s.stats
            stats.open = s.isOpen ? 1 : 0
            out.byKind[s.kind.rawValue, default: SoakSessionStats()].merge(stats)
            if s.sentinelSeen { out.sentinelSeen += 1 }
            if s.everConnected { out.everConnected += 1 }
        }
        return out
    }
}
