import Foundation

/// `POST /apps/{id}/users/{user}/terminate_connections` of the Pusher HTTP API, as it travels
/// through the shared log (origin `http`) so that every node closes that user's Pusher
/// connections: `{"pusher_terminate":{"user_id":"5"}}`. `/broadcast` refuses this shape.
struct UserTermination: Sendable, Equatable {
    var userId: String

    static let envelopeKey = "pusher_terminate"
    private static let envelopeStart = Array("{\"\(envelopeKey)\":".utf8)

    var logEnvelope: [UInt8] {
        Array(JSONText.object([Self.envelopeKey: .object(["user_id": .string(userId)])]).utf8)
    }

    /// Reads an envelope `logEnvelope` wrote; nil for anything else (told apart by its first bytes).
    static func fromLog(_ payload: [UInt8]) -> UserTermination? {
        guard payload.starts(with: envelopeStart), let json = try? JSONDecoder().decode(JSONValue.self, from: Data(payload)),
              case .string(let user)? = json[envelopeKey]?["user_id"], !user.isEmpty else { return nil }
        return UserTermination(userId: user)
    }
}
