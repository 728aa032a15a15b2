import NIOCore

/// This node's copy of the newest part of the shared log, for resume and polling: at most
/// `capacity` messages and `byteCapacity` bytes of their frames (the oldest go first). Messages
/// arrive in stream order and are numbered locally (`seq`) for fast slicing; clients only ever
/// see stream ids. Not thread-safe: the ``Hub`` guards it.
struct MessageHistory {
    /// What a client's last seen id means against the history.
    enum Position: Equatable {
        /// Everything after `seq` is still kept.
        case after(UInt64)
        /// Unknown, trimmed, from before the log or not yet read here: reload state.
        case resync
    }

    let capacity: Int
    let byteCapacity: Int
    private var ring: [StoredMessage?]
    private var start = 0
    private(set) var count = 0
    private(set) var bytes = 0
    private(set) var lastSeq: UInt64 = 0
    /// The log position everything kept follows: the last evicted entry, or where reading began
    /// (``StreamID/zero`` when this node read the log from its start). Nil until the log is read.
    private(set) var floor: StreamID?
    /// Ids up to this `seq` may have missed events: resuming from them resyncs.
    private(set) var gapThrough: UInt64?

    init(capacity: Int, byteCapacity: Int = .max) {
        self.capacity = max(1, capacity)
        self.byteCapacity = byteCapacity
        self.ring = Array(repeating: nil, count: max(1, capacity))
    }

    var firstSeq: UInt64 { lastSeq - UInt64(count) + 1 }
    var first: StoredMessage? { count == 0 ? nil : ring[start] }
    var last: StoredMessage? { count == 0 ? nil : ring[(start + count - 1) % capacity] }

    /// The id of the newest message this node has read: where a poller that has seen everything continues.
    var headID: String { last?.id ?? (floor ?? .zero).description }

    mutating func nextSeq() -> UInt64 {
        lastSeq += 1
        return lastSeq
    }

    /// Starts (or restarts) the history at `floor`: everything kept follows it in the log.
    mutating func begin(after floor: StreamID) {
        while count > 0 { removeFirst() }
        self.floor = floor
        gapThrough = nil
    }

    /// Notes that events may have been lost after the newest message.
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
        if floor == nil { floor = message.streamID }
    }

    private mutating func removeFirst() {
        if let evicted = ring[start] {
            bytes -= evicted.frame.readableBytes
            floor = evicted.streamID
        }
        ring[start] = nil
        start = (start + 1) % capacity
        count -= 1
    }

    func position(of id: String) -> Position {
        guard let wanted = StreamID(id), let floor else { return .resync }
        let seq: UInt64
        if wanted == floor {
            seq = firstSeq - 1
        } else if let kept = index(of: wanted) {
            seq = firstSeq + UInt64(kept)
        } else {
            return .resync
        }
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

    /// The offset from the oldest kept message of the one with `id`, by binary search (stream order).
    private func index(of id: StreamID) -> Int? {
        var low = 0
        var high = count - 1
        while low <= high {
            let middle = (low + high) / 2
            guard let candidate = ring[(start + middle) % capacity]?.streamID else { return nil }
            if candidate == id { return middle }
            if candidate < id { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}
