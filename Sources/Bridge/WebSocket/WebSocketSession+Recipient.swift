import NIOCore

/// What the hub sees of a session: delivery, resync, and the ends it can impose.
extension WebSocketSession: Recipient {
    var userId: String? { identity?.userId }

    func receive(joined frames: ByteBuffer) {
        write(frames, flush: true)
    }

    func receive(_ messages: [StoredMessage]) {
        for message in messages { write(message.frame) }
        flushPending()
    }

    func resync() {
        sendResync()
    }

    func end(_ reason: RecipientEnd) {
        switch reason {
        case .userBlocked: close(code: CloseCode.userBlocked, reason: "user blocked")
        case .serverShutdown: close(code: CloseCode.shuttingDown, reason: "server shutting down", grace: .seconds(2))
        }
    }
}
