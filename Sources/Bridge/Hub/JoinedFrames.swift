import NIOCore

/// The frames one session takes from a batch, joined into one buffer that every session taking
/// the same messages shares: one write per session per batch instead of one per frame.
struct JoinedFrames {
    /// Distinct selections kept per batch; past it a selection's frames are written one by one
    /// rather than copied for a single session.
    static let maxSelections = 64

    private let batch: [StoredMessage]
    private var joined: [[Int]: ByteBuffer] = [:]
    private let allocator = ByteBufferAllocator()

    init(_ batch: [StoredMessage]) {
        self.batch = batch
    }

    /// The frames of the messages at `indices` (batch order) as one buffer, or nil when the
    /// selection is new and the bound of shared selections is reached.
    mutating func buffer(for indices: [Int]) -> ByteBuffer? {
        if indices.count == 1 { return batch[indices[0]].frame }
        if let shared = joined[indices] { return shared }
        guard joined.count < Self.maxSelections else { return nil }
        var buffer = allocator.buffer(capacity: indices.reduce(0) { $0 + batch[$1].frame.readableBytes })
        for index in indices { buffer.writeImmutableBuffer(batch[index].frame) }
        joined[indices] = buffer
        return buffer
    }
}
