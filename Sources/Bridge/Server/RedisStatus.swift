import Foundation
import NIOConcurrencyHelpers
import Prometheus

/// What the Redis subscriber last reported, for `/ready`, `/status` and `/metrics`.
final class RedisStatus: Sendable {
    private struct State {
        var connected = false
        var subscriptions = 0
        var reconnects = 0
        var lastMessageAt: Date?
        var lastError: String? = "not connected yet"
    }

    private let state = NIOLockedValueBox(State())
    private let metrics: BridgeMetrics

    init(metrics: BridgeMetrics) {
        self.metrics = metrics
    }

    func subscribed(count: Int, isReconnect: Bool) {
        state.withLockedValue { state in
            state.connected = true
            state.subscriptions = count
            state.lastError = nil
            if isReconnect { state.reconnects += 1 }
        }
        metrics.redisConnectedGauge.set(to: 1.0)
        metrics.redisSubscriptionsGauge.set(to: Double(count))
        if isReconnect { metrics.redisReconnects.increment() }
    }

    func disconnected(because reason: String) {
        state.withLockedValue { state in
            state.connected = false
            state.subscriptions = 0
            state.lastError = reason
        }
        metrics.redisConnectedGauge.set(to: 0.0)
        metrics.redisSubscriptionsGauge.set(to: 0.0)
    }

    func messageArrived() {
        let now = Date()
        state.withLockedValue { $0.lastMessageAt = now }
    }

    /// Why the bridge is not subscribed, nil when it is.
    var problem: String? { state.withLockedValue { $0.connected ? nil : ($0.lastError ?? "not subscribed") } }

    var snapshot: (connected: Bool, subscriptions: Int, reconnects: Int, lastMessageAt: Date?) {
        state.withLockedValue { ($0.connected, $0.subscriptions, $0.reconnects, $0.lastMessageAt) }
    }
}
