import NIOCore

/// Delivers batches of messages to the recipients of one event loop: each frame encoded once and
/// written to every recipient, one write and flush per recipient per batch.
final class LoopHub: Sendable {
    let eventLoop: any EventLoop
    private let registry: NIOLoopBoundBox<LoopRegistry>
    private let metrics: BridgeMetrics

    init(eventLoop: any EventLoop, metrics: BridgeMetrics) {
        self.eventLoop = eventLoop
        self.metrics = metrics
        self.registry = NIOLoopBoundBox.makeBoxSendingValue(LoopRegistry(), eventLoop: eventLoop)
    }

    /// Watches a new connection (housekeeping, shutdown) before it can receive; on `eventLoop` only.
    func connect(_ recipient: any Recipient) {
        registry.value.connect(recipient)
    }

    /// Lets `recipient`, whose user is now known, receive; on `eventLoop` only.
    func register(_ recipient: any Recipient) {
        registry.value.register(recipient)
    }

    /// Forgets `recipient`; on `eventLoop` only. Safe to call more than once.
    func unregister(_ recipient: any Recipient) {
        registry.value.unregister(recipient)
    }

    func dispatch(_ batch: [StoredMessage]) {
        eventLoop.execute { self.deliver(batch) }
    }

    /// Recipients outside, the batch inside: each takes every message it may see while its state
    /// is warm, then one write of the joined frames. Order per recipient is the batch order; a
    /// blocked user's recipients take nothing after the message that blocks the user, and are
    /// ended once the batch is written.
    private func deliver(_ batch: [StoredMessage]) {
        let registry = self.registry.value
        var frames = [Int](repeating: 0, count: batch.count)
        var joined = JoinedFrames(batch)
        var taken: [Int] = []
        taken.reserveCapacity(batch.count)
        for recipient in recipients(of: batch, in: registry) {
            taken.removeAll(keepingCapacity: true)
            for index in batch.indices where recipient.takes(batch[index]) {
                taken.append(index)
                frames[index] += 1
                if let user = batch[index].audience.disconnectedUser, user == recipient.userId { break }
            }
            guard !taken.isEmpty else { continue }
            if !recipient.takesByChannel, let buffer = joined.buffer(for: taken) {
                recipient.receive(joined: buffer)
            } else {
                // All of the batch (the common case, and always for a single message) goes as it is.
                recipient.receive(taken.count == batch.count ? batch : taken.map { batch[$0] })
            }
        }
        let now = NIODeadline.now()
        for (index, message) in batch.enumerated() {
            metrics.recordDelivered(frames[index], latency: .nanoseconds((now - message.acceptedAt).nanoseconds))
            if let blocked = message.audience.disconnectedUser {
                for recipient in registry.recipientsByUser[blocked] ?? [] { recipient.end(.userBlocked) }
            }
        }
    }

    /// Every recipient of the loop when a message is for everyone or for roles, else only the
    /// recipients of the named users, and those taking by channel when a message has channels.
    /// The registry's own contiguous lists are walked as they are whenever one of them is the answer.
    private func recipients(of batch: [StoredMessage], in registry: LoopRegistry) -> [any Recipient] {
        if batch.contains(where: { $0.audience.everyone || !$0.audience.roles.isEmpty }) {
            return registry.recipients
        }
        let onChannels = batch.contains { !$0.channelFrames.isEmpty }
        let named = batch.contains { !$0.audience.users.isEmpty }
        if !named { return onChannels ? registry.channelRecipients : [] }
        var chosen: [any Recipient] = onChannels ? registry.channelRecipients : []
        var seen = Set(chosen.map(ObjectIdentifier.init))
        for message in batch {
            for user in message.audience.users {
                for recipient in registry.recipientsByUser[user] ?? [] where seen.insert(ObjectIdentifier(recipient)).inserted {
                    chosen.append(recipient)
                }
            }
        }
        return chosen
    }

    /// Runs the per-second housekeeping of every connection on this loop.
    func tick(now: NIODeadline, wallClock: Int64) {
        for recipient in registry.value.all { recipient.tick(now: now, wallClock: wallClock) }
    }

    /// Ends every connection on this loop (shutdown).
    func endAll(_ reason: RecipientEnd) {
        for recipient in registry.value.all { recipient.end(reason) }
    }

    /// Tells every registered recipient of this loop that it may have missed events.
    func resyncAll() {
        eventLoop.execute {
            for recipient in self.registry.value.recipients { recipient.resync() }
        }
    }
}
