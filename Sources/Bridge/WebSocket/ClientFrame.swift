import Foundation
import NIOCore

/// What one complete client text message means (docs/protocol.md, "Sessions"): pure, so it is
/// tested and fuzzed without a socket.
enum ClientFrame: Equatable, Sendable {
    /// `bridge:auth`; nil when the token is missing or empty.
    case auth(token: String?)
    /// `bridge:resume`; nil when `last_id` is missing or not a string.
    case resume(lastId: String?)
    case ping
    /// A `bridge:` type the bridge does not know.
    case unknownBridgeType(String)
    /// An event type: clients cannot publish.
    case event(String)
    /// Not JSON, not an object, or without a string `type`; the reason is for the client.
    case unusable(String)
    /// Not valid UTF-8: RFC 6455 closes the connection with 1007.
    case invalidUTF8

    static func parse(_ payload: ByteBuffer) -> ClientFrame {
        let bytes = payload.readableBytesView
        guard String(validating: bytes, as: UTF8.self) != nil else { return .invalidUTF8 }
        guard let object = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)),
              case .object(let fields) = object else {
            return .unusable("frames must be JSON objects")
        }
        guard case .string(let type)? = fields["type"] else {
            return .unusable("a frame needs a string \"type\"")
        }
        switch type {
        case "bridge:ping":
            return .ping
        case "bridge:auth":
            guard case .string(let token)? = fields["token"], !token.isEmpty else { return .auth(token: nil) }
            return .auth(token: token)
        case "bridge:resume":
            guard case .string(let lastId)? = fields["last_id"] else { return .resume(lastId: nil) }
            return .resume(lastId: lastId)
        case _ where type.hasPrefix("bridge:"):
            return .unknownBridgeType(type)
        default:
            return .event(type)
        }
    }
}
