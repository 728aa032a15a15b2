/// Why an ingested payload was refused; each reason is counted on its own (docs/protocol.md#ingest-envelopes).
enum RejectionReason: String, Sendable, CaseIterable {
    case notJSON = "not_json"
    case wrongShape = "wrong_shape"
    case missingField = "missing_field"
    case tooLarge = "too_large"
    case unroutable = "unroutable_channel"
    case reservedType = "reserved_type"
}

/// A refused payload: the reason, a message for the log or the HTTP client, and the dotted path
/// of a missing field.
struct Rejection: Error, Sendable, Equatable {
    var reason: RejectionReason
    var message: String
    var field: String?

    init(_ reason: RejectionReason, _ message: String, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}
