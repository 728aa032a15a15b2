import NIOCore

/// Delivers batches of messages to the sessions of one event loop: each frame written once per
/// recipient, one flush per connection per loop pass.
final class LoopHub: Sendable {
    let eventLoop: any EventLoop
    private let registry: NIOLoopBoundBox<LoopRegistry>
    private let metrics: BridgeMetrics

    init(eventLoop: any EventLoop, metrics: BridgeMetrics) {
        self.eventLoop = eventLoop
        self.metrics = metrics
        self.registry = NIOLoopBoundBox.makeBoxSendingValue(LoopRegistry(), eventLoop: eventLoop)
    }

    /// The registry; call only on `eventLoop`.
    var local: LoopRegistry { registry.value }

    func dispatch(_ batch: [StoredMessage]) {
        eventLoop.execute { self.deliver(batch) }
    }

    private func deliver(_ batch: [StoredMessage]) {
        let registry = self.registry.value
        for message in batch {
            let audience = message.audience
            var frames = 0
            if audience.everyone || !audience.roles.isEmpty {
                for session in registry.sessions.values where session.receive(message) {
                    frames += 1
                }
            } else {
                for user in audience.users {
                    for session in registry.sessionsByUser[user] ?? [] where session.receive(message) {
                        frames += 1
                    }
                }
            }
            if let blocked = audience.disconnectedUser {
                for session in registry.sessionsByUser[blocked] ?? [] {
                    session.close(code: CloseCode.userBlocked, reason: "user blocked")
                }
            }
            metrics.recordDelivered(frames, latency: .nanoseconds((NIODeadline.now() - message.acceptedAt).nanoseconds))
            for poller in registry.pollers.values where poller.wants(message) {
                poller.wake()
            }
        }
    }

    /// Queues a flush of `session` for the end of this loop pass.
    func needsFlush(_ session: WebSocketSession) {
        let registry = self.registry.value
        registry.needsFlush.append(session)
        guard !registry.flushScheduled else { return }
        registry.flushScheduled = true
        eventLoop.execute { self.flushAll() }
    }

    private func flushAll() {
        let registry = self.registry.value
        let sessions = registry.needsFlush
        registry.needsFlush.removeAll(keepingCapacity: true)
        registry.flushScheduled = false
        for session in sessions { session.flushPending() }
    }

    /// Runs the per-second housekeeping of every socket on this loop: pings, idle and auth
    /// timeouts, token expiry.
    func tick(now: NIODeadline, wallClock: Int64) {
        let registry = self.registry.value
        for session in Array(registry.pending.values) { session.tick(now: now, wallClock: wallClock) }
        for session in Array(registry.sessions.values) { session.tick(now: now, wallClock: wallClock) }
    }
}

extension LoopHub {
    /// Sends every socket on this loop a close frame with `code` (shutdown).
    func closeAll(code: UInt16, reason: String) {
        let registry = local
        for session in Array(registry.pending.values) + Array(registry.sessions.values) {
            session.close(code: code, reason: reason, grace: .seconds(2))
        }
    }
}
