/// Signs Pusher HTTP API requests as the Pusher server SDKs do: `auth_key`, `auth_timestamp`,
/// `auth_version=1.0`, `body_md5`, and `auth_signature` = hex HMAC-SHA256 under the app secret of
/// "METHOD\npath\nsorted query". Also signs presence subscriptions as an app's auth endpoint does.
public struct PusherAPISigner: Sendable {
    public let appID: String
    public let key: String
    private let secret: [UInt8]

    public init(appID: String, key: String, secret: String) {
        self.appID = appID
        self.key = key
        self.secret = Array(secret.utf8)
    }

    /// The path of the events endpoint.
    public var eventsPath: String { "/apps/\(appID)/events" }

    /// `path?query` of a signed POST of `body` to `path`.
    public func signedTarget(path: String, body: [UInt8], timestamp: Int) -> String {
        let query = "auth_key=\(key)&auth_timestamp=\(timestamp)&auth_version=1.0&body_md5=\(hexString(MD5.hash(body)))"
        let signature = hexString(SHA256.hmac(key: secret, message: Array("POST\n\(path)\n\(query)".utf8)))
        return "\(path)?\(query)&auth_signature=\(signature)"
    }

    /// `auth` of a presence subscription, as Laravel's `/broadcasting/auth` answers it:
    /// `<key>:<hex HMAC-SHA256 of "socket_id:channel:channel_data" under the secret>`.
    public func presenceAuth(socketId: String, channel: String, channelData: String) -> String {
        key + ":" + hexString(SHA256.hmac(key: secret, message: Array("\(socketId):\(channel):\(channelData)".utf8)))
    }
}
