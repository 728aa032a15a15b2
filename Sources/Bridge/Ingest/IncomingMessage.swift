/// A decoded, validated message ready to be numbered and delivered.
struct IncomingMessage: Sendable {
    /// The wire name of the type (`ticket_assigned`, or an unknown event's own name).
    var type: String
    var knownType: MessageType?
    /// The payload clients receive, without Laravel's `socket` copy.
    var data: JSONValue
    var audience: Audience

    init(type: String, knownType: MessageType?, data: JSONValue, audience: Audience) {
        self.type = type
        self.knownType = knownType
        self.data = data
        self.audience = audience
    }
}
