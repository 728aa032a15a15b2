@testable import Bridge

/// Records what a log reader hands over, in order.
final class RecordingLogSink: LogSink {
    /// One report.
    enum Event: Sendable, Equatable {
        case preloaded([StreamID], floor: StreamID)
        case delivered([StreamID])
        case lostContinuity
        case connected(Bool)
    }

    private let recorder = EventRecorder<Event>()

    var events: [Event] { recorder.events }

    /// Every id preloaded or delivered, in order.
    var ids: [StreamID] {
        events.flatMap { event -> [StreamID] in
            switch event {
            case .preloaded(let ids, _), .delivered(let ids): ids
            default: []
            }
        }
    }

    func preload(_ entries: [LogEntry], after floor: StreamID) { record(.preloaded(entries.map(\.id), floor: floor)) }
    func deliver(_ entries: [LogEntry]) { record(.delivered(entries.map(\.id))) }
    func lostContinuity() { record(.lostContinuity) }
    func readerConnected(_ connected: Bool, reason: String?) { record(.connected(connected)) }

    /// Waits (bounded) until `condition` holds for the events so far.
    func wait(within limit: Duration = .seconds(10), until condition: ([Event]) -> Bool) async -> Bool {
        await recorder.wait(within: limit, until: condition)
    }

    private func record(_ event: Event) {
        recorder.record(event)
    }
}
