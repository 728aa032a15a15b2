/// A recently accepted message as the dashboard sees it: never its payload.
struct RecentEvent: Sendable, Equatable {
    var id: String
    var type: String
    var timestamp: String
}
