/// What one storm worker process needs to open its share of the sessions; the coordinator passes
/// it as one JSON argument.
struct StormWorkerConfig: Codable, Sendable {
    /// `ws://127.0.0.1:P/ws` of every node, in the coordinator's order.
    var urls: [String]
    /// Global index of this worker's first session and how many it holds. Session `i` starts on
    /// node `i % urls.count` and belongs to user `userBase + i / 2`.
    var sessionOffset: Int
    var sessions: Int
    var userBase: Int
    /// Loopback source addresses (127.0.0.x) the sessions are spread over.
    var sourceAddresses: [String]
    var threads: Int
    var connectConcurrency: Int
    var connectTimeoutSeconds: Double
    var tokenTTLSeconds: Int
}
