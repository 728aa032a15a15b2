import Testing
@testable import Bridge

/// docs/protocol.md#http: `messages.rejected` is an object keyed by reason; `/metrics` has families for
/// connections, sessions, Redis state, messages by source and outcome, and a delivery-latency histogram.
@Suite("Metrics")
struct BridgeMetricsTests {
    /// The Prometheus text as lines.
    static func lines(_ metrics: BridgeMetrics) -> [Substring] {
        String(decoding: metrics.prometheusText(), as: UTF8.self).split(separator: "\n")
    }

    /// The value of the sample of `family` carrying every label in `labels`.
    static func sample(_ metrics: BridgeMetrics, _ family: String, _ labels: [String] = []) -> Double? {
        let line = lines(metrics).first { line in
            (line.hasPrefix(family + "{") || line.hasPrefix(family + " ")) && labels.allSatisfy { line.contains($0) }
        }
        return line?.split(separator: " ").last.flatMap { Double($0) }
    }

    @Test("rejected lists every reason from zero; not JSON, wrong shape, missing field and too large have their own keys")
    func rejectedKeys() {
        let metrics = BridgeMetrics()
        let rejected = metrics.rejected
        #expect(rejected.values.allSatisfy { $0 == 0 })
        for key in ["not_json", "wrong_shape", "missing_field", "too_large", "reserved_type"] {
            #expect(rejected[key] == 0, "\(key) missing from \(rejected)")
        }
        #expect(rejected.keys.contains { $0.contains("unroutable") })
        #expect(Set(RejectionReason.allCases.map(\.rawValue)).count == RejectionReason.allCases.count)
    }

    @Test("each rejection counts under its reason, in /status and in /metrics by source", arguments: RejectionReason.allCases)
    func rejectionCounted(reason: RejectionReason) {
        let metrics = BridgeMetrics()
        metrics.recordRejected(reason, from: .redis)
        metrics.recordRejected(reason, from: .broadcast)
        metrics.recordRejected(reason, from: .broadcast)
        #expect(metrics.rejected[reason.rawValue] == 3)
        #expect(metrics.rejected.filter { $0.key != reason.rawValue }.values.allSatisfy { $0 == 0 })
        let reasonLabel = #"reason="\#(reason.rawValue)""#
        #expect(Self.sample(metrics, "bridge_messages_rejected_total", [reasonLabel, #"source="redis""#]) == 1)
        #expect(Self.sample(metrics, "bridge_messages_rejected_total", [reasonLabel, #"source="broadcast""#]) == 2)
    }

    @Test("received messages are counted by source")
    func receivedBySource() {
        let metrics = BridgeMetrics()
        metrics.recordReceived(3, from: .broadcast)
        metrics.recordReceived(1, from: .redis)
        #expect(Self.sample(metrics, "bridge_messages_received_total", [#"source="broadcast""#]) == 3)
        #expect(Self.sample(metrics, "bridge_messages_received_total", [#"source="redis""#]) == 1)
    }

    @Test("deliveries feed the latency histogram; zero frames record nothing")
    func deliveryLatency() {
        let metrics = BridgeMetrics()
        metrics.recordDelivered(0, latency: .milliseconds(3))
        #expect(Self.sample(metrics, "bridge_frames_delivered_total") == 0)
        metrics.recordDelivered(4, latency: .milliseconds(3))
        #expect(Self.sample(metrics, "bridge_frames_delivered_total") == 4)
        #expect(Self.sample(metrics, "bridge_delivery_latency_seconds_count") == 1)
        #expect(Self.sample(metrics, "bridge_delivery_latency_seconds_bucket", [#"le="0.001""#]) == 0)
        #expect(Self.sample(metrics, "bridge_delivery_latency_seconds_bucket", [#"le="0.005""#]) == 1)
    }

    @Test("the families of docs/protocol.md are exposed", arguments: [
        "bridge_connections", "bridge_sessions", "bridge_users", "bridge_redis_connected", "bridge_redis_subscriptions",
        "bridge_redis_reconnects_total", "bridge_messages_received_total", "bridge_messages_rejected_total",
        "bridge_delivery_latency_seconds", "bridge_slow_consumers_closed_total",
    ])
    func families(family: String) {
        #expect(Self.lines(BridgeMetrics()).contains { $0.hasPrefix("# TYPE \(family) ") })
    }

    @Test("a slow consumer's 4100 close is counted")
    func slowConsumer() {
        let metrics = BridgeMetrics()
        metrics.recordSlowConsumer()
        #expect(Self.sample(metrics, "bridge_slow_consumers_closed_total") == 1)
    }
}
