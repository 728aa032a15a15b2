/// A decoded, validated message ready to be numbered and delivered.
public struct IncomingMessage: Sendable {
    /// The wire name of the type (`ticket_assigned`, or an unknown event's own name).
    public var type: String
    public var knownType: MessageType?
    /// The payload clients receive, without Laravel's `socket` copy.
    public var data: JSONValue
    public var audience: Audience

    public init(type: String, knownType: MessageType?, data: JSONValue, audience: Audience) {
        self.type = type
        self.knownType = knownType
        self.data = data
        self.audience = audience
    }
}
