import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The pub/sub way in: keeps `RedisStatus` current, refuses what cannot be decoded, groups the
/// copies of one publication and offers each to the shared log, where it is appended once
/// however many nodes offer it. After an outage, or a first attempt that
/// failed, the new subscription appends a gap marker: what was published meanwhile may be lost.
final class RedisIngest: RedisSubscriptionSink {
    private let bridge: BridgeContext
    /// Uncontended: the subscriber calls one method at a time.
    private let missedSome = NIOLockedValueBox(false)
    /// An append failed: what it carried is missing unless another node appended it, so the next
    /// append is preceded by a gap marker.
    private let appendFailed = NIOLockedValueBox(false)

    init(bridge: BridgeContext) {
        self.bridge = bridge
    }

    /// Takes Redis' time before subscribing: see ``LogWriter/subscribing()``.
    func willSubscribe() async {
        _ = try? await bridge.log.subscribing().get()
    }

    func subscribed(count: Int, isReconnect: Bool) {
        bridge.redisStatus.subscribed(count: count, isReconnect: isReconnect)
        let gap = missedSome.withLockedValue { missed in
            defer { missed = false }
            return missed || isReconnect
        }
        guard gap else { return }
        let bridge = self.bridge
        bridge.log.markGap().whenFailure { error in
            bridge.logger.warning("could not mark a gap in the log after a Redis outage: \(error)")
        }
    }

    func disconnected(because reason: String) {
        missedSome.withLockedValue { $0 = true }
        bridge.redisStatus.disconnected(because: reason)
    }

    func received(_ batch: [PublishedPayload]) {
        let bridge = self.bridge
        bridge.redisStatus.messageArrived()
        let valid = batch.filter { published in
            guard case .failure(let rejection) = bridge.decoder.decode(published.bytes, channel: published.channel) else { return true }
            bridge.reject(rejection, from: .redis, channel: published.channel)
            return false
        }
        let appendFailed = self.appendFailed
        let owed = appendFailed.withLockedValue { $0 }
        let publications = PublicationGroup.group(valid)
        let offered = owed ? bridge.log.markGap().flatMap { bridge.log.offer(publications) } : bridge.log.offer(publications)
        offered.whenComplete { result in
            let failedBefore = appendFailed.withLockedValue { failed in
                defer { failed = (try? result.get()) == nil }
                return failed
            }
            if case .failure(let error) = result, !failedBefore {
                bridge.logger.warning("could not append pub/sub input to the log (a gap marker follows once it works again): \(error)")
            }
        }
    }
}
