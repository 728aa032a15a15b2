import Foundation
import NIOCore
@testable import Bridge

/// Fuzzes `EnvelopeDecoder.decode(_:channel:)` with both envelopes (listener and Laravel).
///
/// The first input byte chooses the channel the payload "arrived on" (low three bits) and the
/// Redis prefix of the decoder (bit 3); the rest is the payload. An accepted message is also
/// asked about its audience and encoded as the event frame clients receive, which must be JSON.
enum EnvelopeFuzzer {
    /// Channels of every route kind: public, user, presence, unprefixed, and `/broadcast` (nil).
    static let channels: [String?] = [
        "ict.events",
        "laravel_database_private-App.Models.User.5",
        "presence-x",
        "orders",
        nil,
        "laravel_database_ict.events",
        "private-App.Models.User.7",
        "laravel_database_private-orders.1",
    ]

    static let decoders = [
        EnvelopeDecoder(rules: RelevanceRules(roles: RoleConfiguration()),
                        redisPrefix: "", userChannel: "App.Models.User.{id}"),
        EnvelopeDecoder(rules: RelevanceRules(roles: RoleConfiguration()),
                        redisPrefix: "laravel_database_", userChannel: "App.Models.User.{id}"),
    ]

    static func run(_ input: UnsafeRawBufferPointer) {
        guard let selector = input.first else { return }
        let channel = channels[Int(selector & 0x07)]
        let decoder = decoders[Int(selector >> 3) & 1]
        let payload = UnsafeRawBufferPointer(rebasing: input.dropFirst())
        guard case .success(let message) = decoder.decode(payload, channel: channel) else { return }
        for (user, roles) in [("5", Set<String>()), ("7", ["technician"]), ("1", ["admin"])] as [(String, Set<String>)] {
            _ = message.audience.admits(user: user, sessionRoles: roles, sessionId: "1.1")
        }
        let frame = EventFrameEncoder.encode(id: "e-1", type: message.type, timestamp: "2026-12-07T00:00:00Z",
                                             data: message.data)
        guard case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: Data(frame.readableBytesView)),
              fields["type"] == .string(message.type) else {
            fatalError("the event frame of an accepted message is not JSON with its type: \(String(buffer: frame))")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvelope(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    EnvelopeFuzzer.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
