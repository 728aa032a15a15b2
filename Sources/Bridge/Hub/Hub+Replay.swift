extension Hub {
    /// The newest `seq`, and the kept messages after a client's `last_id` (nil: the client must
    /// resync; empty when `lastId` is nil).
    func replay(after lastId: String?) -> (head: UInt64, messages: [StoredMessage]?) {
        let point = resumePoint(for: lastId)
        guard let position = point.position else { return (point.head, []) }
        guard case .after(let seq) = position else { return (point.head, nil) }
        return (point.head, messages(after: seq, through: point.head))
    }
}
