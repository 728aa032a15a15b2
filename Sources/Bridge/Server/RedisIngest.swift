import NIOConcurrencyHelpers

/// The Redis way in: keeps `RedisStatus` current, decodes each batch, folds multi-channel
/// copies and hands the messages to the hub. After an outage, or a first attempt that failed,
/// the new subscription marks a gap: what was published meanwhile never arrived.
final class RedisIngest: RedisSubscriptionSink {
    private struct State {
        var fanIn = ChannelFanIn()
        var missedSome = false
    }

    private let bridge: BridgeContext
    /// Uncontended: the subscriber calls one method at a time.
    private let state = NIOLockedValueBox(State())

    init(bridge: BridgeContext) {
        self.bridge = bridge
    }

    func subscribed(count: Int, isReconnect: Bool) {
        bridge.redisStatus.subscribed(count: count, isReconnect: isReconnect)
        let gap = state.withLockedValue { state in
            defer { state.missedSome = false }
            return state.missedSome || isReconnect
        }
        if gap { bridge.hub.markGap() }
    }

    func disconnected(because reason: String) {
        state.withLockedValue { $0.missedSome = true }
        bridge.redisStatus.disconnected(because: reason)
    }

    func received(_ batch: [PublishedPayload]) {
        bridge.redisStatus.messageArrived()
        let messages = state.withLockedValue { state in
            state.fanIn.fold(batch, decoder: bridge.decoder) { rejection, channel in
                bridge.reject(rejection, from: .redis, channel: channel)
            }
        }
        bridge.hub.accept(messages, from: .redis)
    }
}
