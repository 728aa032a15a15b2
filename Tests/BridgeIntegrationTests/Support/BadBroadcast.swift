import Testing

/// Bodies `/broadcast` must answer 400.
enum BadBroadcast: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case malformed, array, string, noTypeNorEvent, messagesNotList, missingField

    var testDescription: String { rawValue }

    var body: [UInt8] {
        switch self {
        case .malformed: return Array("{\"type\": ".utf8)
        case .array: return Array("[{\"type\":\"ticket_created\"}]".utf8)
        case .string: return Array("\"ticket_created\"".utf8)
        case .noTypeNorEvent: return Array("{\"data\":{}}".utf8)
        case .messagesNotList: return Array("{\"messages\":{\"type\":\"x\"}}".utf8)
        case .missingField: return Envelope.listener("ticket_created", ["ticket": ["id": 1]]).bytes
        }
    }

    var field: String? { self == .missingField ? "ticket.requester_id" : nil }
}
