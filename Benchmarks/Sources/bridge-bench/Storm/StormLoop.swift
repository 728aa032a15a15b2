import BenchCore
import NIOCore

/// The sessions of one event loop of a storm worker and what they share; touched only on that loop.
final class StormLoop: SessionLoop {
    var sessions: [StormSession] = []
    let targets: [SocketAddress]
    /// `host:port` of each target, for the upgrade's Host and Origin headers.
    let hosts: [String]
    let path: String
    /// The newest event number the coordinator reported published (-1: none yet).
    var publishedSeq = -1

    init(targets: [SocketAddress], hosts: [String], path: String) {
        self.targets = targets
        self.hosts = hosts
        self.path = path
    }

    /// Counts over this loop's sessions; reconnect figures only for sessions dropped at or after `since`.
    func status(since: UInt64?) -> StormWorkerStatus {
        var out = StormWorkerStatus()
        for s in sessions {
            out.sessions += 1
            if s.isOpen { out.open += 1 }
            out.events += s.eventsReceived
            out.resyncs += s.resyncs
            out.connectFailures += s.connectFailures
            out.minPrefix = min(out.minPrefix, s.prefix)
            guard let since, let dropped = s.firstDropAt, dropped >= since else { continue }
            out.dropped += 1
            if let w = s.reconnectedAt {
                out.reconnected += 1
                out.lastReconnectNs = max(out.lastReconnectNs, w)
            }
            if let c = s.caughtUpAt {
                out.caughtUp += 1
                out.lastCaughtUpNs = max(out.lastCaughtUpNs, c)
            }
        }
        if out.sessions == 0 { out.minPrefix = 0 }
        return out
    }
}
