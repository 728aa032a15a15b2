/// Checks the `auth` of a `pusher:subscribe` to a `private-`, `private-encrypted-` or `presence-`
/// channel: `<key>:<HMAC-SHA256 of "socket_id:channel" under the secret>`, with `:channel_data`
/// appended for presence channels (docs/pusher.md#signatures).
struct PusherChannelAuth: Sendable {
    let app: PusherApp

    /// Why `auth` does not authorise `socketId` on `channel`, or nil when it does.
    func refusal(of auth: String?, socketId: String, channel: String, channelData: String? = nil) -> String? {
        guard let auth, !auth.isEmpty else {
            return "\(channel) needs an \"auth\" from your authorisation endpoint (Laravel's /broadcasting/auth)"
        }
        let signed = channelData.map { "\(socketId):\(channel):\($0)" } ?? "\(socketId):\(channel)"
        switch PusherSignature.verdict(of: auth, for: signed, app: app) {
        case .signed:
            break
        case .foreignKey:
            return "the auth for \(channel) is not signed for this app's key; check PUSHER_APP_KEY on both sides"
        case .wrongSignature:
            let what = channelData == nil ? "\"\(socketId):\(channel)\"" : "\"\(socketId):\(channel):<channel_data>\""
            return "invalid signature for \(channel): expected the HMAC-SHA256 of \(what) under the app secret; check PUSHER_APP_SECRET on both sides"
        }
        return nil
    }

    /// The signature an authorisation endpoint answers, `<key>:<hex>` (tests and tools).
    func auth(socketId: String, channel: String) -> String {
        "\(app.key):\(PusherSignature.hex("\(socketId):\(channel)", secret: app.secret))"
    }
}
