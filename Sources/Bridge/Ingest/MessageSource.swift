/// Where a message came in: a Redis channel or `POST /broadcast`.
enum MessageSource: String, Sendable, CaseIterable {
    case redis
    case broadcast
}
