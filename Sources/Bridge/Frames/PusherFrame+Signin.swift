import NIOCore

/// The server frame of a successful `pusher:signin` (docs/pusher.md#user-authentication).
extension PusherFrame {
    /// `{"event":"pusher:signin_success","data":{"user_data":"<the signed JSON text>"}}`.
    static func signinSuccess(userData: String) -> ByteBuffer {
        ServerFrame.text("{\"event\":\"pusher:signin_success\",\"data\":{\"user_data\":\(JSONText.quote(userData))}}")
    }
}
