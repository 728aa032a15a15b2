/// What the pub/sub subscriber reports; called in order, never two calls at once (from the
/// subscriber's event loop, and `disconnected` also from its `run()`).
protocol RedisSubscriptionSink: Sendable {
    /// Every channel and pattern is subscribed; `isReconnect` after an earlier subscription.
    func subscribed(count: Int, isReconnect: Bool)
    /// The subscription is gone (or a connection attempt failed), with hiredis' or NIO's words.
    func disconnected(because reason: String)
    /// The messages parsed from one read of the socket, in order.
    func received(_ batch: [PublishedPayload])
}
