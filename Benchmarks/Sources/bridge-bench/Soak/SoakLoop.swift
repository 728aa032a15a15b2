/// The sessions of one event loop and what they share; touched only on that loop.
final class SoakLoop: SessionLoop {
    var sessions: [SoakSession] = []
    /// Set at the end of the run: behaviours stop, slow readers read.
    var quiescing = false
    /// The closing event's number; a session that got it got everything published before it.
    var sentinelSeq = UInt32.max
    /// The id of each event number as first seen here (its milliseconds and sequence packed into
    /// one number), to catch one event under two ids.
    private(set) var idOf: [UInt64] = []
    private(set) var idMismatches = 0

    func note(soakSeq: UInt32, bridgeId: UInt64) {
        let i = Int(soakSeq)
        if i >= idOf.count {
            idOf.append(contentsOf: repeatElement(0, count: max(65_536, i + 1 - idOf.count)))
        }
        if idOf[i] == 0 {
            idOf[i] = bridgeId
        } else if idOf[i] != bridgeId {
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
