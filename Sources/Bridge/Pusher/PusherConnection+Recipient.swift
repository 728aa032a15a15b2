import NIOCore

/// What the hub sees of a Pusher connection: it takes messages by the channels it subscribed to
/// and gets one frame per subscribed channel of each, encoded once for every connection; signed
/// in, it also takes the help-desk events its user receives (``PusherUserEvents``).
extension PusherConnection: Recipient {
    var takesByChannel: Bool { true }

    func takes(_ message: StoredMessage) -> Bool {
        guard phase == .open, message.seq > lastDeliveredSeq else { return false }
        holdForJoins(message)
        guard takesOnChannels(message) || takesForUser(message) else { return false }
        lastDeliveredSeq = message.seq
        return true
    }

    /// Keeps a message on a presence channel this connection is joining, to write what follows
    /// its members list once the join answers (``PusherPresence/hold(_:on:)``).
    private func holdForJoins(_ message: StoredMessage) {
        guard !presence.channels.isEmpty, message.excludedSocket != socketId else { return }
        for (channel, _) in message.channelFrames where presence.isJoining(channel) && !subscriptions.contains(channel) {
            presence.hold(message, on: channel)
        }
    }

    /// Whether `message` was published on a channel it subscribed to, and not to leave it out.
    private func takesOnChannels(_ message: StoredMessage) -> Bool {
        message.excludedSocket != socketId && message.channelFrames.contains { receives($0.channel, of: message) }
    }

    /// Writes the frames of `messages`; the last goes down the pipeline with the flush, so a
    /// single event costs one pass, as a `/ws` session's joined write does.
    func receive(_ messages: [StoredMessage]) {
        var last: ByteBuffer?
        func emit(_ frame: ByteBuffer) {
            if let previous = last { write(previous) }
            last = frame
        }
        for message in messages {
            if message.excludedSocket != socketId {
                for (channel, frame) in message.channelFrames where receives(channel, of: message) { emit(frame) }
            }
            if let frame = userEventFrame(for: message) { emit(frame) }
        }
        if let last { write(last, flush: true) } else { flushPending() }
    }

    /// Subscribed to `channel`, and (on a presence channel) not already told of `message` in its members list.
    private func receives(_ channel: String, of message: StoredMessage) -> Bool {
        subscriptions.contains(channel) && presence.admits(channel, id: message.streamID)
    }

    /// Not used (the hub hands channel takers their messages); writes the bytes as they are.
    func receive(joined frames: ByteBuffer) {
        write(frames, flush: true)
    }

    /// Pusher has no resync: a client that missed events cannot be told.
    func resync() {}

    func end(_ reason: RecipientEnd) {
        switch reason {
        case .userBlocked:
            refuse(PusherErrorCode.unauthorized, Self.blocked(userId ?? ""))
        case .serverShutdown:
            write(PusherFrame.error(code: PusherErrorCode.reconnect, message: "server shutting down; reconnect"))
            close(code: PusherErrorCode.reconnect, reason: "server shutting down", grace: .seconds(2))
        }
    }

    func tick(now: NIODeadline, wallClock: Int64) {
        guard phase == .open else { return }
        switch activity.check(now: now) {
        case .nothing: break
        case .ping: write(PusherFrame.ping, flush: true)
        case .close:
            refuse(PusherErrorCode.pongNotReceived, "no pusher:pong within \(PusherActivity.pongTimeout) s of pusher:ping")
        }
    }
}
