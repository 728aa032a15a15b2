import NIOCore

/// The help-desk events of docs/protocol.md for Pusher connections signed in with `pusher:signin`
/// (docs/pusher.md#help-desk-events): the eleven types, admitted by the same ``Audience`` a `/ws`
/// session of that user and those roles is admitted by, sent as a Pusher event named by its type
/// on `#server-to-user-{id}`, its `data` the message's `data` as JSON text.
enum PusherUserEvents {
    /// The channel pusher-js's `pusher.user` listens on, its suffix the user id.
    static let channelPrefix = "#server-to-user-"

    static func channel(of user: String) -> String {
        channelPrefix + user
    }

    /// Whether a connection of `user` with `roles` and `socketId` receives `message`: one of the
    /// eleven types, and admitted by its audience as a `/ws` session would be.
    static func admits(_ message: StoredMessage, user: String, roles: Set<String>, socketId: String) -> Bool {
        guard MessageType(rawValue: message.type) != nil else { return false }
        return message.audience.admitsEverySession || message.audience.admits(user: user, sessionRoles: roles, sessionId: socketId)
    }

    /// The event frame of `message` on `user`'s channel.
    static func frame(for message: StoredMessage, user: String) -> ByteBuffer? {
        guard let data = EventFrameEncoder.data(ofEventJSON: message.json) else { return nil }
        return PusherFrame.event(message.type, channel: channel(of: user), data: String(buffer: data))
    }
}

extension PusherConnection {
    /// Whether this connection is signed in and receives `message` on its user's channel.
    func takesForUser(_ message: StoredMessage) -> Bool {
        guard let userId else { return false }
        return PusherUserEvents.admits(message, user: userId, roles: userRoles, socketId: socketId)
    }

    /// The `#server-to-user-…` frame of `message` for this connection, when it takes it for its user.
    func userEventFrame(for message: StoredMessage) -> ByteBuffer? {
        guard let userId, takesForUser(message) else { return nil }
        return PusherUserEvents.frame(for: message, user: userId)
    }
}
