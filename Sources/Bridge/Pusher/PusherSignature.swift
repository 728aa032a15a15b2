import Crypto
import Foundation

/// The HMAC-SHA256 signatures of Pusher (docs/pusher.md#signatures): lowercase hex digests keyed
/// with the app secret, always compared in constant time.
enum PusherSignature {
    /// The hex HMAC-SHA256 of `message` under `secret`.
    static func hex(_ message: String, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// What an `auth` of the form `<key>:<hex signature>` says of `message`.
    enum Verdict: Equatable, Sendable {
        case signed
        /// Not of the form, or signed for another key.
        case foreignKey
        case wrongSignature
    }

    /// Checks `auth` (`<key>:<hex HMAC-SHA256 of message>`) against `app`, in constant time.
    static func verdict(of auth: String, for message: String, app: PusherApp) -> Verdict {
        let parts = auth.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, same(String(parts[0]), app.key) else { return .foreignKey }
        return same(String(parts[1]), hex(message, secret: app.secret)) ? .signed : .wrongSignature
    }

    /// Whether `given` equals `expected`, taking the same time whatever the first difference.
    static func same(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    /// The MD5 of `body` in lowercase hex, as `body_md5` carries it.
    static func md5(_ body: some Sequence<UInt8>) -> String {
        Insecure.MD5.hash(data: Data(body)).map { String(format: "%02x", $0) }.joined()
    }
}
