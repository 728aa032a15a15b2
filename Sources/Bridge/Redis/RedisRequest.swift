import NIOCore

/// A command on its way to Redis with the promise of its reply; nil for SUBSCRIBE and
/// PSUBSCRIBE, whose answers arrive as pushes.
struct RedisRequest: Sendable {
    var command: RedisCommand
    var reply: EventLoopPromise<RedisReply>?
}

/// Where a subscribed connection's pushes go; called on the connection's event loop, in order.
protocol RedisPushSink: Sendable {
    /// A SUBSCRIBE or PSUBSCRIBE was confirmed; `subscriptions` is the connection's total now.
    func confirmed(subscriptions: Int)
    /// The messages parsed from one read, at most `RedisLimits.maxBatch` of them.
    func received(_ batch: [PublishedPayload])
}
