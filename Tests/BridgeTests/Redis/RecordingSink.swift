@testable import Bridge

/// Records what a subscriber or a subscribed connection reports, in order.
final class RecordingSink: RedisSubscriptionSink, RedisPushSink {
    /// One report.
    enum Event: Sendable, Equatable {
        case subscribed(count: Int, isReconnect: Bool)
        case disconnected(String)
        case confirmed(Int)
        case received([PublishedPayload])
    }

    private let recorder = EventRecorder<Event>()

    var events: [Event] { recorder.events }

    var batches: [[PublishedPayload]] {
        events.compactMap { if case .received(let batch) = $0 { batch } else { nil } }
    }

    var payloads: [[UInt8]] { batches.flatMap { $0.map(\.bytes) } }

    func subscribed(count: Int, isReconnect: Bool) { record(.subscribed(count: count, isReconnect: isReconnect)) }
    func disconnected(because reason: String) { record(.disconnected(reason)) }
    func confirmed(subscriptions: Int) { record(.confirmed(subscriptions)) }
    func received(_ batch: [PublishedPayload]) { record(.received(batch)) }

    /// Waits (bounded) until `condition` holds for the events so far.
    func wait(within limit: Duration = .seconds(10), until condition: ([Event]) -> Bool) async -> Bool {
        await recorder.wait(within: limit, until: condition)
    }

    private func record(_ event: Event) {
        recorder.record(event)
    }
}
