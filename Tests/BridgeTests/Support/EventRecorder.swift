import NIOConcurrencyHelpers

/// The events a recording sink has heard, in order, and a bounded wait for a condition on them.
final class EventRecorder<Event: Sendable>: Sendable {
    private let recorded = NIOLockedValueBox<[Event]>([])

    var events: [Event] { recorded.withLockedValue { $0 } }

    func record(_ event: Event) {
        recorded.withLockedValue { $0.append(event) }
    }

    /// Waits (bounded) until `condition` holds for the events so far.
    func wait(within limit: Duration = .seconds(10), until condition: ([Event]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition(events) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(events)
    }
}
