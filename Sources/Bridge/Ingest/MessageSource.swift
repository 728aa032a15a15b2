/// Where a message came in: a Redis channel, `POST /broadcast` or the Pusher HTTP API.
enum MessageSource: String, Sendable, CaseIterable {
    case redis
    case broadcast
    case pusher
}
