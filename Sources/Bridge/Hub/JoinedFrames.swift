import NIOCore

/// The frames one session takes from a batch, joined into one buffer that every session taking
/// the same messages shares: one write per session per batch instead of one per frame.
struct JoinedFrames {
    /// Distinct selections joined per batch, and the bytes they may copy in all; past either a
    /// new selection's frames are written one by one (no copy) rather than joined.
    static let maxSelections = 64
    static let maxJoinedBytes = 8 << 20

    private let batch: [StoredMessage]
    private var joined: [[Int]: ByteBuffer] = [:]
    private var joinedBytes = 0
    private let allocator = ByteBufferAllocator()

    init(_ batch: [StoredMessage]) {
        self.batch = batch
    }

    /// The frames of the messages at `indices` (batch order) as one buffer, or nil when the
    /// selection is new and a bound is reached.
    mutating func buffer(for indices: [Int]) -> ByteBuffer? {
        if indices.count == 1 { return batch[indices[0]].frame }
        if let shared = joined[indices] { return shared }
        let size = indices.reduce(0) { $0 + batch[$1].frame.readableBytes }
        guard joined.count < Self.maxSelections, joinedBytes + size <= Self.maxJoinedBytes else { return nil }
        joinedBytes += size
        var buffer = allocator.buffer(capacity: size)
        for index in indices { buffer.writeImmutableBuffer(batch[index].frame) }
        joined[indices] = buffer
        return buffer
    }
}
