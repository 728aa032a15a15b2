import Atomics
import Prometheus

/// Counters and gauges behind `/status` and `/metrics`, safe to bump from any thread.
public final class BridgeMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

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
    let deliveryLatency: DurationHistogram

    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        rejectedByReason = Dictionary(uniqueKeysWithValues: RejectionReason.allCases.map { ($0, ManagedAtomic(0)) })
        receivedCounters = Dictionary(uniqueKeysWithValues: MessageSource.allCases.map { source in
            (source, registry.makeCounter(name: "bridge_messages_received_total", labels: [("source", source.rawValue)],
                                          help: "Messages accepted for delivery, by source"))
        })
        rejectedCounters = Dictionary(uniqueKeysWithValues: MessageSource.allCases.map { [registry] source in
            (source, Dictionary(uniqueKeysWithValues: RejectionReason.allCases.map { reason in
                (reason, registry.makeCounter(name: "bridge_messages_rejected_total",
                                              labels: [("source", source.rawValue), ("reason", reason.rawValue)],
                                              help: "Ingested payloads refused, by source and reason"))
            }))
        })
        deliveredCounter = registry.makeCounter(name: "bridge_frames_delivered_total", help: "Event frames written to sessions")
        slowCounter = registry.makeCounter(name: "bridge_slow_consumers_closed_total", help: "Sessions closed with 4100")
        connectionsGauge = registry.makeGauge(name: "bridge_connections", help: "Open WebSocket connections")
        sessionsGauge = registry.makeGauge(name: "bridge_sessions", help: "Authenticated WebSocket sessions")
        usersGauge = registry.makeGauge(name: "bridge_users", help: "Distinct users with a session")
        redisConnectedGauge = registry.makeGauge(name: "bridge_redis_connected", help: "1 while subscribed to Redis")
        redisSubscriptionsGauge = registry.makeGauge(name: "bridge_redis_subscriptions", help: "Active Redis subscriptions")
        redisReconnects = registry.makeCounter(name: "bridge_redis_reconnects_total", help: "Reconnections to Redis")
        deliveryLatency = registry.makeDurationHistogram(
            name: "bridge_delivery_latency_seconds",
            buckets: [.microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10),
                      .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)],
            help: "Time from accepting a message to writing it to the sessions of one event loop")
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
    public var rejected: [String: Int] {
        Dictionary(uniqueKeysWithValues: rejectedByReason.map { ($0.key.rawValue, $0.value.load(ordering: .relaxed)) })
    }

    public func prometheusText() -> [UInt8] {
        registry.emitToBuffer()
    }
}
