/// Where the log reader hands what it reads.
protocol LogSink: Sendable {
    /// The newest entries already in the log when reading began (oldest first), and the entry
    /// before them (``StreamID/zero`` when they are the whole log).
    func preload(_ entries: [LogEntry], after floor: StreamID)
    /// New entries, in stream order.
    func deliver(_ entries: [LogEntry])
    /// Entries after the last one read may have been trimmed away before this node read them.
    func lostContinuity()
    /// The reader's connection is up (true) or down, with the reason.
    func readerConnected(_ connected: Bool, reason: String?)
}
