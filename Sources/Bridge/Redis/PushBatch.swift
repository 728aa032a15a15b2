/// The messages parsed from one read, up to `maxBatch` of them and `maxBatchBytes` of payload.
struct PushBatch {
    private let maxCount: Int
    private let maxBytes: Int
    private var payloads: [PublishedPayload] = []
    private var bytes = 0

    init(limits: RedisLimits) {
        self.maxCount = limits.maxBatch
        self.maxBytes = limits.maxBatchBytes
    }

    /// Adds one message; true when the batch is full and must be handed over now.
    mutating func append(_ payload: PublishedPayload) -> Bool {
        payloads.append(payload)
        bytes += payload.bytes.count
        return payloads.count >= maxCount || bytes >= maxBytes
    }

    /// The messages so far, leaving the batch empty; nil when there are none.
    mutating func take() -> [PublishedPayload]? {
        guard !payloads.isEmpty else { return nil }
        defer {
            payloads = []
            bytes = 0
        }
        return payloads
    }
}
