/// What the pub/sub subscriber reports; called in order, never two calls at once (from the
/// subscriber's event loop, and `disconnected` also from its `run()`).
protocol RedisSubscriptionSink: Sendable {
    /// Called before each SUBSCRIBE is sent (bounded by the sink); everything received after it
    /// was published after it returned.
    func willSubscribe() async
    /// Every channel and pattern is subscribed; `isReconnect` after an earlier subscription.
    func subscribed(count: Int, isReconnect: Bool)
    /// The subscription is gone (or a connection attempt failed), with hiredis' or NIO's words.
    func disconnected(because reason: String)
    /// The messages parsed from one read of the socket, in order.
    func received(_ batch: [PublishedPayload])
}

extension RedisSubscriptionSink {
    func willSubscribe() async {}
}
