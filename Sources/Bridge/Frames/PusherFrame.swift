import NIOCore

/// The server frames of the Pusher Channels protocol 7 (docs/pusher.md), as complete WebSocket
/// text frames. Event frames are built once per message and channel and shared by every
/// connection subscribed to it.
enum PusherFrame {
    /// `{"event":name,"channel":channel,"data":"<JSON text>"}`.
    /// With `userId`, `"user_id"` too: a client event on a presence channel names its sender.
    static func event(_ name: String, channel: String, data: String, userId: String? = nil) -> ByteBuffer {
        let sender = userId.map { ",\"user_id\":\(JSONText.quote($0))" } ?? ""
        return ServerFrame.text("{\"event\":\(JSONText.quote(name)),\"channel\":\(JSONText.quote(channel)),\"data\":\(JSONText.quote(data))\(sender)}")
    }

    static func connectionEstablished(socketId: String, activityTimeout: Int) -> ByteBuffer {
        let data = "{\"socket_id\":\(JSONText.quote(socketId)),\"activity_timeout\":\(activityTimeout)}"
        return ServerFrame.text("{\"event\":\"pusher:connection_established\",\"data\":\(JSONText.quote(data))}")
    }

    static let ping = ServerFrame.text("{\"event\":\"pusher:ping\",\"data\":\"{}\"}")
    static let pong = ServerFrame.text("{\"event\":\"pusher:pong\",\"data\":\"{}\"}")

    static func subscriptionSucceeded(channel: String) -> ByteBuffer {
        ServerFrame.text("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\(JSONText.quote(channel)),\"data\":\"{}\"}")
    }

    /// A refused subscription: `type` (`AuthError`), a message saying what to do, an HTTP-like status.
    static func subscriptionError(channel: String, type: String, error: String, status: Int) -> ByteBuffer {
        let data = "{\"type\":\(JSONText.quote(type)),\"error\":\(JSONText.quote(error)),\"status\":\(status)}"
        return ServerFrame.text("{\"event\":\"pusher:subscription_error\",\"channel\":\(JSONText.quote(channel)),\"data\":\(data)}")
    }

    /// `pusher:error` with a code of Pusher's 4000–4399 ranges, or `null` for a refused frame
    /// that leaves the connection open.
    static func error(code: UInt16?, message: String) -> ByteBuffer {
        let codeText = code.map(String.init) ?? "null"
        return ServerFrame.text("{\"event\":\"pusher:error\",\"data\":{\"code\":\(codeText),\"message\":\(JSONText.quote(message))}}")
    }
}
