import Crypto
import Foundation

/// The Pusher app of the Pusher suites (docs/pusher.md): its settings as flags or Reverb's
/// environment names, and what its secret signs (channel auth, HTTP API requests), computed here
/// independently of the bridge.
enum PusherTestApp {
    static let id = "7"
    static let key = "itest-app-key"
    static let secret = "itest-app-secret-0123456789"

    /// A stack configuration serving the app, set by flags.
    static let configuration = BridgeConfiguration.standard.with {
        $0.flags = ["--pusher-app-id", id, "--pusher-app-key", key, "--pusher-app-secret", secret]
    }

    static func hmac(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    /// What an authorisation endpoint answers for a private channel.
    static func auth(socketId: String, channel: String) -> String {
        "\(key):\(hmac("\(socketId):\(channel)"))"
    }

    /// The query of a signed `POST` to the HTTP API, as the Pusher SDKs build it.
    static func signedQuery(path: String, body: [UInt8], timestamp: Int = Int(Date().timeIntervalSince1970),
                            key: String = key) -> String {
        signedQuery(method: "POST", path: path, body: body, timestamp: timestamp, key: key)
    }
}
