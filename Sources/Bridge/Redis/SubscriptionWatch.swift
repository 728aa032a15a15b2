import NIOCore

/// The push sink of one subscriber connection: reports the subscription once Redis confirmed
/// every channel and pattern, and passes each batch of messages on.
struct SubscriptionWatch: RedisPushSink {
    let expected: Int
    let isReconnect: Bool
    let complete: EventLoopPromise<Void>
    let sink: any RedisSubscriptionSink

    func confirmed(subscriptions: Int) {
        guard subscriptions == expected else { return }
        sink.subscribed(count: expected, isReconnect: isReconnect)
        complete.succeed()
    }

    func received(_ batch: [PublishedPayload]) {
        sink.received(batch)
    }
}
