import NIOConcurrencyHelpers
import Prometheus

/// What the log reader and the cluster reporter last saw of the shared log, for `/ready`,
/// `/status` and `/metrics`.
final class LogStatus: Sendable {
    private struct State {
        var connected = false
        var lastError: String? = "not connected yet"
        var delivered: StreamID?
        var length: Int?
        var head: StreamID?
    }

    let key: String
    private let state = NIOLockedValueBox(State())
    private let metrics: BridgeMetrics

    init(key: String, metrics: BridgeMetrics) {
        self.key = key
        self.metrics = metrics
    }

    func reader(connected: Bool, reason: String?) {
        state.withLockedValue { state in
            state.connected = connected
            state.lastError = connected ? nil : reason
        }
        metrics.logConnectedGauge.set(to: connected ? 1.0 : 0.0)
    }

    func delivered(through id: StreamID) {
        state.withLockedValue { $0.delivered = id }
    }

    /// The log's length and newest entry, as the cluster reporter last read them.
    func observed(length: Int, head: StreamID?) {
        let lag = state.withLockedValue { state -> Double in
            state.length = length
            state.head = head
            return Self.lag(head: head, delivered: state.delivered)
        }
        metrics.logLengthGauge.set(to: Double(length))
        metrics.logLagGauge.set(to: lag)
    }

    /// Why this node cannot read the log, nil when it can.
    var problem: String? { state.withLockedValue { $0.connected ? nil : ($0.lastError ?? "not reading") } }

    var snapshot: (connected: Bool, delivered: StreamID?, length: Int?, head: StreamID?, lagSeconds: Double) {
        state.withLockedValue { ($0.connected, $0.delivered, $0.length, $0.head, Self.lag(head: $0.head, delivered: $0.delivered)) }
    }

    private static func lag(head: StreamID?, delivered: StreamID?) -> Double {
        guard let head else { return 0 }
        let through = delivered?.milliseconds ?? 0
        return head.milliseconds > through ? Double(head.milliseconds - through) / 1000 : 0
    }
}
