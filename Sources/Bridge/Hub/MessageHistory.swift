import NIOCore

/// The last accepted messages, for resume and polling: at most `capacity` of them and
/// `byteCapacity` bytes of their frames (the oldest go first). Not thread-safe: the ``Hub``
/// guards it.
struct MessageHistory {
    /// What a client's last seen id means against the history.
    enum Position: Equatable {
        /// Everything after `seq` is still kept.
        case after(UInt64)
        /// Unknown, evicted, from another epoch or in the future: reload state.
        case resync
    }

    let epoch: String
    let capacity: Int
    let byteCapacity: Int
    private var ring: [StoredMessage?]
    private var start = 0
    private(set) var count = 0
    private(set) var bytes = 0
    private(set) var lastSeq: UInt64 = 0
    /// Ids up to this `seq` may have missed events (Redis was unreachable): resuming from them resyncs.
    private(set) var gapThrough: UInt64?

    init(epoch: String, capacity: Int, byteCapacity: Int = .max) {
        self.epoch = epoch
        self.capacity = max(1, capacity)
        self.byteCapacity = byteCapacity
        self.ring = Array(repeating: nil, count: max(1, capacity))
    }

    var firstSeq: UInt64 { lastSeq - UInt64(count) + 1 }
    var first: StoredMessage? { count == 0 ? nil : ring[start] }
    var last: StoredMessage? { count == 0 ? nil : ring[(start + count - 1) % capacity] }

    mutating func nextID() -> (seq: UInt64, id: String) {
        lastSeq += 1
        return (lastSeq, "\(epoch)-\(lastSeq)")
    }

    /// Notes that events may have been lost after the newest message (an ingest outage).
    mutating func markGap() {
        gapThrough = lastSeq
    }

    mutating func append(_ message: StoredMessage) {
        while count > 0 && (count == capacity || bytes + message.frame.readableBytes > byteCapacity) {
            removeFirst()
        }
        ring[(start + count) % capacity] = message
        count += 1
        bytes += message.frame.readableBytes
    }

    private mutating func removeFirst() {
        bytes -= ring[start]?.frame.readableBytes ?? 0
        ring[start] = nil
        start = (start + 1) % capacity
        count -= 1
    }

    func position(of id: String) -> Position {
        guard let dash = id.lastIndex(of: "-"), id[..<dash] == epoch,
              let seq = UInt64(id[id.index(after: dash)...]) else { return .resync }
        guard seq <= lastSeq, seq + 1 >= firstSeq else { return .resync }
        if let gapThrough, seq <= gapThrough { return .resync }
        return .after(seq)
    }

    /// Kept messages with `seq` in `(after, through]`, oldest first.
    func messages(after: UInt64, through: UInt64 = .max) -> [StoredMessage] {
        guard count > 0, after < lastSeq else { return [] }
        let from = max(after + 1, firstSeq)
        let to = min(through, lastSeq)
        guard from <= to else { return [] }
        return (from...to).compactMap { seq in ring[(start + Int(seq - firstSeq)) % capacity] }
    }
}
