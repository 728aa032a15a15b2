/// A decoded, validated message ready to be numbered and delivered.
struct IncomingMessage: Sendable {
    /// The wire name of the type (`ticket_assigned`, or an unknown event's own name).
    var type: String
    var knownType: MessageType?
    /// The payload clients receive, without Laravel's `socket` copy.
    var data: JSONValue
    var audience: Audience
    /// What Pusher connections subscribed to its channels receive; nil when it was not published
    /// on a channel as a Laravel event, or no Pusher app is configured.
    var channelEvent: ChannelEvent?

    init(type: String, knownType: MessageType?, data: JSONValue, audience: Audience, channelEvent: ChannelEvent? = nil) {
        self.type = type
        self.knownType = knownType
        self.data = data
        self.audience = audience
        self.channelEvent = channelEvent
    }
}
