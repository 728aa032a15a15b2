import Atomics
import Prometheus

/// Counters and gauges behind `/status` and `/metrics`, safe to bump from any thread.
final class BridgeMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    let received = ManagedAtomic<Int>(0)
    let delivered = ManagedAtomic<Int>(0)
    let droppedSlow = ManagedAtomic<Int>(0)
    let connections = ManagedAtomic<Int>(0)
    private let rejectedByReason: [RejectionReason: ManagedAtomic<Int>]

    private let receivedCounters: [MessageSource: Counter]
    private let rejectedCounters: [MessageSource: [RejectionReason: Counter]]
    private let deliveredCounter: Counter
    private let slowCounter: Counter
    let connectionsGauge: Gauge
    let sessionsGauge: Gauge
    let usersGauge: Gauge
    let redisConnectedGauge: Gauge
    let redisSubscriptionsGauge: Gauge
    let redisReconnects: Counter
    let logConnectedGauge: Gauge
    let logLengthGauge: Gauge
    let logLagGauge: Gauge
    let deliveryLatency: DurationHistogram

    init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        rejectedByReason = Dictionary(uniqueKeysWithValues: RejectionReason.allCases.map { ($0, ManagedAtomic(0)) })
        receivedCounters = Dictionary(uniqueKeysWithValues: MessageSource.allCases.map { source in
            (source, registry.makeCounter(
                descriptor: .init(metricName: "bridge_messages_received_total", unitName: "", helpText: "Messages accepted for delivery, by source"),
                labels: [("source", source.rawValue)]))
        })
        rejectedCounters = Dictionary(uniqueKeysWithValues: MessageSource.allCases.map { [registry] source in
            (source, Dictionary(uniqueKeysWithValues: RejectionReason.allCases.map { reason in
                (reason, registry.makeCounter(
                    descriptor: .init(metricName: "bridge_messages_rejected_total", unitName: "", helpText: "Ingested payloads refused, by source and reason"),
                    labels: [("source", source.rawValue), ("reason", reason.rawValue)]))
            }))
        })
        deliveredCounter = registry.makeCounter(descriptor: .init(metricName: "bridge_frames_delivered_total", unitName: "", helpText: "Event frames written to sessions"))
        slowCounter = registry.makeCounter(descriptor: .init(metricName: "bridge_slow_consumers_closed_total", unitName: "", helpText: "Sessions closed with 4100"))
        connectionsGauge = registry.makeGauge(descriptor: .init(metricName: "bridge_connections", unitName: "", helpText: "Open WebSocket connections"))
        sessionsGauge = registry.makeGauge(descriptor: .init(metricName: "bridge_sessions", unitName: "", helpText: "Authenticated WebSocket sessions"))
        usersGauge = registry.makeGauge(descriptor: .init(metricName: "bridge_users", unitName: "", helpText: "Distinct users with a session"))
        redisConnectedGauge = registry.makeGauge(descriptor: .init(metricName: "bridge_redis_connected", unitName: "", helpText: "1 while subscribed to Redis"))
        redisSubscriptionsGauge = registry.makeGauge(descriptor: .init(metricName: "bridge_redis_subscriptions", unitName: "", helpText: "Active Redis subscriptions"))
        redisReconnects = registry.makeCounter(descriptor: .init(metricName: "bridge_redis_reconnects_total", unitName: "", helpText: "Reconnections to Redis"))
        logConnectedGauge = registry.makeGauge(descriptor: .init(metricName: "bridge_log_connected", unitName: "", helpText: "1 while this node reads the shared log"))
        logLengthGauge = registry.makeGauge(descriptor: .init(metricName: "bridge_log_length", unitName: "", helpText: "Entries in the shared log (XLEN, read every 5 s)"))
        logLagGauge = registry.makeGauge(descriptor: .init(metricName: "bridge_log_lag_seconds", unitName: "", helpText: "How far this node's last delivered entry is behind the log's newest (by entry time)"))
        deliveryLatency = registry.makeDurationHistogram(
            descriptor: .init(metricName: "bridge_delivery_latency_seconds", unitName: "",
                              helpText: "Time from accepting a message to writing it to the sessions of one event loop"),
            buckets: [.microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10),
                      .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)])
    }

    func recordReceived(_ count: Int, from source: MessageSource) {
        received.wrappingIncrement(by: count, ordering: .relaxed)
        receivedCounters[source]?.increment(by: Int64(count))
    }

    func recordRejected(_ reason: RejectionReason, from source: MessageSource) {
        rejectedByReason[reason]?.wrappingIncrement(ordering: .relaxed)
        rejectedCounters[source]?[reason]?.increment()
    }

    func recordDelivered(_ frames: Int, latency: Duration) {
        guard frames > 0 else { return }
        delivered.wrappingIncrement(by: frames, ordering: .relaxed)
        deliveredCounter.increment(by: Int64(frames))
        deliveryLatency.record(latency)
    }

    func recordSlowConsumer() {
        droppedSlow.wrappingIncrement(ordering: .relaxed)
        slowCounter.increment()
    }

    /// Rejections so far, keyed by reason (every reason present, zero included).
    var rejected: [String: Int] {
        Dictionary(uniqueKeysWithValues: rejectedByReason.map { ($0.key.rawValue, $0.value.load(ordering: .relaxed)) })
    }

    func prometheusText() -> [UInt8] {
        registry.emitToBuffer()
    }
}
