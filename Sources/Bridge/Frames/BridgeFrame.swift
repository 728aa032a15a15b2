import NIOCore

/// The bridge's own frames to a client (docs/protocol.md, "Frames"), each encoded in one place
/// as a complete WebSocket text frame. Events are encoded by ``EventFrameEncoder``.
enum BridgeFrame: Sendable, Equatable {
    case welcome(sessionId: String, userId: String, expiresAt: Int64)
    case resumed(missed: Int)
    case resync
    case pong
    case error(code: String, message: String)

    /// The frame's JSON, keys sorted.
    var json: String {
        switch self {
        case .welcome(let sessionId, let userId, let expiresAt):
            return JSONText.object(["type": .string("bridge:welcome"), "session_id": .string(sessionId),
                                    "user_id": .string(userId), "expires_at": .string(JSONText.isoDate(unixSeconds: expiresAt))])
        case .resumed(let missed):
            return JSONText.object(["type": .string("bridge:resumed"), "missed": .integer(Int64(missed))])
        case .resync:
            return Self.resyncJSON
        case .pong:
            return Self.pongJSON
        case .error(let code, let message):
            return JSONText.object(["type": .string("bridge:error"), "code": .string(code), "message": .string(message)])
        }
    }

    /// The complete WebSocket frame.
    var bytes: ByteBuffer {
        switch self {
        case .resync: Self.resyncBytes
        case .pong: Self.pongBytes
        default: ServerFrame.text(json)
        }
    }

    private static let resyncJSON = JSONText.object(["type": .string("bridge:resync")])
    private static let pongJSON = JSONText.object(["type": .string("bridge:pong")])
    private static let resyncBytes = ServerFrame.text(resyncJSON)
    private static let pongBytes = ServerFrame.text(pongJSON)
}
