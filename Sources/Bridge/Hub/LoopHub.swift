import NIOCore

/// Delivers batches of messages to the sessions of one event loop: each frame encoded once and
/// written to every recipient, one flush per connection per batch.
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

    /// Sessions outside, the batch inside: each session takes every message it may see while its
    /// state is warm, then one write of the joined frames and one flush. Order per session is the
    /// batch order; a blocked user's session takes nothing after the message that blocks it, and
    /// is closed with the user's other sessions once the batch is written.
    private func deliver(_ batch: [StoredMessage]) {
        let registry = self.registry.value
        var frames = [Int](repeating: 0, count: batch.count)
        var joined = JoinedFrames(batch)
        var taken: [Int] = []
        taken.reserveCapacity(batch.count)
        for session in recipients(of: batch, in: registry) {
            taken.removeAll(keepingCapacity: true)
            for index in batch.indices where session.takes(batch[index]) {
                taken.append(index)
                frames[index] += 1
                if let user = batch[index].audience.disconnectedUser, user == session.identity?.userId { break }
            }
            guard !taken.isEmpty else { continue }
            if let buffer = joined.buffer(for: taken) {
                session.send(batch: buffer)
            } else {
                for index in taken { session.write(batch[index].frame) }
                session.flushPending()
            }
        }
        let now = NIODeadline.now()
        for (index, message) in batch.enumerated() {
            metrics.recordDelivered(frames[index], latency: .nanoseconds((now - message.acceptedAt).nanoseconds))
            if let blocked = message.audience.disconnectedUser {
                for session in registry.sessionsByUser[blocked] ?? [] {
                    session.close(code: CloseCode.userBlocked, reason: "user blocked")
                }
            }
            for poller in registry.pollers.values where poller.wants(message) {
                poller.wake()
            }
        }
    }

    /// Every session of the loop when a message is for everyone or for roles, else only the
    /// sessions of the named users.
    private func recipients(of batch: [StoredMessage], in registry: LoopRegistry) -> [WebSocketSession] {
        if batch.contains(where: { $0.audience.everyone || !$0.audience.roles.isEmpty }) {
            return registry.sessions
        }
        var chosen: [ObjectIdentifier: WebSocketSession] = [:]
        for message in batch {
            for user in message.audience.users {
                for session in registry.sessionsByUser[user] ?? [] { chosen[ObjectIdentifier(session)] = session }
            }
        }
        return Array(chosen.values)
    }

    /// Runs the per-second housekeeping of every socket on this loop: pings, idle and auth
    /// timeouts, token expiry.
    func tick(now: NIODeadline, wallClock: Int64) {
        let registry = self.registry.value
        for session in Array(registry.pending.values) { session.tick(now: now, wallClock: wallClock) }
        for session in registry.sessions { session.tick(now: now, wallClock: wallClock) }
    }
}

extension LoopHub {
    /// Tells every open session and long-poll of this loop that it may have missed events.
    func resyncAll() {
        eventLoop.execute {
            let registry = self.local
            for session in registry.sessions { session.sendResync() }
            for poller in registry.pollers.values { poller.wake() }
        }
    }

    /// Sends every socket on this loop a close frame with `code` (shutdown).
    func closeAll(code: UInt16, reason: String) {
        let registry = local
        for session in Array(registry.pending.values) + registry.sessions {
            session.close(code: code, reason: reason, grace: .seconds(2))
        }
    }
}
