import NIOCore

/// What the hub sees of a Pusher connection: it takes messages by the channels it subscribed to
/// and gets one frame per subscribed channel of each, encoded once for every connection.
extension PusherConnection: Recipient {
    var userId: String? { nil }
    var takesByChannel: Bool { true }

    func takes(_ message: StoredMessage) -> Bool {
        guard phase == .open, message.seq > lastDeliveredSeq, !message.channelFrames.isEmpty,
              message.excludedSocket != socketId,
              message.channelFrames.contains(where: { subscriptions.contains($0.channel) }) else { return false }
        lastDeliveredSeq = message.seq
        return true
    }

    func receive(_ messages: [StoredMessage]) {
        for message in messages {
            for (channel, frame) in message.channelFrames where subscriptions.contains(channel) { write(frame) }
        }
        flushPending()
    }

    /// Not used (the hub hands channel takers their messages); writes the bytes as they are.
    func receive(joined frames: ByteBuffer) {
        write(frames, flush: true)
    }

    /// Pusher has no resync: a client that missed events cannot be told.
    func resync() {}

    func end(_ reason: RecipientEnd) {
        switch reason {
        case .userBlocked: break
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
